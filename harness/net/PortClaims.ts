import { mkdirSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSameProcessAlive, procStartTime } from "../process/procStartTime";

/** A claim on a port that every harness on the machine respects. */
export interface PortClaims {
  /** True when this owner now holds `port`; false when a live owner already does. */
  claim(port: number): boolean;
  release(port: number): void;
}

export interface ClaimOwner {
  pid: number;
  startTime: string | undefined;
}

const ownerName = (o: ClaimOwner): string => `${o.pid}-${o.startTime ?? "unknown"}`;

function parseOwner(name: string): ClaimOwner | undefined {
  const m = /^(\d+)-(.+)$/.exec(name);
  return m ? { pid: Number(m[1]), startTime: m[2] === "unknown" ? undefined : m[2] } : undefined;
}

/**
 * Claims as files, `<dir>/<port>/<pid>-<starttime>`: each harness writes
 * only its own file and then looks for a live rival's. Two harnesses racing
 * for one port both see each other and both move on; a dead owner's file
 * (a SIGKILLed harness) is ignored and removed by whoever meets it, which can
 * never remove a live claim. No lock, no rename dance, nothing to go stale.
 */
export class LockFileClaims implements PortClaims {
  constructor(
    private readonly dir: string,
    private readonly owner: ClaimOwner = { pid: process.pid, startTime: procStartTime(process.pid) },
    private readonly alive: (o: ClaimOwner) => boolean = (o) => isSameProcessAlive(o.pid, o.startTime),
  ) {}

  claim(port: number): boolean {
    const portDir = join(this.dir, String(port));
    mkdirSync(portDir, { recursive: true });
    const mine = ownerName(this.owner);
    writeFileSync(join(portDir, mine), "");
    for (const name of readdirSync(portDir)) {
      if (name === mine) continue;
      const other = parseOwner(name);
      if (other && this.alive(other)) {
        this.release(port);
        return false;
      }
      tryUnlink(join(portDir, name));
    }
    return true;
  }

  release(port: number): void {
    const portDir = join(this.dir, String(port));
    tryUnlink(join(portDir, ownerName(this.owner)));
    try {
      rmdirSync(portDir);
    } catch {
      // Another harness holds or is claiming it: its folder stays.
    }
  }
}

/**
 * Removes the claims of harnesses that are gone (`npm run sweep`): they are
 * ignored anyway, this only tidies the folder. Returns how many were removed.
 */
export function pruneDeadClaims(dir: string, alive: (o: ClaimOwner) => boolean = (o) => isSameProcessAlive(o.pid, o.startTime)): number {
  let removed = 0;
  let ports: string[];
  try {
    ports = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const port of ports) {
    const portDir = join(dir, port);
    try {
      for (const name of readdirSync(portDir)) {
        const owner = parseOwner(name);
        if (owner && alive(owner)) continue;
        tryUnlink(join(portDir, name));
        removed++;
      }
      rmdirSync(portDir);
    } catch {
      // Not a folder, or a live claim keeps it.
    }
  }
  return removed;
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
