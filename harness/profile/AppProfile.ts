import { z } from "zod";
import { TOPOLOGY_NAMES } from "../topology/topologies";

/**
 * An app under test, described in one file: how to start one replica, its
 * session stores and knobs, its session contract (what the scenarios send and
 * how they read the answers) and what it can tell the harness beyond HTTP.
 * This schema is the only owner of that shape: the TypeScript type is inferred
 * from it and `loadProfile` validates every profile (built-in or the user's)
 * against it, so a broken profile is one line naming the field, before anything starts.
 *
 * Strings marked "template" may hold placeholders such as `{port}`; see
 * placeholders.ts for which ones each field may use and who fills them.
 */

const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const name = (what: string) => z.string().regex(NAME, `${what} must be 1-32 of a-z, 0-9 and "-", starting with a letter`);
const template = z.string();
const statusList = z.array(z.number().int().min(100).max(599)).min(1);
const httpMethod = z.enum(["GET", "POST"]);
/** A JavaScript regular expression, as source text; checked to compile. */
export const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a valid regular expression" },
);
const envMap = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "environment names are [A-Za-z_][A-Za-z0-9_]*"), template);

/** A file rendered per replica before it starts (a php-fpm pool config, say), placeholders filled. */
const renderedFile = z.strictObject({
  /** Where it is written: a template, normally under {replicaDir}. */
  path: template,
  /** The template's file, relative to the profile's folder. */
  template: z.string().min(1),
});

/** Starting a replica as a child process (the `process` backend). */
const processLaunch = z.strictObject({
  command: template,
  args: z.array(template).default([]),
  env: envMap.default({}),
  cwd: template.optional(),
  files: z.array(renderedFile).default([]),
  /**
   * The replica exits when its stdin closes: the harness holds the other end,
   * so a harness killed outright takes its replicas with it.
   */
  stdinLifeline: z.boolean().default(false),
  /** What asks it to stop gracefully; SIGKILL follows after the grace period. php-fpm: SIGQUIT. */
  stopSignal: z.enum(["SIGTERM", "SIGQUIT", "SIGINT"]).default("SIGTERM"),
});

const readiness = z.union([
  z.strictObject({ http: z.strictObject({ path: z.string().startsWith("/"), status: statusList.default([200]) }) }),
  z.strictObject({ tcp: z.literal(true) }),
]);

/**
 * The image the Docker backend runs a replica in; the command, args and env
 * are `process`'s, with the placeholders' container values (placeholders.ts).
 */
const image = z.union([
  z.strictObject({
    /** A Dockerfile built FROM the harness's runtime image (`ARG RUNTIME` then `FROM ${RUNTIME}`): Debian with Node.js, php-fpm, nginx, redis. Relative to the profile's folder. */
    dockerfile: z.string().min(1),
    /** The build context (a template: {profileDir}, {projectRoot}); the profile's folder by default. */
    context: template.default("{profileDir}"),
  }),
  /** An image that exists already (built elsewhere, or pulled where a registry is reachable). */
  z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9._/:@-]*$/, "is an image reference such as myorg/app:1.2") }),
]);

const replica = z
  .strictObject({
    /** How to start one replica: as a child process, or (with `image`) the same command in a container. */
    process: processLaunch.optional(),
    /** What the Docker backend runs it in. */
    image: image.optional(),
    /** What nginx speaks to it: plain HTTP, or FastCGI (php-fpm). */
    protocol: z.enum(["http", "fastcgi"]).default("http"),
    /** FastCGI only: where the scripts are, as the replica sees its files (a template). */
    fastcgi: z
      .strictObject({
        documentRoot: template,
        index: z.string().default("index.php"),
        /**
         * Requests one replica serves at once (php-fpm's pm.max_children).
         * Given, nginx keeps up to this many connections to each replica
         * instead of opening one per request.
         */
        workers: z.number().int().min(1).max(4096).optional(),
      })
      .optional(),
    ready: readiness,
    /**
     * Run once per harness process before any replica starts, e.g. bundling
     * the app. A function (TypeScript profiles) or a command.
     */
    prepare: z
      .union([
        z.custom<() => Promise<void>>((v) => typeof v === "function", { message: "must be a function returning a promise" }),
        z.strictObject({ command: template, args: z.array(template).default([]) }),
      ])
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.process) ctx.addIssue({ code: "custom", path: ["process"], message: "is required: say how to start one replica as a process" });
    if (r.protocol === "fastcgi" && !r.fastcgi) ctx.addIssue({ code: "custom", path: ["fastcgi"], message: "is required when protocol is fastcgi" });
    if (r.protocol === "fastcgi" && "http" in r.ready) {
      ctx.addIssue({ code: "custom", path: ["ready"], message: "cannot be http for a FastCGI replica: use { tcp: true }" });
    }
  });

