import { type FaultSpec } from "../config/FaultSpec";
import { type FaultSchema } from "./Fault";
import { serverListSchema, ServerListFault } from "./serverListChange";

/**
 * `add-node,target=memcached-3[,interval=3s][,at=…]`: the topology's spare
 * node (running, empty, in no list) is added to the app's server list, and
 * the replicas are restarted one by one to pick it up. Nothing is lost from
 * any node, yet sessions vanish: the client hashes over a longer list, and
 * every session whose key now maps to another node is looked up where it
 * never was.
 */
export class AddNodeFault extends ServerListFault {
  static readonly schema: FaultSchema = serverListSchema("spare-node");
  protected readonly listed = true;

  static describe(spec: FaultSpec): string {
    return `${spec.target} added to the server list`;
  }
}
