import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { onPath } from "../tools/findTool";

const run = promisify(execFile);

/** A Debian package setup installs, and why the harness needs it. */
export interface AptPackage {
  name: string;
  why: string;
}

/** Everything from Debian that the harness, its tests and its example stacks run on. */
export const APT_PACKAGES: readonly AptPackage[] = [
  { name: "nginx", why: "the load balancer in front of the replicas" },
  { name: "redis-server", why: "the shared session store" },
  { name: "php-fpm", why: "the PHP example stack (examples/php)" },
  { name: "php-redis", why: "phpredis, the PHP example's Redis session handler" },
  { name: "memcached", why: "the memcached store topology's nodes" },
  { name: "php-memcached", why: "php-memcached, the PHP example's Memcached session handler" },
  { name: "docker.io", why: "the Docker engine, for --backend docker" },
  { name: "docker-compose", why: "docker-compose, to bring up the committed docker-compose.yml" },
  { name: "debootstrap", why: "to build the Docker base image locally (no image registry is reachable)" },
  { name: "chromium", why: "headless Chromium: the test that report.html's charts render, and browser scenarios" },
  { name: "openssl", why: "the certificate a --tls run makes for itself" },
  { name: "iproute2", why: "ip netns: the harness-failure test drops SYNs inside a network namespace it makes" },
  { name: "iptables", why: "the packet filter rule inside that namespace (never the machine's own rules)" },
];

/** The packages dpkg does not list as installed. */
async function missing(packages: readonly AptPackage[]): Promise<AptPackage[]> {
  const out: AptPackage[] = [];
  for (const p of packages) {
    try {
      const { stdout } = await run("dpkg-query", ["-W", "-f", "${db:Status-Status}", p.name]);
      if (stdout.trim() !== "installed") out.push(p);
    } catch {
      out.push(p);
    }
  }
  return out;
}

/** Installs the Debian packages that are missing; refuses with a reason (and what to run) when it cannot. */
export async function installAptPackages(packages: readonly AptPackage[], log: (line: string) => void): Promise<void> {
  if (!onPath("dpkg-query")) {
    log(`not a Debian system: make sure these are installed yourself: ${packages.map((p) => p.name).join(", ")}`);
    return;
  }
  const absent = await missing(packages);
  if (absent.length === 0) return;
  const names = absent.map((p) => p.name);
  const manual = `install them yourself: apt-get install ${names.join(" ")}`;
  if (!onPath("apt-get")) throw new Error(`${names.join(", ")} missing and there is no apt-get here; ${manual}`);
  if (process.getuid?.() !== 0) throw new Error(`${names.join(", ")} missing and setup is not root; ${manual}`);
  for (const p of absent) log(`installing ${p.name} with apt-get: ${p.why}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update", "-qq"], { env, maxBuffer: 64 << 20 });
  // Debian's postinst scripts may start the system services; the harness never
  // uses them (it starts its own, on free loopback ports).
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...names], { env, maxBuffer: 64 << 20 });
}
