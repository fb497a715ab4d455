import { DEFAULT_EVICTION_POLICY, EVICTION_POLICIES } from "../config/storeMemory";
import { STORE_PERSISTENCE } from "../config/storePersistence";
import { DEFAULT_MIN_REPLICAS_MAX_LAG_S } from "../config/storeMinReplicas";
import { MAX_REDIS_REPLICAS } from "../topology/redisReplica";
import { AUDIT_SCENARIO, BROWSER_SCENARIO_PREFIX, DEFAULT_BROWSER_LOAD, DEFAULT_LOAD, DEFAULT_REPLICAS, LB_POLICIES, MAX_REPLICAS, MAX_VUS } from "../config/RunConfig";
import { SCENARIO_FLAGS } from "../config/scenarioFlags";
import { LOGIN_HOST, SITE_HOST } from "../profile/placeholders";
import { BUILTIN_PROFILES, type LoadedProfile } from "../profile/loadProfile";
import { isSwitch } from "./parseArgs";

/** The flags every load scenario takes and the audit does not, as the one table says. */
const loadOnly = (scenarios: readonly string[]): string =>
  SCENARIO_FLAGS.filter((f) => scenarios.every(f.appliesTo) && !f.appliesTo(AUDIT_SCENARIO))
    .map((f) => `--${f.flag}`)
    .join(", ");

/** A flag and its meaning in two columns; a flag too long for its column gets a line of its own. */
const flag = (left: string, right: string): string => (left.length < 38 ? `  ${left.padEnd(38)}${right}` : `  ${left}\n${" ".repeat(40)}${right}`);

