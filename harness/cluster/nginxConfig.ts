import { type LbPolicy } from "../config/RunConfig";
import { type BalancerPart } from "../plan/Plan";

/**
 * The response header the harness's nginx adds to every answer that came from
 * a replica, naming it: writer → reader attribution for any app, without the
 * app's help. Absent when nginx answered without reaching one.
 */
export const REPLICA_HEADER = "X-Harness-Replica";

export interface Upstream {
  name: string;
  /** host:port as nginx reaches it. */
  address: string;
}

export interface NginxConfigInput {
  listen: string;
  upstreams: Upstream[];
  lb: LbPolicy;
  /** false: answers pass through unbuffered, headers first. */
  buffering: boolean;
  cookieName: string;
  protocol: "http" | "fastcgi";
  /** FastCGI: the scripts' folder as the replicas see it, the index script, and the connections kept per replica. */
  fastcgi?: { documentRoot: string; index: string; keptPerReplica?: number };
  /** Answered 404 on the public entry (the replicas' metrics). */
  hiddenPaths: readonly string[];
  /** A second entry over TLS (--tls): where it listens and its certificate. */
  tls?: { listen: string; certFile: string; keyFile: string };
  /** nginx's prefix folder: pid file and temp folders live here. */
  prefixDir: string;
  logDir: string;
}

/** What the plan's balancer part says of nginx's settings, the same on every backend and in the compose export. */
export function balancerSettings(b: BalancerPart): Pick<NginxConfigInput, "lb" | "buffering" | "cookieName" | "hiddenPaths" | "protocol"> {
  return { lb: b.lb, buffering: b.buffering, cookieName: b.cookieName, hiddenPaths: b.hiddenPaths, protocol: b.protocol };
}

/**
 * The balancing directive for each policy. cookie-hash keys on the session
 * cookie with a consistent ring; a request without the cookie (every login)
 * hashes the empty string, so all logins land on one replica and the session
 * then moves to wherever its new id hashes: exactly the trap a team falls into
 * when it reaches for "sticky by cookie" with per-node sessions.
 */
export function balancingDirective(lb: LbPolicy, cookieName: string): string | undefined {
  switch (lb) {
    case "round-robin":
      return undefined;
    case "ip-hash":
      return "ip_hash;";
    case "cookie-hash":
      // nginx names cookie variables with the cookie's name as is; a dot or dash would end the variable name.
      return `hash $cookie_${cookieName.replace(/[^A-Za-z0-9_]/g, "_")} consistent;`;
    case "least-conn":
      return "least_conn;";
  }
}

/**
 * A path as one nginx argument: quoted, so a checkout under "My Projects/"
 * works. nginx has no escape for "$" (it starts a variable) and the harness
 * needs none for a quote, so those are refused rather than half-handled.
 */
