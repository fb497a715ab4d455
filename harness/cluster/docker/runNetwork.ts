import type Docker from "dockerode";
import { dockerClient } from "./dockerClient";

/** A bridge network of one run, with a /24 of its own so each part has a fixed address. */
export interface RunNetwork {
  network: Docker.Network;
  name: string;
  subnet: string;
  /** The address of host number `n` (2..254) in the subnet. */
  ip(n: number): string;
}

/**
 * Creates the run's network. Fixed addresses are what make nginx's
 * upstreams and its replica map survive a replica being killed and started
 * again; Docker gives fixed addresses only on a network whose subnet was
 * chosen, so a free /24 in 10.213.0.0/16 is picked (another run, or another
 * network, may hold one: the next is tried).
 */
export async function createRunNetwork(runId: string, labels: Record<string, string>, random: () => number = Math.random): Promise<RunNetwork> {
  const name = `session-harness-${runId}`;
  const start = Math.floor(random() * 250) + 2;
  let lastError: unknown;
  for (let i = 0; i < 20; i++) {
    const third = ((start + i * 37) % 250) + 2;
    const subnet = `10.213.${third}.0/24`;
    try {
      const network = await dockerClient().createNetwork({
        Name: name,
        Driver: "bridge",
        Labels: labels,
        CheckDuplicate: true,
        IPAM: { Driver: "default", Config: [{ Subnet: subnet, Gateway: `10.213.${third}.1` }] },
      });
      return { network, name, subnet, ip: (n) => `10.213.${third}.${n}` };
    } catch (err) {
      lastError = err;
      if (!/overlap|already/i.test((err as Error).message)) throw err;
    }
  }
  throw new Error(`no free subnet for the run's network in 10.213.0.0/16: ${(lastError as Error).message}`);
}
