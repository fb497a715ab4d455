import { type RunConfig } from "../config/RunConfig";
import { type LoadedProfile } from "../profile/loadProfile";
import { readsFromReplica } from "../profile/storeEndpoints";
import { type AppInfo } from "../report/RunResult";

/** What result.json says about the app: the profile's words for the store and knobs this run used. */
export function appInfo(config: RunConfig, loaded: LoadedProfile): AppInfo {
  const { profile } = loaded;
  const store = profile.stores[config.cluster.store];
  if (!store) throw new Error(`store ${config.cluster.store} is not in profile ${profile.name}`);
  const knobs: AppInfo["knobs"] = {};
  for (const [name, value] of Object.entries(config.cluster.knobs)) {
    const knob = profile.knobs[name];
    const v = knob?.values[value];
    knobs[name] = { value, description: v?.description ?? knob?.description ?? "", opensRace: v?.opensRace ?? false };
  }
  const capabilities = Object.entries(profile.capabilities)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return {
    name: profile.name,
    source: loaded.source,
    description: profile.description,
    store: {
      name: config.cluster.store,
      description: store.description,
      service: store.service,
      shared: store.shared,
      ...(readsFromReplica(profile, loaded.dir, config.cluster.store, config.cluster.knobs) ? { replicaReads: true as const } : {}),
    },
    knobs,
    capabilities,
  };
}
