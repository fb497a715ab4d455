import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ELSEWHERE_HOST, SITE_HOST } from "../../profile/placeholders";

const run = promisify(execFile);

/** A TLS certificate made for one run, trusted by nothing but the browsers that run starts. */
export interface ThrowawayCertificate {
  certFile: string;
  keyFile: string;
  /** The CA that signed it (kept with the run for a reader who wants to look). */
  caFile: string;
  /**
   * base64 SHA-256 of the certificate's public key: Chromium's
   * --ignore-certificate-errors-spki-list trusts exactly this key, so nothing
   * is installed system-wide and no other certificate is let through.
   */
  spkiSha256: string;
}

/** Every name a run serves over TLS. */
export const TLS_NAMES = [SITE_HOST, `*.${SITE_HOST}`, ELSEWHERE_HOST, "localhost"];

/**
 * A CA and a server certificate for TLS_NAMES and 127.0.0.1, made with
 * openssl in `dir`, valid for a day, P-256 keys (quick to make). The CA's key
 * signs one certificate and is never used again.
 */
export async function makeThrowawayCertificate(dir: string): Promise<ThrowawayCertificate> {
  await mkdir(dir, { recursive: true });
  const f = (name: string): string => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await run("openssl", ["req", "-x509", ...ec, "-keyout", f("ca.key"), "-out", f("ca.crt"), "-days", "1", "-subj", "/CN=session-harness throwaway CA"]);
  await run("openssl", ["req", ...ec, "-keyout", f("server.key"), "-out", f("server.csr"), "-subj", `/CN=${SITE_HOST}`]);
  const san = [...TLS_NAMES.map((n) => `DNS:${n}`), "IP:127.0.0.1"].join(",");
  await writeFile(f("server.ext"), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  await run("openssl", ["x509", "-req", "-in", f("server.csr"), "-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f("server.crt"), "-days", "1", "-extfile", f("server.ext")]);
  const cert = new X509Certificate(await readFile(f("server.crt")));
  const spki = cert.publicKey.export({ type: "spki", format: "der" });
  return { certFile: f("server.crt"), keyFile: f("server.key"), caFile: f("ca.crt"), spkiSha256: createHash("sha256").update(spki).digest("base64") };
}
