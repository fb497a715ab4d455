import { type FaultSpec } from "../config/FaultSpec";
import { type FaultSchema } from "./Fault";
import { serverListSchema, ServerListFault } from "./serverListChange";

/**
 * `remove-node,target=memcached-2[,interval=3s][,at=…]`: the node is taken
 * out of the app's server list, and the replicas are restarted one by one to
 * pick the list up, as a deploy does. The node itself keeps running. The
 * client hashes over a shorter list: sessions that were on the removed node
 * are looked up elsewhere (gone), and with modulo hashing others move too;
 * while old and new replicas serve side by side, one session can be found on
 * one replica and missing on the next.
 */
export class RemoveNodeFault extends ServerListFault {
  static readonly schema: FaultSchema = serverListSchema("listed-node");
  protected readonly listed = false;

  static describe(spec: FaultSpec): string {
    return `${spec.target} removed from the server list`;
  }
}
