import { stringify } from "yaml";
import { balancerPart, faultProxyPart, linksFrom, replicaParts, storeParts, uniqueLinks, type Plan } from "../../plan/Plan";
import { balancerSettings, nginxConfig } from "../nginxConfig";
import { CONTAINER, HOST, PORT, proxyPort, storeNodeHost } from "./dockerLayout";
import { replicaCommand } from "./dockerReplica";
import { dockerNodeCommand } from "./dockerStoreNode";

/** The compose network's /24: fixed, as the harness's own runs pick one each. */
export const COMPOSE_SUBNET = "10.213.250";

/** The stable tags setup gives the images docker-compose.yml runs. */
export const COMPOSE_IMAGES = { runtime: "session-harness/runtime:local", app: (app: string) => `session-harness/app-${app}:local` } as const;

export interface ComposeFiles {
  "docker-compose.yml": string;
  "docker/nginx.conf": string;
  "docker/toxiproxy.json": string;
}

const HEADER = `# Generated from the harness's own Docker plan by \`npm run compose\` (sample app,
# Redis store, 3 replicas, round-robin): the same parts, addresses, nginx config
# and Toxiproxy proxies as \`npm run scenario -- --backend docker --store redis\`.
# A test fails when this file and the plan disagree; edit the generator
# (harness/cluster/docker/composeFiles.ts), not this file.
#
#   npm run setup                           # builds the images it names (no registry needed)
#   docker-compose up -d                    # or: docker compose up -d
#   npm run scenario -- write-redirect-race --store redis --url http://127.0.0.1:8080 \\
#       --toxiproxy-url http://127.0.0.1:8474 --fault latency=50ms,jitter=40ms,direction=upstream
#   docker-compose down
#
# Ports on 127.0.0.1 only: SESSION_HARNESS_PORT (8080) and SESSION_HARNESS_TOXIPROXY_PORT (8474).
`;

/** A value compose must pass on as it is: it substitutes `$VAR` (a sentinel's `sh -c … "$@"`) unless written `$$`. */
const literal = (s: string): string => s.replaceAll("$", "$$$$");

/** docker-compose.yml and the two files it mounts, for `plan` (a Redis-backed store, so faults have links). Pure. */
export function composeFiles(plan: Plan): ComposeFiles {
  const nodes = storeParts(plan);
  const proxy = faultProxyPart(plan);
  if (nodes.length === 0 || !proxy) throw new Error("the compose file describes a cluster with a store: plan one whose store has a topology");
  const ip = (n: number): string => `${COMPOSE_SUBNET}.${n}`;
  const net = (n: number) => ({ harness: { ipv4_address: ip(n) } });
  const replicas = replicaParts(plan);
  const services: Record<string, object> = {};
  // Toxiproxy's config file makes every proxy at its start, so a node that replicates through one waits for it.
  for (const [i, node] of nodes.entries()) {
    const replicates = linksFrom(plan, node.name).length > 0;
    services[node.name] = { image: COMPOSE_IMAGES.runtime, command: dockerNodeCommand(plan, node, ip(HOST.toxiproxy)).map(literal), init: true, ...(replicates ? { depends_on: [proxy.name] } : {}), networks: net(storeNodeHost(i)) };
  }
  Object.assign(services, {
    [proxy.name]: {
      image: COMPOSE_IMAGES.runtime,
      command: ["toxiproxy-server", "-host", "0.0.0.0", "-port", String(PORT.toxiproxy), "-config", "/harness/toxiproxy.json"],
      init: true,
      volumes: ["./docker/toxiproxy.json:/harness/toxiproxy.json:ro"],
      ports: [`127.0.0.1:\${SESSION_HARNESS_TOXIPROXY_PORT:-${PORT.toxiproxy}}:${PORT.toxiproxy}`],
      depends_on: nodes.filter((n) => linksFrom(plan, n.name).length === 0).map((n) => n.name),
      networks: net(HOST.toxiproxy),
    },
  });
  for (const [i, part] of replicas.entries()) {
    const cmd = replicaCommand(plan, part, ip(HOST.toxiproxy));
    services[part.name] = {
      image: COMPOSE_IMAGES.app(plan.app),
      command: cmd.Cmd.map(literal),
      environment: Object.fromEntries(cmd.Env.map((e) => [e.slice(0, e.indexOf("=")), literal(e.slice(e.indexOf("=") + 1))])),
      stop_signal: cmd.StopSignal,
      stdin_open: cmd.OpenStdin,
      init: true,
      depends_on: [proxy.name],
      networks: net(HOST.firstReplica + i),
    };
  }
  const balancer = balancerPart(plan);
  services[balancer.name] = {
    image: COMPOSE_IMAGES.runtime,
    command: ["sh", "-c", "mkdir -p /tmp/nginx/tmp && exec nginx -p /tmp/nginx -c /harness/nginx.conf -e /dev/stderr"],
    init: true,
    volumes: ["./docker/nginx.conf:/harness/nginx.conf:ro"],
    ports: [`127.0.0.1:\${SESSION_HARNESS_PORT:-8080}:${PORT.nginx}`],
    depends_on: replicas.map((r) => r.name),
    networks: net(HOST.nginx),
  };
  const compose = { version: "3.8", services, networks: { harness: { ipam: { config: [{ subnet: `${COMPOSE_SUBNET}.0/24` }] } } } };
  const nginx = nginxConfig({
    listen: `0.0.0.0:${PORT.nginx}`,
    upstreams: replicas.map((r, i) => ({ name: r.name, address: `${ip(HOST.firstReplica + i)}:${CONTAINER.port}` })),
    ...balancerSettings(balancer),
    prefixDir: "/tmp/nginx",
    logDir: "/tmp/nginx",
  });
  const toxiproxy = uniqueLinks(plan.links).map((l) => ({ name: l.proxy, listen: `0.0.0.0:${proxyPort(plan.links, l.proxy)}`, upstream: `${l.to}:${PORT.store}`, enabled: true }));
  return {
    // YAML 1.1, as docker-compose 1.29 (PyYAML) reads it: a bare no would be false there.
    "docker-compose.yml": HEADER + stringify(compose, { lineWidth: 0, version: "1.1" }),
    "docker/nginx.conf": nginx,
    "docker/toxiproxy.json": JSON.stringify(toxiproxy, null, 2) + "\n",
  };
}