export function quote(s: string): string {
  if (/["$\n\\]/.test(s)) throw new Error(`nginx cannot take the path ${JSON.stringify(s)}: it holds a quote, "$", a backslash or a newline`);
  return `"${s}"`;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * $upstream_addr → replica name. After a retry (proxy_next_upstream) the
 * variable lists every address tried, comma-separated; the last one answered.
 */
function replicaMap(upstreams: Upstream[]): string[] {
  return [
    "  map $upstream_addr $harness_replica {",
    '    default "";',
    ...upstreams.map((u) => `    "~(^|, )${escapeRegex(u.address)}$" ${u.name};`),
    "  }",
  ];
}

function proxyLocation(): string[] {
  return [
    "      proxy_pass http://app;",
    "      proxy_http_version 1.1;",
    '      proxy_set_header Connection "";',
    // The Host the client sent, port included: an app comparing Origin with Host (a CSRF check) needs both sides whole.
    "      proxy_set_header Host $http_host;",
    "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "      proxy_set_header X-Forwarded-Proto $scheme;",
    // nginx's default: retry an idempotent request on the next replica when the
    // connection fails. Kept, and reported, because real deployments have it.
    "      proxy_next_upstream error timeout;",
    "      proxy_connect_timeout 1s;",
  ];
}

/** The CGI variables php-fpm needs, written out: nothing is read from /etc/nginx. */
function fastcgiLocation(documentRoot: string, index: string, keep: boolean): string[] {
  const params: [string, string][] = [
    ["SCRIPT_FILENAME", `${quote(documentRoot).slice(0, -1)}$fastcgi_script_name"`],
    ["DOCUMENT_ROOT", quote(documentRoot)],
    ["SCRIPT_NAME", "$fastcgi_script_name"],
    ["QUERY_STRING", "$query_string"],
    ["REQUEST_METHOD", "$request_method"],
    ["CONTENT_TYPE", "$content_type"],
    ["CONTENT_LENGTH", "$content_length"],
    ["REQUEST_URI", "$request_uri"],
    ["DOCUMENT_URI", "$document_uri"],
    ["SERVER_PROTOCOL", "$server_protocol"],
    ["REQUEST_SCHEME", "$scheme"],
    ["GATEWAY_INTERFACE", "CGI/1.1"],
    ["SERVER_SOFTWARE", "nginx"],
    ["REMOTE_ADDR", "$remote_addr"],
    ["REMOTE_PORT", "$remote_port"],
    ["SERVER_ADDR", "$server_addr"],
    ["SERVER_PORT", "$server_port"],
    ["SERVER_NAME", "$server_name"],
    // php-cgi refuses to run without it (a guard against direct CGI calls).
    ["REDIRECT_STATUS", "200"],
  ];
  return [
    "      fastcgi_pass app;",
    // Kept only when capped at the replica's workers (harness/plan/fastcgiKeepalive.ts):
    // a connection per request otherwise, which costs the machine a
    // connection-tracking entry for 120 s each.
    `      fastcgi_keep_conn ${keep ? "on" : "off"};`,
    `      fastcgi_index ${quote(index)};`,
    ...params.map(([k, v]) => `      fastcgi_param ${k} ${v};`),
    '      fastcgi_param HTTPS $https if_not_empty;',
    "      fastcgi_next_upstream error timeout;",
    "      fastcgi_connect_timeout 1s;",
  ];
}

/** How long nginx leaves a replica out after it failed a request. */
const FAIL_TIMEOUT_S = 1;

/**
 * The upstream's servers and its connection cache. HTTP replicas serve many
 * connections each, so 64 idle ones are kept. FastCGI replicas with a known
 * worker count get `max_conns` at that count and a cache that can hold every
 * worker's connection: nginx reuses an idle connection to the chosen replica
 * before opening one, so no connection ever waits behind a kept one.
 */
function upstreamServers(input: NginxConfigInput): string[] {
  const kept = input.protocol === "fastcgi" ? input.fastcgi?.keptPerReplica : undefined;
  const cap = kept === undefined ? "" : ` max_conns=${kept}`;
  // nginx's default, a failed replica left out for 10 s, outlasts a restart
  // many times over: a rolling restart 3 s apart had every replica out at once
  // and nginx answering "no live upstreams" to 10,780 requests while all three
  // were up. A second is about as long as a replica takes to come back.
  const servers = input.upstreams.map((u) => `    server ${u.address}${cap} max_fails=1 fail_timeout=${FAIL_TIMEOUT_S}s; # ${u.name}`);
  if (input.protocol === "http") return [...servers, "    keepalive 64;"];
  return kept === undefined ? servers : [...servers, `    keepalive ${kept * input.upstreams.length};`];
}

/** Renders a self-contained nginx.conf: nothing read from or written to /etc or /var. */
export function nginxConfig(input: NginxConfigInput): string {
  const balance = balancingDirective(input.lb, input.cookieName);
  const temp = (kind: string): string => `  ${kind}_temp_path ${quote(`${input.prefixDir}/tmp/${kind}`)};`;
  if (input.protocol === "fastcgi" && !input.fastcgi) throw new Error("nginxConfig: a FastCGI upstream needs its document root");
  const location =
    input.protocol === "fastcgi" && input.fastcgi ? fastcgiLocation(input.fastcgi.documentRoot, input.fastcgi.index, input.fastcgi.keptPerReplica !== undefined) : proxyLocation();
  return [
    "# Generated by session-harness for one run; edits are overwritten.",
    // One worker: round-robin state is per worker, so one worker makes the
    // rotation exact and the expected (N-1)/N logout rate of per-node sessions exact too.
    "worker_processes 1;",
    "daemon off;",
    `pid ${quote(`${input.prefixDir}/nginx.pid`)};`,
    `error_log ${quote(`${input.logDir}/nginx-error.log`)} warn;`,
    "events { worker_connections 4096; }",
    "http {",
    `  log_format upstream '$msec $request_method $uri $status $upstream_addr $upstream_response_time';`,
    `  access_log ${quote(`${input.logDir}/nginx-access.log`)} upstream buffer=64k flush=1s;`,
    temp("client_body"),
    temp("proxy"),
    temp("fastcgi"),
    temp("uwsgi"),
    temp("scgi"),
    ...replicaMap(input.upstreams),
    "  upstream app {",
    ...(balance ? [`    ${balance}`] : []),
    ...upstreamServers(input),
    "  }",
    "  server {",
    `    listen ${input.listen};`,
    ...(input.tls ? [`    listen ${input.tls.listen} ssl;`, `    ssl_certificate ${quote(input.tls.certFile)};`, `    ssl_certificate_key ${quote(input.tls.keyFile)};`] : []),
    "    location = /__harness/healthz {",
    "      access_log off;",
    '      return 200 "ok\\n";',
    "    }",
    ...input.hiddenPaths.flatMap((path) => [`    location = ${path} {`, "      return 404;", "    }"]),
    "    location / {",
    `      add_header ${REPLICA_HEADER} $harness_replica always;`,
    ...location,
    // Buffered (nginx's default), a small answer leaves whole: its headers wait for its body.
    ...(input.buffering ? [] : [input.protocol === "fastcgi" ? "      fastcgi_buffering off;" : "      proxy_buffering off;"]),
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}
