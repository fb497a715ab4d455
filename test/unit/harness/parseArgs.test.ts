import { describe, expect, it } from "vitest";
import { appArgument, parseArgs } from "../../../harness/cli/parseArgs";
import { UsageError } from "../../../harness/errors/UsageError";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";

const sample = await loadProfile("sample");
const parse = (argv: string[]) => parseArgs(argv, sample.profile);

/** parse, then build, as the CLI does: the message a user sees. */
function usageError(argv: string[]): string {
  try {
    const cmd = parse(argv);
    for (const run of cmd.kind === "run" ? [cmd.run] : cmd.kind === "compare" ? cmd.runs : []) buildRunConfig(run, sample);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("parseArgs", () => {
  it("with no arguments compares the app's stores", () => {
    expect(parse([])).toEqual({ kind: "compare", knob: "store", runs: [{ store: "memory" }, { store: "redis" }] });
  });

  it("reads every flag of a single run, knobs from the app's profile", () => {
    const cmd = parse(["write-redirect-race", "--store", "redis", "--replicas", "4", "--lb", "ip-hash", "--vus", "7", "--duration", "1m30s", "--views", "2", "--commit", "after-response", "--locking"]);
    expect(cmd).toEqual({
      kind: "run",
      run: { scenario: "write-redirect-race", store: "redis", replicas: "4", lb: "ip-hash", vus: "7", duration: "1m30s", views: "2", knobs: { commit: "after-response", locking: "on" }, faults: [] },
    });
  });

  it("a switch knob alone is on, and takes on or off", () => {
    const knobs = (argv: string[]) => {
      const cmd = parse(argv);
      return cmd.kind === "run" ? cmd.run.knobs : undefined;
    };
    expect(knobs(["--locking"])).toEqual({ locking: "on" });
    expect(knobs(["--locking", "off"])).toEqual({ locking: "off" });
    expect(knobs(["--locking", "--store", "redis"])).toEqual({ locking: "on" });
    expect(knobs(["login-loop"])).toEqual({});
  });

  it("--compare runs the configuration once per value of one knob", () => {
    const cmd = parse(["concurrent-tabs", "--store", "redis", "--compare", "locking", "--fault", "latency=5ms"]);
    expect(cmd.kind === "compare" && cmd.runs.map((r) => [r.scenario, r.store, r.knobs?.locking, r.faults?.length])).toEqual([
      ["concurrent-tabs", "redis", "off", 1],
      ["concurrent-tabs", "redis", "on", 1],
    ]);
    const lbs = parse(["--compare", "lb"]);
    expect(lbs.kind === "compare" && lbs.runs.map((r) => r.lb)).toEqual(["round-robin", "ip-hash", "cookie-hash", "least-conn"]);
  });

  it("finds --app before the flags of its profile are known", () => {
    expect(appArgument(["login-loop", "--app", "php", "--store", "files"])).toBe("php");
    expect(appArgument(["--app=examples/x/profile.json"])).toBe("examples/x/profile.json");
    expect(appArgument(["login-loop"])).toBeUndefined();
  });

  it("answers --help before validating anything else", () => {
    expect(parse(["--store", "nope", "--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [["nope"], /unknown scenario "nope": use one of browser-login-loop, concurrent-tabs, login-loop, write-redirect-race/],
    [["--store", "file"], /--store "file" is not allowed for app sample: use one of memory, redis/],
    [["--lb", "sticky"], /--lb "sticky" is not allowed: use one of round-robin, ip-hash, cookie-hash, least-conn/],
    [["--replicas", "0"], /--replicas "0" is not allowed: use a whole number from 1 to 32/],
    [["--replicas", "-1"], /--replicas "-1" is not allowed: use a whole number from 1 to 32/],
    [["--replicas", "2.5"], /from 1 to 32/],
    [["--duration", "ten"], /--duration "ten" is not a duration/],
    [["--duration", "-5s"], /--duration "-5s" is not a duration/],
    [["--duration", "0s"], /is not a duration/],
    [["--frobnicate"], /unknown flag --frobnicate: allowed flags are --app/],
    [["--store"], /--store needs a value/],
    [["--store", "redis", "--store", "memory"], /--store given 2 times: give it once/],
    [["--compare", "vus"], /--compare "vus" is not allowed: use one of store, lb, commit, cookie-fault, secret, redis-wait, expiry, locking/],
    [["--compare", "store", "--store", "redis"], /--compare store runs every store; leave out --store/],
    [["--compare", "locking"], /--locking on needs --store redis/],
    [["--locking"], /--locking on needs --store redis \(app sample\)/],
    [["--think", "2m"], /--think "2m" is not allowed: use 0 or a duration up to 60s/],
    [["--fault", "latency=5ms"], /Redis/],
    [["--store", "redis", "--fault", "latency=5ms,target=app-9"], /app-9/],
  ])("rejects %j with one line naming the flag and what is allowed", (argv, message) => {
    const text = usageError(argv);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });
});