const store = z.strictObject({
  description: z.string().min(1),
  /**
   * The store topology the harness builds for it (harness/topology/): `none`
   * (the app keeps sessions itself), `redis`, `redis-replica`. Each replica
   * reaches every node the topology gives it through a Toxiproxy proxy of its own.
   */
  service: z.enum(TOPOLOGY_NAMES),
  /** Every replica sees every session. False for per-process memory or per-replica files. */
  shared: z.boolean(),
  env: envMap.default({}),
  args: z.array(template).default([]),
});

const knobValue = z.strictObject({
  description: z.string().optional(),
  env: envMap.default({}),
  args: z.array(template).default([]),
  /** This value can let a read miss the write before it, so no logout or stale-read rate is predicted. */
  opensRace: z.boolean().default(false),
});

const knob = z
  .strictObject({
    description: z.string().min(1),
    values: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "knob values are lower-case words joined by -"), knobValue),
    default: z.string(),
    /** Stores this knob is meaningful with; other stores refuse any value but the default. */
    stores: z.array(z.string()).optional(),
  })
  .superRefine((k, ctx) => {
    if (!(k.default in k.values)) ctx.addIssue({ code: "custom", path: ["default"], message: `must be one of its values (${Object.keys(k.values).join(", ")})` });
  });

/** How a successful step answers: a status and, for redirects, where to. */
const expectation = z.strictObject({ status: statusList, location: pattern.optional() });

const tokens = z.union([
  /** A dotted path to an array of strings in a JSON body, e.g. "items" or "cart.items". */
  z.strictObject({ json: z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "is a dotted path such as cart.items") }),
  /** A regular expression whose first group captures one token; applied to the whole body. */
  z.strictObject({ regex: pattern.refine((s) => new RegExp(s).exec("") === null || /\(/.test(s), "needs a capturing group") }),
]);

const session = z.strictObject({
  cookieName: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "is 1-64 of [A-Za-z0-9_.-]"),
  /** Test users: `{n}` is 1..count in both templates. */
  users: z.strictObject({ count: z.number().int().min(1).max(1_000_000), username: template, password: template }),
  login: z.strictObject({
    method: httpMethod.default("POST"),
    path: z.string().startsWith("/"),
    /** Form fields; values may use {username} and {password}. */
    fields: z.record(z.string(), template),
    success: expectation,
  }),
  /** How the app answers someone it takes for anonymous; at least one of the three. */
  anonymous: z
    .strictObject({ status: statusList.optional(), location: pattern.optional(), body: pattern.optional() })
    .refine((a) => a.status !== undefined || a.location !== undefined || a.body !== undefined, "needs status, location or body"),
  /** A page only a logged-in user sees. */
  protectedPage: z.strictObject({ path: z.string().startsWith("/"), status: statusList.default([200]) }),
  /** A write-then-redirect that adds one unique token to the session. */
  write: z.strictObject({
    method: httpMethod.default("POST"),
    path: z.string().startsWith("/"),
    /** The form field that carries the token. */
    field: z.string().min(1),
    fields: z.record(z.string(), z.string()).default({}),
    success: expectation,
  }),
  /** A page listing every token the session holds. */
  read: z.strictObject({ path: z.string().startsWith("/"), status: statusList.default([200]), tokens }),
  logout: z.strictObject({ method: httpMethod.default("POST"), path: z.string().startsWith("/"), success: expectation }),
});

const capabilities = z
  .strictObject({
    /** A response header naming the replica that answered (the harness's nginx always adds its own). */
    replicaHeader: z.string().optional(),
    /** A response header with hit | miss | none | error: what the session lookup found. */
    sessionStateHeader: z.string().optional(),
    /** A response header with the session version the request read (an integer). */
    sessionVersionHeader: z.string().optional(),
    /** Prometheus text on each replica; `counters` maps what the harness reads to the app's metric names. */
    metrics: z
      .strictObject({
        // Plain characters only: the harness's nginx hides this path from the public entry by name.
        path: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, "is a plain path such as /metrics"),
        counters: z.partialRecord(
          z.enum(["activeSessions", "lookups", "storeErrors", "logins", "logouts", "expirations", "lockWaits", "lockWaitSeconds", "lockFailures"]),
          z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "is a Prometheus metric name"),
        ),
      })
      .optional(),
  })
  .default({});