/** `--help`, for the app chosen with --app (the sample app without it): its stores and knobs are flags too. */
export function helpText(scenarios: readonly string[], backends: readonly string[], loaded: LoadedProfile): string {
  const p = loaded.profile;
  const knobLines = Object.entries(p.knobs).map(([name, k]) =>
    flag(isSwitch(k) ? `--${name}` : `--${name} ${Object.keys(k.values).join("|")}`, `${k.description} (default ${k.default})`),
  );
  return `session-harness: reproduce and measure random logouts and stale session reads

Usage:
  npm run scenario                      the sample app's stores side by side (3 replicas, round-robin)
  npm run scenario -- [SCENARIO] [flags]
  npm run scenario -- [SCENARIO] [flags] --compare store|lb|KNOB
                                        one run per value of that knob, side by side
  npm run scenario -- --config FILE     the runs or matrix a config file names (docs/ci.md)

Scenarios: ${scenarios.join(", ")}
  ${AUDIT_SCENARIO}: a session-security checklist, each check PASS/FAIL/NOT APPLICABLE/INCONCLUSIVE
  with evidence and its OWASP ASVS 5.0 item (docs/session-audit.md); exits 99 on a FAIL
  ${BROWSER_SCENARIO_PREFIX}*: real Chromium users (the login form on ${LOGIN_HOST}, the app on
  ${SITE_HOST}, names that resolve to 127.0.0.1 inside that Chromium only), with k6 HTTP users
  beside them; names what the browser did with the cookie (README, "Browser scenarios")

Flags:
${flag("--app NAME|PATH", `the app under test: ${Object.keys(BUILTIN_PROFILES).join(", ")} or a profile file (default sample)`)}
${flag(`--backend ${backends.join("|")}`, "how the parts run: child processes, or containers (default process)")}
${flag("--url URL", "use a cluster someone else started (docker-compose up), entry at URL")}
${flag("--toxiproxy-url URL", "with --url: its Toxiproxy API, for faults on its Redis links")}
${flag("--replicas N", `replicas, 1..${MAX_REPLICAS} (default ${DEFAULT_REPLICAS})`)}
${flag(`--lb ${LB_POLICIES.join("|")}`, "nginx balancing (default round-robin)")}
${flag("--vus V", `virtual users, 1..${MAX_VUS} (default ${DEFAULT_LOAD.vus}); browser scenarios:`)}
${flag("", `browser users, 1..${DEFAULT_BROWSER_LOAD.maxVus} (default ${DEFAULT_BROWSER_LOAD.vus}; about one per core fits)`)}
${flag("--http-vus V", `browser scenarios: k6 HTTP users beside them (default ${DEFAULT_BROWSER_LOAD.httpVus})`)}
${flag("--tls", "nginx also serves the entry over TLS with a certificate the run makes;")}
${flag("", `browser users and ${AUDIT_SCENARIO} use it (process backend)`)}
${flag("--proxy-buffering on|off", "nginx's proxy_buffering (default on): off passes a redirect's")}
${flag("", "headers on before its body, as many proxies do")}
${flag("--duration D", `k6 duration, at least 1s, e.g. 30s, 1m30s (default ${DEFAULT_LOAD.duration})`)}
${flag("--iterations N", "a load of N iterations shared by the VUs instead of a time: the evidence")}
${flag("", "is the same size on any machine; --duration is then the most it takes")}
${flag("--views K", `login-loop: protected-page views per login, 1..100 (default ${DEFAULT_LOAD.views})`)}
${flag("--think T", "a user's pause before each action, e.g. 50ms (default 0;")}
${flag("", "never between a redirect and its follow-up)")}
${flag("--fault SPEC", "inject a fault while the load runs (repeatable), e.g.")}
${flag("", "latency=50ms,jitter=40ms,direction=upstream,target=all")}
${flag("", "latency=50ms,target=app-2,at=5s,for=10s")}
${flag("", "timeout=500ms | reset_peer | bandwidth=10 | down")}
${flag("", "kill,target=app-2,at=3s,for=2s | restart-redis,at=5s")}
${flag("", "replication-lag=100ms (a store with a replica node: redis-replica)")}
${flag("", "(faults on Redis links need a Redis store; docs/adding-a-fault.md)")}
${flag("--gate GATE", "what passes (repeatable), e.g. session_logouts<=0.1%,")}
${flag("", "http_req_duration:p(95)<200, session_logouts<=5%,abortOnFail;")}
${flag("", "default: the profile's gates, else any anomaly fails")}
${flag("--baseline PATH/result.json", "flag a regression against an earlier run (99% confidence)")}
${flag("--config FILE", "session-harness.config.{json,ts}: runs, a matrix, gates")}
${flag("-h, --help", "this text (with --app, that app's stores and knobs)")}
  A flag its scenario does not use is refused (exit 2); ${loadOnly(scenarios)}
  apply to every scenario but ${AUDIT_SCENARIO}.

App ${p.name} (${loaded.file}):
${flag(`--store ${Object.keys(p.stores).join("|")}`, `where sessions live (default ${p.defaultStore})`)}
${flag("--store-maxmemory SIZE", "a Redis store's memory limit, Redis's units: 100kb..1gb, e.g. 2mb")}
${flag("--store-policy POLICY", `what a full Redis store does (default ${DEFAULT_EVICTION_POLICY}):`)}
${flag("", EVICTION_POLICIES.join(", "))}
${flag(`--store-persistence ${STORE_PERSISTENCE.join("|")}`, "a Redis store's append-only file, fsynced every second or on")}
${flag("", "every write (default none: a restart loses every session)")}
${flag(`--store-replicas N`, `replica nodes of a redis-replica store, 1-${MAX_REDIS_REPLICAS} (default 1); the app replicas read from them in turn`)}
${flag("--store-min-replicas-to-write N", "a replicated Redis refuses writes unless N replicas have")}
${flag("--store-min-replicas-max-lag S", `the stream from the last S seconds (default ${DEFAULT_MIN_REPLICAS_MAX_LAG_S})`)}
${knobLines.length > 0 ? knobLines.join("\n") : flag("", "(no knobs)")}
${Object.keys(p.weaknesses).length > 0 ? flag("--weaken NAME", `a deliberate hole, for checking the audit (repeatable): ${Object.keys(p.weaknesses).join(", ")}`) : ""}

Each run writes reports/<run-id>/: result.json, report.md, report.html (charts), junit.xml,
history.ndjson, anomalies.ndjson, k6-summary.json and logs/; several runs also write
reports/<time>-comparison-<n>runs-<id>/ (comparison.html, junit.xml). With $GITHUB_STEP_SUMMARY
set, the verdicts are appended to it. Rebuild a report: npm run report -- reports/<run-id>/result.json

Exit codes: 0 all gates passed (a comparison without --gate, --baseline or config gates: ran
to the end) · 99 a gate failed or a regression against the baseline ·
2 bad input or missing setup (nothing started) · 1 the harness or cluster failed ·
130 interrupted (everything stopped, partial report marked aborted)
`;
}
