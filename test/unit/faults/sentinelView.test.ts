import { describe, expect, it } from "vitest";
import { listensAt } from "../../../harness/faults/sentinelView";

describe("listensAt: the peers proxy a sentinel names", () => {
  it.each([
    ["127.0.0.1:31001", "127.0.0.1", "31001", true],
    ["127.0.0.1:31001", "127.0.0.1", "31002", false],
    ["127.0.0.2:31001", "127.0.0.1", "31001", false],
    // In a container Toxiproxy listens on every interface; the node announces the container's address.
    ["0.0.0.0:21019", "172.30.4.3", "21019", true],
    ["[::]:21019", "172.30.4.3", "21019", true],
    ["[::]:21019", "172.30.4.3", "21020", false],
    ["no-port", "127.0.0.1", "31001", false],
  ] as const)("%s for %s:%s → %s", (listen, host, port, expected) => {
    expect(listensAt(listen, host, port)).toBe(expected);
  });
});
