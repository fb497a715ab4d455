import { replicaNames, type RunConfig } from "../config/RunConfig";
import { type AppProfile } from "../profile/AppProfile";
import { fastcgiKeepalive } from "./fastcgiKeepalive";
import {
  BALANCER_PART,
  FAULT_PROXY_PART,
  STORE_PART,
  type Link,
  type Part,
  type Plan,
  type ReplicaLaunch,
  type ReplicaPart,
} from "./Plan";

/** The Toxiproxy proxy between one replica and the store. */
export const linkName = (replica: string): string => `${STORE_PART}-${replica}`;

/**
 * config + profile → the parts to start. Pure: no ports, no paths of the
 * machine; a backend fills those in. The replica's command is the profile's
 * base launch with the chosen store's, knobs' and weaknesses' env and args
 * added, in that order (a later one wins on the same variable).
 */
export function buildPlan(config: RunConfig, profile: AppProfile, profileDir: string): Plan {
  const { cluster } = config;
  const store = profile.stores[cluster.store];
  const base = profile.replica.process;
  if (!store) throw new Error(`store ${cluster.store} is not in profile ${profile.name} (buildRunConfig checks this)`);
  if (!base) throw new Error(`profile ${profile.name} says no way to start a replica as a process`);
  const knobs: { env: Record<string, string>; args: string[] }[] = Object.entries(cluster.knobs).map(([name, value]) => {
    const v = profile.knobs[name]?.values[value];
    if (!v) throw new Error(`knob ${name}=${value} is not in profile ${profile.name} (buildRunConfig checks this)`);
    return v;
  });
  for (const w of cluster.weaken ?? []) {
    const v = profile.weaknesses[w];
    if (!v) throw new Error(`weakness ${w} is not in profile ${profile.name} (buildRunConfig checks this)`);
    knobs.push(v);
  }
  const hasService = store.service !== "none";
  const fastcgi = profile.replica.fastcgi;
  const names = replicaNames(cluster.replicas);
  const links: Link[] = hasService ? names.map((replica) => ({ proxy: linkName(replica), replica, to: STORE_PART })) : [];

  const launch: ReplicaLaunch = {
    command: base.command,
    args: [...base.args, ...store.args, ...knobs.flatMap((k) => k.args)],
    env: Object.assign({}, base.env, store.env, ...knobs.map((k) => k.env)) as Record<string, string>,
    ...(base.cwd === undefined ? {} : { cwd: base.cwd }),
    files: base.files,
    stdinLifeline: base.stdinLifeline,
    stopSignal: base.stopSignal,
    ...(profile.replica.image ? { image: profile.replica.image } : {}),
  };
  const replicas: ReplicaPart[] = names.map((name) => ({
    role: "replica",
    name,
    launch,
    ready: profile.replica.ready,
    ...(hasService ? { link: linkName(name) } : {}),
  }));
  const parts: Part[] = [
    ...(hasService ? ([{ role: "store", name: STORE_PART, service: "redis" }, { role: "fault-proxy", name: FAULT_PROXY_PART, links }] as const) : []),
    ...replicas,
    {
      role: "balancer",
      name: BALANCER_PART,
      lb: cluster.lb,
      buffering: cluster.proxyBuffering !== "off",
      tls: cluster.tls === true,
      cookieName: profile.session.cookieName,
      protocol: profile.replica.protocol,
      ...(fastcgi ? { fastcgi: { documentRoot: fastcgi.documentRoot, index: fastcgi.index, ...fastcgiKeepalive(config, fastcgi.workers, cluster.replicas) } } : {}),
      upstreams: names,
      hiddenPaths: profile.capabilities.metrics ? [profile.capabilities.metrics.path] : [],
      probePath: profile.session.protectedPage.path,
    },
  ];
  return {
    app: profile.name,
    parts,
    profileDir,
    cookieName: profile.session.cookieName,
    ...(profile.replica.prepare === undefined ? {} : { prepare: profile.replica.prepare }),
    ...(cluster.url === undefined ? {} : { external: { entryUrl: cluster.url, ...(cluster.toxiproxyUrl === undefined ? {} : { toxiproxyUrl: cluster.toxiproxyUrl }) } }),
  };
}
