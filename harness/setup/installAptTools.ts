import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { onPath } from "../tools/findTool";
import { type AptTool } from "../tools/pinnedTools";

const run = promisify(execFile);

/** Installs the Debian packages of the tools that are missing; refuses with a reason when it cannot. */
export async function installAptTools(tools: readonly AptTool[], log: (line: string) => void): Promise<void> {
  const missing = tools.filter((t) => !onPath(t.bin));
  if (missing.length === 0) return;
  const packages = missing.map((t) => t.aptPackage);
  const manual = `install them yourself: apt-get install ${packages.join(" ")}`;
  if (!onPath("apt-get")) throw new Error(`${packages.join(", ")} missing and there is no apt-get here; ${manual}`);
  if (process.getuid?.() !== 0) throw new Error(`${packages.join(", ")} missing and setup is not root; ${manual}`);
  log(`installing ${packages.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update", "-qq"], { env, maxBuffer: 64 << 20 });
  // Debian's postinst scripts try to start the system services; the harness
  // never uses them (it starts its own on free loopback ports).
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { env, maxBuffer: 64 << 20 });
}
