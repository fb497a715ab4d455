import { type StoreTopology } from "./StoreTopology";

/** `service: "none"`: the app keeps its sessions itself (per-process memory, per-replica files); the harness starts no store and no Toxiproxy. */
export const NO_STORE: StoreTopology = {
  name: "none",
  description: "no store service: the app keeps sessions itself",
  nodes: [],
  endpoints: [],
};
