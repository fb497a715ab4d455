import { describe, expect, it } from "vitest";
import { nginxConfig } from "../../../harness/cluster/nginxConfig";
import { LB_POLICIES, type LbPolicy } from "../../../harness/config/RunConfig";

const input = (lb: LbPolicy) => ({
  listenPort: 18080,
  upstreams: [
    { name: "app-1", port: 18081 },
    { name: "app-2", port: 18082 },
  ],
  lb,
  cookieName: "sid",
  prefixDir: "/run/x/nginx",
  logDir: "/run/x/logs",
});

const upstreamBlock = (conf: string): string => /upstream app \{([^}]*)\}/.exec(conf)?.[1] ?? "";

describe("nginxConfig", () => {
  it.each([
    ["round-robin", []],
    ["ip-hash", ["ip_hash;"]],
    ["cookie-hash", ["hash $cookie_sid consistent;"]],
    ["least-conn", ["least_conn;"]],
  ] as const)("%s puts %j in the upstream", (lb, directives) => {
    const block = upstreamBlock(nginxConfig(input(lb)));
    for (const d of directives) expect(block).toContain(d);
    expect(block).toContain("server 127.0.0.1:18081;");
    expect(block).toContain("server 127.0.0.1:18082;");
  });

  it("covers every policy the CLI accepts", () => {
    for (const lb of LB_POLICIES) expect(() => nginxConfig(input(lb))).not.toThrow();
  });

  it("listens on loopback only and keeps every path inside the run folder", () => {
    const conf = nginxConfig(input("round-robin"));
    expect(conf).toContain("listen 127.0.0.1:18080;");
    const paths = [...conf.matchAll(/ (\/[^\s;']+)/g)].map((m) => m[1] ?? "");
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) expect(p.startsWith("/run/x/")).toBe(true);
  });
});
