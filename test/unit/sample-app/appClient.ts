// Shared by the unit (memory) and integration (Redis) app tests: a config with
// test defaults, and a one-cookie HTTP client that never follows redirects, since
// the redirects themselves are what the tests assert on.
import { parseConfig, type AppConfig } from "../../../sample-app/config";

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return parseConfig({ PORT: "0", REPLICA: "test-1", SEED_USERS: "10", ...env });
}

export interface ClientResponse {
  status: number;
  headers: Headers;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export class SessionClient {
  cookie: string | undefined;

  constructor(
    readonly base: string,
    readonly cookieName = "sid",
  ) {}

  async request(method: string, path: string, form?: Record<string, string>): Promise<ClientResponse> {
    const headers: Record<string, string> = {};
    if (this.cookie !== undefined) headers.cookie = `${this.cookieName}=${this.cookie}`;
    let body: string | undefined;
    if (form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(new URL(path, this.base), { method, headers, body, redirect: "manual" });
    this.remember(res.headers.getSetCookie());
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T };
  }

  get(path: string): Promise<ClientResponse> {
    return this.request("GET", path);
  }

  post(path: string, form: Record<string, string> = {}): Promise<ClientResponse> {
    return this.request("POST", path, form);
  }

  login(username = "user1", password = `pass-${username}`): Promise<ClientResponse> {
    return this.post("/login", { username, password });
  }

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (pair.slice(0, eq) !== this.cookieName) continue;
      this.cookie = /;\s*Max-Age=0/i.test(line) ? undefined : pair.slice(eq + 1);
    }
  }
}

export async function metricValue(base: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(new URL("/metrics", base))).text();
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
