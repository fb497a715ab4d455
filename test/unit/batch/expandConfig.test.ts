import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandConfig } from "../../../harness/batch/expandConfig";
import { loadConfigFile } from "../../../harness/batch/loadConfigFile";
import { configFileSchema } from "../../../harness/batch/ConfigFile";

const cli = { gates: [], cwd: "/work" };

describe("expandConfig", () => {
  it("runs every combination of the matrix over the defaults, first axis slowest, named by what they set", () => {
    const c = configFileSchema.parse({ defaults: { scenario: "login-loop", duration: "5s" }, matrix: { store: ["memory", "redis"], replicas: [2, 3], fault: ["none", "latency=50ms"] } });
    const runs = expandConfig(c, "/cfg", cli);
    expect(runs).toHaveLength(8);
    expect(runs[0]).toMatchObject({ name: "store=memory · replicas=2 · no fault", store: "memory", replicas: "2", faults: [], scenario: "login-loop", duration: "5s" });
    expect(runs[7]).toMatchObject({ name: "store=redis · replicas=3 · latency=50ms", faults: ["latency=50ms"] });
  });

  it("puts listed runs first; CLI gates and baseline win; paths are the file's", () => {
    const c = configFileSchema.parse({ gates: ["session_logouts<=1%"], baseline: "base/result.json", runs: [{ name: "a", store: "redis", knobs: { commit: "after-response" } }], matrix: { knobs: { locking: ["off", "on"] } } });
    const runs = expandConfig(c, "/cfg", cli);
    expect(runs.map((r) => r.name)).toEqual(["a", "locking=off", "locking=on"]);
    expect(runs[0]).toMatchObject({ gates: ["session_logouts<=1%"], baseline: "/cfg/base/result.json", knobs: { commit: "after-response" } });
    expect(expandConfig(c, "/cfg", { gates: ["server_errors<=0"], baseline: "b.json", cwd: "/here" })[1]).toMatchObject({ gates: ["server_errors<=0"], baseline: "/here/b.json" });
  });

  it("applies a default only to the runs whose scenario takes it; a run's own flag stays, to be refused by name", () => {
    const c = configFileSchema.parse({ defaults: { views: 8, think: "20ms" }, runs: [{ scenario: "write-redirect-race", views: 3 }], matrix: { scenario: ["login-loop", "write-redirect-race"] } });
    const [own, loop, race] = expandConfig(c, "/cfg", cli);
    expect(own).toMatchObject({ scenario: "write-redirect-race", views: "3" });
    expect(loop).toMatchObject({ scenario: "login-loop", views: "8", think: "20ms" });
    expect(race).toMatchObject({ scenario: "write-redirect-race", think: "20ms" });
    expect(race).not.toHaveProperty("views");
  });

  it("refuses a matrix that multiplies past the limit", () => {
    const c = configFileSchema.parse({ matrix: { replicas: [1, 2, 3, 4, 5, 6, 7, 8], store: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] } });
    expect(() => expandConfig(c, "/cfg", cli)).toThrow(/names 72 runs: at most 64/);
  });
});

describe("loadConfigFile", () => {
  const file = (text: string, name = "session-harness.config.json"): string => {
    const dir = mkdtempSync(join(tmpdir(), "cfg-"));
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it.each([
    ["{}", /names no run: give runs/],
    ['{"runs": [{"stores": "redis"}]}', /runs\.0: unknown field stores/],
    ['{"matrix": {}}', /matrix: names no axis/],
    ['{"runs": [{"replicas": "two"}]}', /runs\.0\.replicas: must be a whole number/],
    ["{nope", /not valid JSON/],
  ])("%s → one line naming the field", async (text, message) => {
    await expect(loadConfigFile(file(text))).rejects.toThrow(message);
  });

  it("makes a path app absolute from the file's folder and leaves a built-in name alone", async () => {
    const f = file('{"app": "./shop/profile.json", "runs": [{}]}');
    expect((await loadConfigFile(f)).app).toBe(join(f, "..", "shop", "profile.json"));
    expect((await loadConfigFile(file('{"app": "php", "runs": [{}]}'))).app).toBe("php");
  });
});
