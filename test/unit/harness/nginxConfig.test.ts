import { describe, expect, it } from "vitest";
import { balancingDirective, nginxConfig, REPLICA_HEADER, type NginxConfigInput } from "../../../harness/cluster/nginxConfig";
import { LB_POLICIES, type LbPolicy } from "../../../harness/config/RunConfig";

const input = (lb: LbPolicy, over: Partial<NginxConfigInput> = {}): NginxConfigInput => ({
  listen: "127.0.0.1:18080",
  upstreams: [
    { name: "app-1", address: "127.0.0.1:18081" },
    { name: "app-2", address: "127.0.0.1:18082" },
  ],
  lb,
  buffering: true,
  cookieName: "sid",
  hiddenPaths: ["/metrics"],
  protocol: "http",
  prefixDir: "/run/x/nginx",
  logDir: "/run/x/logs",
  ...over,
});

const block = (conf: string, name: string): string => new RegExp(`${name} \\{([^}]*)\\}`).exec(conf)?.[1] ?? "";

describe("nginxConfig", () => {
  it.each([
    ["round-robin", []],
    ["ip-hash", ["ip_hash;"]],
    ["cookie-hash", ["hash $cookie_sid consistent;"]],
    ["least-conn", ["least_conn;"]],
  ] as const)("%s puts %j in the upstream", (lb, directives) => {
    const upstream = block(nginxConfig(input(lb)), "upstream app");
    for (const d of directives) expect(upstream).toContain(d);
    expect(upstream).toContain("server 127.0.0.1:18081 max_fails=1 fail_timeout=1s; # app-1");
    expect(upstream).toContain("server 127.0.0.1:18082 max_fails=1 fail_timeout=1s; # app-2");
  });

  it("hides the replicas' metrics on the public entry and forwards the Host with its port", () => {
    const conf = nginxConfig(input("round-robin"));
    expect(conf).toContain(`location = /metrics {\n      return 404;`);
    expect(conf).toContain("proxy_set_header Host $http_host;");
  });

  it("covers every policy the CLI accepts", () => {
    for (const lb of LB_POLICIES) expect(() => nginxConfig(input(lb))).not.toThrow();
  });

  it("hashes a cookie whose name nginx cannot spell as a variable (connect.sid)", () => {
    expect(balancingDirective("cookie-hash", "connect.sid")).toBe("hash $cookie_connect_sid consistent;");
  });

  it("names the replica that answered, the last one tried after a retry", () => {
    const conf = nginxConfig(input("round-robin"));
    const map = block(conf, "map \\$upstream_addr \\$harness_replica");
    expect(map).toContain('"~(^|, )127\\.0\\.0\\.1:18081$" app-1;');
    const pattern = /"~(.*)" app-1;/.exec(map)?.[1] ?? "";
    expect(new RegExp(pattern).test("127.0.0.1:18081")).toBe(true);
    expect(new RegExp(pattern).test("127.0.0.1:18082, 127.0.0.1:18081")).toBe(true);
    expect(new RegExp(pattern).test("127.0.0.1:18081, 127.0.0.1:18082")).toBe(false);
    expect(new RegExp(pattern).test("127.0.0.1:180811")).toBe(false);
    expect(conf).toContain(`add_header ${REPLICA_HEADER} $harness_replica always;`);
  });

  it("listens on loopback only, answers its own health check, and keeps every path inside the run folder", () => {
    const conf = nginxConfig(input("round-robin"));
    expect(conf).toContain("listen 127.0.0.1:18080;");
    expect(conf).toContain("location = /__harness/healthz");
    const paths = [...conf.matchAll(/"(\/[^"]+)"/g)].map((m) => m[1] ?? "");
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) expect(p.startsWith("/run/x/")).toBe(true);
  });

  it("quotes paths, so a checkout under a folder with a space works; refuses what nginx cannot quote", () => {
    const conf = nginxConfig(input("round-robin", { prefixDir: "/home/me/My Runs/nginx", logDir: "/home/me/My Runs/logs" }));
    expect(conf).toContain('pid "/home/me/My Runs/nginx/nginx.pid";');
    expect(conf).toContain('access_log "/home/me/My Runs/logs/nginx-access.log" upstream');
    expect(() => nginxConfig(input("round-robin", { logDir: "/tmp/$HOME" }))).toThrow(/nginx cannot take the path "\/tmp\/\$HOME\/nginx-error.log"/);
  });

  it("speaks FastCGI to php-fpm replicas, with the CGI variables written out", () => {
    const conf = nginxConfig(input("round-robin", { protocol: "fastcgi", fastcgi: { documentRoot: "/srv/my app/public", index: "index.php" } }));
    const location = block(conf, "location /");
    expect(location).toContain("fastcgi_pass app;");
    expect(location).toContain('fastcgi_param SCRIPT_FILENAME "/srv/my app/public$fastcgi_script_name";');
    expect(location).toContain("fastcgi_param REQUEST_METHOD $request_method;");
    expect(location).toContain("fastcgi_keep_conn off;");
    expect(block(conf, "upstream app")).not.toContain("keepalive");
    expect(location).not.toContain("proxy_pass");
    expect(() => nginxConfig(input("round-robin", { protocol: "fastcgi" }))).toThrow(/document root/);
  });
  it("keeps FastCGI connections capped at each replica's workers when the plan says so", () => {
    const conf = nginxConfig(input("round-robin", { protocol: "fastcgi", fastcgi: { documentRoot: "/srv", index: "index.php", keptPerReplica: 8 } }));
    const upstream = block(conf, "upstream app");
    expect(upstream).toContain("server 127.0.0.1:18081 max_conns=8 max_fails=1 fail_timeout=1s; # app-1");
    expect(upstream).toContain("server 127.0.0.1:18082 max_conns=8 max_fails=1 fail_timeout=1s; # app-2");
    // Room for every worker's connection: the cap, not the cache, bounds them.
    expect(upstream).toContain("keepalive 16;");
    expect(block(conf, "location /")).toContain("fastcgi_keep_conn on;");
  });

  it("buffers answers as nginx does by default, and passes them through headers first with --proxy-buffering off", () => {
    expect(nginxConfig(input("round-robin"))).not.toMatch(/_buffering off/);
    expect(nginxConfig(input("round-robin", { buffering: false }))).toMatch(/^\s+proxy_buffering off;$/m);
    expect(nginxConfig(input("round-robin", { buffering: false, protocol: "fastcgi", fastcgi: { documentRoot: "/srv", index: "index.php" } }))).toMatch(/^\s+fastcgi_buffering off;$/m);
  });
});
