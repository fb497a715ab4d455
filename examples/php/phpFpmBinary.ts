import { readdirSync } from "node:fs";

/**
 * Debian names the binary after its version (/usr/sbin/php-fpm8.2). Take an
 * unversioned php-fpm if the admin made one, else the newest versioned one;
 * "php-fpm8.2" (looked up on PATH and sbin by the harness) if none is found.
 */
export function phpFpmBinary(): string {
  let names: string[] = [];
  try {
    names = readdirSync("/usr/sbin").filter((n) => /^php-fpm(\d+(\.\d+)*)?$/.test(n));
  } catch {
    // No /usr/sbin: fall through to the name.
  }
  const version = (n: string): number[] => (n.match(/\d+/g) ?? []).map(Number);
  const newestFirst = (a: string, b: string): number => {
    const [va, vb] = [version(a), version(b)];
    if (va.length === 0 || vb.length === 0) return va.length - vb.length; // unversioned first
    for (let i = 0; i < Math.max(va.length, vb.length); i++) {
      const d = (vb[i] ?? 0) - (va[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  const best = names.sort(newestFirst)[0];
  return best === undefined ? "php-fpm8.2" : `/usr/sbin/${best}`;
}
