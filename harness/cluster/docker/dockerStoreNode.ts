import { FAULT_PROXY_PART, linksFrom, type Plan, type StorePart } from "../../plan/Plan";
import { storeNodeArgs } from "../storeNode";
import { PORT, proxyPort, STORE_DIR } from "./dockerLayout";

/** A store node's container command: the topology's, with the container's addresses (replication through Toxiproxy's container). */
export function dockerNodeCommand(plan: Plan, part: StorePart): string[] {
  const link = linksFrom(plan, part.name).find((l) => l.purpose === "replication");
  const replicaof = link && { host: FAULT_PROXY_PART, port: proxyPort(plan.links, link.proxy) };
  return [part.node.program.bin, ...storeNodeArgs(part, { port: PORT.store, bind: "0.0.0.0", dir: STORE_DIR, ...(replicaof ? { replicaof } : {}) })];
}
