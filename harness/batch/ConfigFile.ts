import { z } from "zod";

/**
 * session-harness.config.{ts,json}: several runs, or a matrix, run by one
 * command into one comparison report with one exit code. A run's fields are
 * the CLI's flags; `defaults` fill what a run or the matrix leaves out.
 */
const count = z.union([z.number().int(), z.string().regex(/^\d+$/, "must be a whole number")]);
const runFields = {
  scenario: z.string().min(1).optional(),
  backend: z.string().min(1).optional(),
  store: z.string().min(1).optional(),
  storeMaxmemory: z.string().min(1).optional(),
  storePolicy: z.string().min(1).optional(),
  storePersistence: z.string().min(1).optional(),
  storeReplicas: count.optional(),
  storeMinReplicasToWrite: z.string().min(1).optional(),
  storeMinReplicasMaxLag: z.string().min(1).optional(),
  replicas: count.optional(),
  lb: z.string().min(1).optional(),
  proxyBuffering: z.string().min(1).optional(),
  vus: count.optional(),
  duration: z.string().min(1).optional(),
  views: count.optional(),
  iterations: count.optional(),
  httpVus: count.optional(),
  think: z.union([z.string().min(1), z.literal(0)]).optional(),
  /** A profile knob → its value (commit, locking, …). */
  knobs: z.record(z.string(), z.string()).optional(),
  /** `--fault` texts. */
  faults: z.array(z.string().min(1)).optional(),
  /** `--gate` texts: replace the config's (and the profile's) gates for this run. */
  gates: z.array(z.string().min(1)).optional(),
  /** An earlier result.json, relative to the config file. */
  baseline: z.string().min(1).optional(),
};
const run = z.strictObject({ name: z.string().min(1).optional(), ...runFields });

/** Each key one axis; the runs are every combination, in the order written. */
const matrix = z
  .strictObject({
    scenario: z.array(z.string().min(1)).min(1).optional(),
    store: z.array(z.string().min(1)).min(1).optional(),
    lb: z.array(z.string().min(1)).min(1).optional(),
    replicas: z.array(count).min(1).optional(),
    backend: z.array(z.string().min(1)).min(1).optional(),
    /** Each entry one run's faults: a fault text, a list of them, or "none". */
    fault: z.array(z.union([z.string().min(1), z.array(z.string().min(1))])).min(1).optional(),
    /** A profile knob → the values to try. */
    knobs: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), { message: "names no axis: give at least one of scenario, store, lb, replicas, backend, fault, knobs" });

export const configFileSchema = z
  .strictObject({
    /** The app under test, as `--app` takes it (a path is relative to the config file). */
    app: z.string().min(1).optional(),
    /** Gates for every run that sets none, `--gate` syntax. */
    gates: z.array(z.string().min(1)).optional(),
    baseline: z.string().min(1).optional(),
    defaults: z.strictObject(runFields).optional(),
    runs: z.array(run).min(1).optional(),
    matrix: matrix.optional(),
  })
  .refine((c) => c.runs !== undefined || c.matrix !== undefined, { message: "names no run: give runs: [...] or matrix: {...}" });

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigRun = z.infer<typeof run>;
export type ConfigMatrix = z.infer<typeof matrix>;

/** Typed authoring for session-harness.config.ts: `export default defineConfig({ … })`. */
export const defineConfig = (c: z.input<typeof configFileSchema>): z.input<typeof configFileSchema> => c;

/** Runs a config may name before it is refused as a mistake (a matrix multiplies fast). */
export const MAX_CONFIG_RUNS = 64;
