import { describe, expect, it } from "vitest";
import { describeFault } from "../../../harness/faults/faults";
import { faultSpec } from "../support/faultSpecs";

const label = (text: string): string => describeFault(faultSpec(text, ["app-1", "app-2"]));

describe("describeFault", () => {
  it.each([
    ["latency=50ms,jitter=40ms,target=app-2", "latency 50 ms ±40 ms on both directions of app-2's Redis link (+100 ms per round trip)"],
    ["latency=30ms,direction=upstream", "latency 30 ms on app→Redis (upstream) of every replica's Redis link (+30 ms per round trip)"],
    ["latency=1500ms,direction=downstream", "latency 1.5 s on Redis→app (downstream) of every replica's Redis link (+1.5 s per round trip)"],
    ["timeout=500ms,target=app-1", "timeout 500 ms on both directions of app-1's Redis link (data dropped, connections closed after 500 ms without data)"],
    ["timeout=0,direction=upstream", "timeout on app→Redis (upstream) of every replica's Redis link (data dropped, connections held open)"],
    ["reset_peer", "reset_peer on both directions of every replica's Redis link (connections reset on their next data)"],
    ["reset_peer=100ms,target=app-2", "reset_peer on both directions of app-2's Redis link (connections reset 100 ms after their next data)"],
    ["bandwidth=10,direction=downstream", "bandwidth 10 KB/s on Redis→app (downstream) of every replica's Redis link"],
    ["down,target=app-2", "app-2's Redis link down (proxy disabled: connections closed, new ones refused)"],
    ["down", "every replica's Redis link down (proxy disabled: connections closed, new ones refused)"],
    ["kill,target=app-2,for=5s", "app-2 killed (SIGKILL), restarted after 5 s"],
    ["kill,target=app-1", "app-1 killed (SIGKILL), not restarted before the run ends"],
    ["restart-redis,at=3s", "Redis killed (SIGKILL) and restarted"],
  ])("%s", (text, expected) => expect(label(text)).toBe(expected));
});
