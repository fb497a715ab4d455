import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type AppProfile } from "./AppProfile";
import { endpointPlaceholders } from "../topology/StoreTopology";
import { allEndpointPlaceholders, topologyNamed } from "../topology/topologies";
import { LOGIN_FIELD_PLACEHOLDERS, PREPARE_PLACEHOLDERS, REPLICA_PLACEHOLDERS, SHARED_PLACEHOLDERS, unknownPlaceholder } from "./placeholders";

type Scope = Readonly<Record<string, string>>;

/** A store's fields may name what its topology gives the replicas ({store.url}, {store.readUrl}, …) and nothing else of a store. */
const storeScope = (p: AppProfile, store: string): Scope => ({ ...REPLICA_PLACEHOLDERS, ...endpointPlaceholders(topologyNamed(p.stores[store]?.service ?? "none")) });

/** A knob meant for some stores only may name what all of them give (how phpredis connects, say). */
function knobScope(p: AppProfile, stores: readonly string[] | undefined): Scope {
  if (stores === undefined || stores.length === 0) return REPLICA_PLACEHOLDERS;
  const scopes = stores.map((st) => storeScope(p, st));
  return Object.fromEntries(Object.entries(scopes[0] ?? {}).filter(([k]) => scopes.every((sc) => Object.hasOwn(sc, k))));
}

/** Every template field of a profile with the placeholders it may use. */
function* templateFields(p: AppProfile): Generator<[path: string, text: string, scope: Scope]> {
  const launch = p.replica.process;
  // The stores' own fields are the only ones that may name the store: a memory
  // store has none, so the replica's base command must not depend on one.
  if (launch) {
    yield ["replica.process.command", launch.command, REPLICA_PLACEHOLDERS];
    for (const [i, a] of launch.args.entries()) yield [`replica.process.args.${i}`, a, REPLICA_PLACEHOLDERS];
    for (const [k, v] of Object.entries(launch.env)) yield [`replica.process.env.${k}`, v, REPLICA_PLACEHOLDERS];
    if (launch.cwd !== undefined) yield ["replica.process.cwd", launch.cwd, REPLICA_PLACEHOLDERS];
    for (const [i, f] of launch.files.entries()) yield [`replica.process.files.${i}.path`, f.path, REPLICA_PLACEHOLDERS];
  }
  if (p.replica.fastcgi) yield ["replica.fastcgi.documentRoot", p.replica.fastcgi.documentRoot, SHARED_PLACEHOLDERS];
  const image = p.replica.image;
  if (image && "context" in image) yield ["replica.image.context", image.context, PREPARE_PLACEHOLDERS];
  const prepare = p.replica.prepare;
  if (prepare !== undefined && typeof prepare !== "function") {
    yield ["replica.prepare.command", prepare.command, PREPARE_PLACEHOLDERS];
    for (const [i, a] of prepare.args.entries()) yield [`replica.prepare.args.${i}`, a, PREPARE_PLACEHOLDERS];
  }
  for (const [name, s] of Object.entries(p.stores)) {
    const scope = storeScope(p, name);
    for (const [k, v] of Object.entries(s.env)) yield [`stores.${name}.env.${k}`, v, scope];
    for (const [i, a] of s.args.entries()) yield [`stores.${name}.args.${i}`, a, scope];
  }
  for (const [name, k] of Object.entries(p.knobs)) {
    const scope = knobScope(p, k.stores);
    for (const [value, v] of Object.entries(k.values)) {
      for (const [e, t] of Object.entries(v.env)) yield [`knobs.${name}.values.${value}.env.${e}`, t, scope];
      for (const [i, a] of v.args.entries()) yield [`knobs.${name}.values.${value}.args.${i}`, a, scope];
    }
  }
  for (const [name, w] of Object.entries(p.weaknesses)) {
    for (const [e, t] of Object.entries(w.env)) yield [`weaknesses.${name}.env.${e}`, t, REPLICA_PLACEHOLDERS];
    for (const [i, a] of w.args.entries()) yield [`weaknesses.${name}.args.${i}`, a, REPLICA_PLACEHOLDERS];
  }
  for (const [k, v] of Object.entries(p.session.login.fields)) yield [`session.login.fields.${k}`, v, LOGIN_FIELD_PLACEHOLDERS];
  yield ["session.users.username", p.session.users.username, { n: "" }];
  yield ["session.users.password", p.session.users.password, { n: "" }];
}

const list = (scope: Scope): string => Object.keys(scope).map((k) => `{${k}}`).join(" ");

/**
 * The first placeholder problem of a validated profile, as "field: what is
 * wrong", or undefined. Rendered files are read here too, so their
 * placeholders are checked before a replica starts.
 */
export function checkProfilePlaceholders(p: AppProfile, dir: string): string | undefined {
  for (const [path, text, scope] of templateFields(p)) {
    const bad = unknownPlaceholder(text, scope);
    if (bad !== undefined) return `${path}: unknown placeholder {${bad}}: allowed here are ${list(scope)}`;
  }
  const fileScope = { ...REPLICA_PLACEHOLDERS, ...allEndpointPlaceholders() };
  for (const [i, f] of (p.replica.process?.files ?? []).entries()) {
    const file = join(dir, f.template);
    if (!existsSync(file)) return `replica.process.files.${i}.template: no such file ${file}`;
    // Store placeholders are allowed in a file: the harness fills them only for
    // stores with a service, and says so if the chosen store has none.
    const bad = unknownPlaceholder(readFileSync(file, "utf8"), fileScope);
    if (bad !== undefined) return `replica.process.files.${i}.template: ${f.template} uses unknown placeholder {${bad}}: allowed are ${list(fileScope)}`;
  }
  if (!/\{n\}/.test(p.session.users.username)) return "session.users.username: must use {n}, or every test user would have the same name";
  return undefined;
}
