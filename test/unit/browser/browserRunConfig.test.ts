import { describe, expect, it } from "vitest";
import { nginxConfig } from "../../../harness/cluster/nginxConfig";
import { k6ProcessEnv } from "../../../harness/k6/runK6";
import { loadProfile } from "../../../harness/profile/loadProfile";
import { buildRunConfig } from "../../../harness/run/buildRunConfig";
import { scenarioEnv } from "../../../harness/run/scenarioEnv";

const sample = await loadProfile("sample");

describe("browser scenarios: configuration", () => {
  it("gives browser users their own defaults and bounds, with HTTP users beside them", () => {
    expect(buildRunConfig({ scenario: "browser-login-loop" }, sample).load).toMatchObject({ vus: 2, httpVus: 2 });
    expect(buildRunConfig({ scenario: "browser-login-loop", vus: "4", httpVus: "0" }, sample).load).toMatchObject({ vus: 4, httpVus: 0 });
    expect(() => buildRunConfig({ scenario: "browser-login-loop", vus: "50" }, sample)).toThrow('--vus "50" is not allowed: use a whole number from 1 to 20');
    expect(() => buildRunConfig({ scenario: "login-loop", httpVus: "2" }, sample)).toThrow("--http-vus does not apply to login-loop: it sets k6 HTTP users beside the browser users, and applies to browser-login-loop only; leave it out");
  });

  it("takes --tls on processes only, and --proxy-buffering on or off", () => {
    expect(buildRunConfig({ scenario: "browser-login-loop", tls: true, proxyBuffering: "off" }, sample).cluster).toMatchObject({ tls: true, proxyBuffering: "off" });
    expect(buildRunConfig({ proxyBuffering: "on" }, sample).cluster).not.toHaveProperty("proxyBuffering");
    expect(() => buildRunConfig({ scenario: "browser-login-loop", tls: true, backend: "docker" }, sample)).toThrow("--tls runs on the process backend only");
    expect(() => buildRunConfig({ proxyBuffering: "maybe" }, sample)).toThrow('--proxy-buffering "maybe" is not allowed: use one of on, off');
  });

  it("hands the browser the site's names on the entry's port, over TLS when there is a TLS entry", () => {
    const config = buildRunConfig({ scenario: "browser-login-loop", httpVus: "3" }, sample);
    const plain = scenarioEnv(config, sample.profile, "http://127.0.0.1:8080", "run");
    expect(plain).toMatchObject({ BASE_URL: "http://127.0.0.1:8080", SITE_URL: "http://shop.example.test:8080", LOGIN_URL: "http://login.shop.example.test:8080", ELSEWHERE_URL: "http://news.partner.test:8080", HTTP_VUS: "3" });
    const tls = scenarioEnv(config, sample.profile, "http://127.0.0.1:8080", "run", "https://127.0.0.1:8443");
    expect(tls).toMatchObject({ BASE_URL: "http://127.0.0.1:8080", SITE_URL: "https://shop.example.test:8443" });
    expect(scenarioEnv(buildRunConfig({}, sample), sample.profile, "http://127.0.0.1:8080", "run")).not.toHaveProperty("SITE_URL");
  });

  it("starts Chromium headless, every name resolved to 127.0.0.1 inside it, trusting only the run's key", () => {
    const env = k6ProcessEnv({ trustSpki: "abc=" }, "/usr/bin/chromium");
    expect(env.K6_BROWSER_EXECUTABLE_PATH).toBe("/usr/bin/chromium");
    expect(env.K6_BROWSER_HEADLESS).toBe("true");
    expect(env.K6_BROWSER_ARGS?.split(",")).toEqual(expect.arrayContaining(["no-sandbox", "host-resolver-rules=MAP * 127.0.0.1", "ignore-certificate-errors-spki-list=abc="]));
    expect(k6ProcessEnv({ trustSpki: undefined }, "/usr/bin/chromium").K6_BROWSER_ARGS).not.toMatch(/spki/);
    expect(Object.keys(k6ProcessEnv(undefined)).filter((k) => k.startsWith("K6_"))).toEqual([]);
  });

  it("serves a second, TLS entry with the run's certificate", () => {
    const conf = nginxConfig({
      listen: "127.0.0.1:8080",
      tls: { listen: "127.0.0.1:8443", certFile: "/r/tls/server.crt", keyFile: "/r/tls/server.key" },
      upstreams: [{ name: "app-1", address: "127.0.0.1:9001" }],
      lb: "round-robin",
      buffering: true,
      cookieName: "sid",
      hiddenPaths: [],
      protocol: "http",
      prefixDir: "/r/nginx",
      logDir: "/r/logs",
    });
    expect(conf).toMatch(/^\s+listen 127\.0\.0\.1:8080;$/m);
    expect(conf).toMatch(/^\s+listen 127\.0\.0\.1:8443 ssl;$/m);
    expect(conf).toMatch(/ssl_certificate "\/r\/tls\/server\.crt";/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
  });
});
