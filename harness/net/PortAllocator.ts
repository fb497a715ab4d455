import { type PortClaims } from "./PortClaims";

export interface PortAllocatorDeps {
  claims: PortClaims;
  /** True when `port` can be bound on `host` right now. */
  canBind: (host: string, port: number) => Promise<boolean>;
  /** [floor, ceiling): where listening ports are picked. */
  range: () => [number, number];
  random?: () => number;
}

const TRIES = 200;

/**
 * Hands out listening ports that no two parts of a harness process, and no
 * two harnesses on the machine, are ever given at once: a port is held in
 * this process (synchronously, before any await, so parallel claims cannot
 * pick it twice), claimed machine-wide, and proven bindable, until released.
 * A program that is not a harness can still bind it before our child does;
 * PartLauncher restarts such a part on a new port.
 */
export class PortAllocator {
  private readonly held = new Set<number>();

  constructor(private readonly deps: PortAllocatorDeps) {}

  async claim(host = "127.0.0.1"): Promise<number> {
    const [floor, ceiling] = this.deps.range();
    const random = this.deps.random ?? Math.random;
    for (let i = 0; i < TRIES; i++) {
      const port = floor + Math.floor(random() * (ceiling - floor));
      if (this.held.has(port)) continue;
      this.held.add(port);
      if (!this.deps.claims.claim(port)) {
        this.held.delete(port);
        continue;
      }
      if (await this.deps.canBind(host, port)) return port;
      this.release(port);
    }
    throw new Error(`no free port on ${host} in ${floor}..${ceiling - 1} after ${TRIES} tries (${this.held.size} held by this harness)`);
  }

  release(port: number): void {
    if (this.held.delete(port)) this.deps.claims.release(port);
  }

  /** Every port still held: released on exit, so a finished harness leaves no claim. */
  releaseAll(): void {
    for (const port of [...this.held]) this.release(port);
  }

  get heldCount(): number {
    return this.held.size;
  }

  /** A group of ports released together: one run's cluster, one k6. */
  lease(): PortLease {
    return new PortLease(this);
  }
}

export class PortLease {
  private readonly ports = new Set<number>();

  constructor(private readonly allocator: PortAllocator) {}

  async claim(host = "127.0.0.1"): Promise<number> {
    const port = await this.allocator.claim(host);
    this.ports.add(port);
    return port;
  }

  releaseAll(): void {
    for (const port of this.ports) this.allocator.release(port);
    this.ports.clear();
  }
}
