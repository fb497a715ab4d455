import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type StorePart } from "../../plan/Plan";
import { type ManagedProcess } from "../../process/ManagedProcess";
import { findTool } from "../../tools/findTool";
import { NGINX, TOXIPROXY } from "../../tools/pinnedTools";
import { waitForHttp } from "../../wait/waitStrategies";
import { nginxConfig, type NginxConfigInput } from "../nginxConfig";
import { type NodeAddresses, storeNodeArgs, storeNodeReadiness } from "../storeNode";
import { type PartLauncher } from "./PartLauncher";

/** A started infrastructure part and the loopback port it serves on. */
export interface RunningPart {
  proc: ManagedProcess;
  port: number;
  /** nginx with --tls: its TLS entry's port. */
  tlsPort?: number;
}

/**
 * A store node from its topology's description, in a folder of its own under
 * the run's. A restart passes the port it had: the proxies point there.
 * `links`: where its links listen (replication, its peers proxy, a sentinel's).
 */
export async function launchStoreNode(launcher: PartLauncher, part: StorePart, runDir: string, links: Pick<NodeAddresses, "replicaof" | "announce" | "monitor">, port?: number): Promise<RunningPart> {
  const dir = join(runDir, "stores", part.name);
  await mkdir(dir, { recursive: true });
  // A restarted sentinel keeps the config it rewrote: what it learned is its state.
  for (const f of part.node.emptyFiles ?? []) await writeFile(join(dir, f), "", { flag: "a" });
  const { proc, ports } = await launcher.launchOnPorts(
    1,
    ([p = 0]) => ({
      spec: {
        name: part.name,
        command: findTool(part.node.program),
        args: storeNodeArgs(part, { port: p, bind: "127.0.0.1", dir, ...links }),
      },
      ports: [p],
      ready: storeNodeReadiness(part, p),
    }),
    port === undefined ? undefined : [port],
  );
  return { proc, port: ports[0] ?? 0 };
}

export async function launchToxiproxy(launcher: PartLauncher, name: string): Promise<RunningPart> {
  const { proc, ports } = await launcher.launchOnPorts(1, ([port = 0]) => ({
    spec: { name, command: findTool(TOXIPROXY), args: ["-host", "127.0.0.1", "-port", String(port)] },
    ports: [port],
    ready: waitForHttp(`http://127.0.0.1:${port}/version`),
  }));
  return { proc, port: ports[0] ?? 0 };
}

/** nginx with a generated config in `<runDir>/nginx/`: nothing read from or written to /etc or /var. */
export async function launchNginx(
  launcher: PartLauncher,
  name: string,
  runDir: string,
  config: Omit<NginxConfigInput, "listen" | "prefixDir" | "logDir" | "tls">,
  tls?: { certFile: string; keyFile: string },
): Promise<RunningPart> {
  const prefixDir = join(runDir, "nginx");
  await mkdir(join(prefixDir, "tmp"), { recursive: true });
  const conf = join(prefixDir, "nginx.conf");
  const logDir = join(runDir, "logs");
  const { proc, ports } = await launcher.launchOnPorts(tls ? 2 : 1, async ([port = 0, tlsPort]) => {
    await writeFile(conf, nginxConfig({ ...config, listen: `127.0.0.1:${port}`, ...(tls && tlsPort ? { tls: { ...tls, listen: `127.0.0.1:${tlsPort}` } } : {}), prefixDir, logDir }));
    return {
      spec: { name, command: findTool(NGINX), args: ["-p", prefixDir, "-c", conf, "-e", join(logDir, "nginx-error.log")] },
      ports: tlsPort === undefined ? [port] : [port, tlsPort],
      ready: waitForHttp(`http://127.0.0.1:${port}/__harness/healthz`),
    };
  });
  const [port = 0, tlsPort] = ports;
  return { proc, port, ...(tlsPort === undefined ? {} : { tlsPort }) };
}