/** A deliberately weakened variant (`--weaken NAME`, repeatable): how the app is told to open one hole, for checking the audit against known answers. */
const weakness = z.strictObject({ description: z.string().min(1), env: envMap.default({}), args: z.array(template).default([]) });

/** What the session audit needs beyond the session contract. */
const audit = z
  .strictObject({
    /** A knob value that shortens the session timeouts enough to watch them expire; the audit starts a second cluster with it. */
    shortExpiry: z
      .strictObject({
        knob: z.string(),
        value: z.string(),
        idleMs: z.number().int().min(100).max(60_000),
        absoluteMs: z.number().int().min(100).max(120_000),
      })
      .optional(),
    /**
     * Where the session id sits in the cookie's value, when the value is more
     * than the id (express-session signs it: "s%3A<id>.<signature>"): a
     * regular expression whose first group is the id. The id-entropy check
     * judges that group only.
     */
    sessionIdPattern: pattern.refine((s) => /\(/.test(s), "needs a capturing group").optional(),
    /** A Domain the session cookie carries on purpose (shared with subdomains); without it the audit expects a host-only cookie. */
    cookieDomain: z.string().min(1).optional(),
  })
  .default({});

export const appProfileSchema = z
  .strictObject({
    name: name("name"),
    description: z.string().min(1),
    replica,
    stores: z.record(name("a store name"), store).refine((s) => Object.keys(s).length > 0, "needs at least one store"),
    defaultStore: z.string(),
    knobs: z.record(name("a knob name"), knob).default({}),
    session,
    capabilities,
    /** Gates for this app when the user sets none, in `--gate` syntax (e.g. "session_logouts<=0.1%"). */
    gates: z.array(z.string().min(1)).optional(),
    weaknesses: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "weakness names are lower-case words joined by -"), weakness).default({}),
    audit,
  })
  .superRefine((p, ctx) => {
    if (!(p.defaultStore in p.stores)) {
      ctx.addIssue({ code: "custom", path: ["defaultStore"], message: `must be one of the stores (${Object.keys(p.stores).join(", ")})` });
    }
    const short = p.audit.shortExpiry;
    if (short && !(p.knobs[short.knob]?.values[short.value] !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["audit", "shortExpiry"], message: `names knob value ${short.knob}=${short.value}, which the profile's knobs do not have` });
    }
    for (const [knobName, k] of Object.entries(p.knobs)) {
      for (const s of k.stores ?? []) {
        if (!(s in p.stores)) ctx.addIssue({ code: "custom", path: ["knobs", knobName, "stores"], message: `names ${JSON.stringify(s)}, which is not a store` });
      }
    }
  });

/** A profile as written (defaults may be left out). */
export type AppProfileInput = z.input<typeof appProfileSchema>;
/** A validated profile, defaults filled in. */
export type AppProfile = z.output<typeof appProfileSchema>;
export type StoreDef = AppProfile["stores"][string];
export type KnobDef = AppProfile["knobs"][string];
export type SessionContract = AppProfile["session"];
export type Capabilities = AppProfile["capabilities"];
export type ProcessLaunch = NonNullable<AppProfile["replica"]["process"]>;
export type Readiness = AppProfile["replica"]["ready"];
export type ImageSpec = NonNullable<AppProfile["replica"]["image"]>;
export type AuditHints = AppProfile["audit"];

/** Types a TypeScript profile as it is written; validation happens when it is loaded. */
/** The first store every replica shares, the default one if it is; undefined for an app with none. */
export function firstSharedStore(p: AppProfile): string | undefined {
  if (p.stores[p.defaultStore]?.shared === true) return p.defaultStore;
  return Object.entries(p.stores).find(([, s]) => s.shared)?.[0];
}

/**
 * What `npm run scenario` with no arguments compares: the app's default store
 * beside the first shared one (seed 001's "move sessions to a shared store and
 * the logouts stop"), not every store, so a topology added to an app does not
 * change the demonstration (`--compare store` runs them all).
 */
export function demoStores(p: AppProfile): string[] {
  return [...new Set([p.defaultStore, firstSharedStore(p) ?? p.defaultStore])];
}

export function defineProfile(profile: AppProfileInput): AppProfileInput {
  return profile;
}
