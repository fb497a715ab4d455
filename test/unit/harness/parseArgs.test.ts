import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../harness/cli/parseArgs";
import { UsageError } from "../../../harness/cli/UsageError";

const SCENARIOS = ["login-loop", "write-redirect-race"];
const SCENARIOS_WITH_TABS = [...SCENARIOS, "concurrent-tabs"];

function usageError(argv: string[]): string {
  try {
    parseArgs(argv, SCENARIOS);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseArgs", () => {
  it("with no arguments compares memory and redis on 3 replicas behind round-robin", () => {
    const cmd = parseArgs([], SCENARIOS);
    expect(cmd.kind).toBe("compare");
    if (cmd.kind !== "compare") return;
    expect(cmd.runs.map((r) => [r.scenario, r.cluster.store, r.cluster.replicas, r.cluster.lb])).toEqual([
      ["login-loop", "memory", 3, "round-robin"],
      ["login-loop", "redis", 3, "round-robin"],
    ]);
  });

  it("reads every flag of a single run", () => {
    const cmd = parseArgs(
      ["login-loop", "--store", "redis", "--replicas", "4", "--lb", "ip-hash", "--vus", "7", "--duration", "1m30s", "--views", "2"],
      SCENARIOS,
    );
    expect(cmd).toMatchObject({
      kind: "run",
      run: {
        scenario: "login-loop",
        cluster: { store: "redis", replicas: 4, lb: "ip-hash" },
        load: { vus: 7, duration: "1m30s", durationMs: 90_000, views: 2 },
      },
    });
  });

  it("--compare runs the configuration once per value of one knob", () => {
    const cmd = parseArgs(["concurrent-tabs", "--store", "redis", "--compare", "locking", "--fault", "latency=5ms"], SCENARIOS_WITH_TABS);
    expect(cmd.kind).toBe("compare");
    if (cmd.kind !== "compare") return;
    expect(cmd.runs.map((r) => [r.scenario, r.cluster.store, r.cluster.locking, r.faults.length])).toEqual([
      ["concurrent-tabs", "redis", false, 1],
      ["concurrent-tabs", "redis", true, 1],
    ]);
    const lbs = parseArgs(["--compare", "lb"], SCENARIOS);
    expect(lbs.kind === "compare" && lbs.runs.map((r) => r.cluster.lb)).toEqual(["round-robin", "ip-hash", "cookie-hash", "least-conn"]);
  });

  it("reads --think as milliseconds, 0 by default", () => {
    const think = (argv: string[]) => {
      const cmd = parseArgs(argv, SCENARIOS);
      return cmd.kind === "run" ? cmd.run.load.thinkMs : undefined;
    };
    expect(think(["login-loop"])).toBe(0);
    expect(think(["login-loop", "--think", "50ms"])).toBe(50);
    expect(think(["login-loop", "--think", "0"])).toBe(0);
  });

  it("answers --help before validating anything else", () => {
    expect(parseArgs(["--store", "nope", "--help"], SCENARIOS)).toEqual({ kind: "help" });
  });

  it.each([
    [["nope"], /unknown scenario "nope": use one of login-loop, write-redirect-race/],
    [["--store", "file"], /--store "file" is not allowed: use one of memory, redis/],
    [["--lb", "sticky"], /--lb "sticky" is not allowed: use one of round-robin, ip-hash, cookie-hash, least-conn/],
    [["--replicas", "0"], /--replicas "0" is not allowed: use a whole number from 1 to 32/],
    [["--replicas", "33"], /from 1 to 32/],
    [["--replicas", "2.5"], /from 1 to 32/],
    [["--duration", "ten"], /--duration "ten" is not a duration/],
    [["--duration", "0s"], /is not a duration/],
    [["--frobnicate"], /unknown flag --frobnicate: allowed flags are --store/],
    [["--store"], /--store needs a value/],
    [["--compare", "vus"], /--compare "vus" is not allowed: use one of store, lb, commit, locking/],
    [["--compare", "store", "--store", "redis"], /--compare store runs every store; leave out --store/],
    [["--compare", "locking"], /--compare locking needs --store redis/],
    [["--locking"], /--locking needs --store redis/],
    [["--think", "2m"], /--think "2m" is not allowed: use 0 or a duration up to 60s/],
    [["--fault", "latency=5ms"], /Redis/],
    [["--store", "redis", "--fault", "latency=5ms,target=app-9"], /app-9/],
  ])("rejects %j with one line naming the flag and what is allowed", (argv, message) => {
    const text = usageError(argv);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });
});
