import { type StoreTopology } from "../topology/StoreTopology";

/**
 * Which store nodes the app's server list names now (`{store.servers}`). It
 * starts as the topology says (every node but its spares) and changes when
 * remove-node or add-node says so; a replica started after a change is given
 * the new list, one already running keeps the list it started with, as an
 * app that reads its configuration at boot does. Both backends keep one per
 * run and fill each replica's list from it.
 */
export class StoreListing {
  private readonly out: Set<string>;
  private changes = 0;

  constructor(topology: StoreTopology) {
    this.out = new Set(topology.nodes.filter((n) => n.spare === true).map((n) => n.name));
  }

  /** Counts the changes: a replica started under an older version holds an older list. */
  get version(): number {
    return this.changes;
  }

  listed(node: string): boolean {
    return !this.out.has(node);
  }

  /** The nodes left out of the list now. */
  unlisted(): ReadonlySet<string> {
    return this.out;
  }

  set(node: string, listed: boolean): void {
    if (this.listed(node) === listed) return;
    if (listed) this.out.delete(node);
    else this.out.add(node);
    this.changes++;
  }
}
