import { describe, expect, it } from "vitest";
import { k6Args } from "../../../harness/k6/runK6";

describe("k6Args", () => {
  it("passes the environment as -e and keeps k6 to loopback and the run's files", () => {
    const args = k6Args({
      scriptPath: "/b/login-loop.js",
      env: { BASE_URL: "http://127.0.0.1:1", REPLICA_NAMES: "app-1,app-2" },
      apiAddress: "127.0.0.1:4000",
      consolePath: "/r/k6-console.log",
    });
    expect(args.slice(0, 2)).toEqual(["run", "--no-usage-report"]);
    expect(args.join(" ")).toContain("--address 127.0.0.1:4000 --log-format json --console-output /r/k6-console.log");
    expect(args).toContain("--include-system-env-vars=false");
    expect(args.slice(-5)).toEqual(["-e", "BASE_URL=http://127.0.0.1:1", "-e", "REPLICA_NAMES=app-1,app-2", "/b/login-loop.js"]);
  });
});
