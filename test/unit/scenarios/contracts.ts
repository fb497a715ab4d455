import { loadProfile } from "../../../harness/profile/loadProfile";
import { scenarioContract } from "../../../harness/run/scenarioEnv";
import { type ScenarioContract } from "../../../scenarios/lib/ScenarioContract";
import { type ResponseLike } from "../../../scenarios/lib/classifyResponse";

/** The sample app's contract, exactly as the harness hands it to a scenario. */
export const SAMPLE: ScenarioContract = scenarioContract((await loadProfile("sample")).profile);

/** A third-party app with no headers for the harness: relative redirects, an HTML token list. */
export const PHP_LIKE: ScenarioContract = {
  cookieName: "PHPSESSID",
  users: { count: 10, username: "user{n}", password: "pass-user{n}" },
  login: { method: "POST", path: "/login.php", fields: { username: "{username}", password: "{password}" }, success: { status: [302], location: "^/dashboard\\.php$" } },
  anonymous: { status: [302], location: "^/login\\.php$" },
  protectedPage: { path: "/dashboard.php", status: [200] },
  write: { method: "POST", path: "/cart.php", field: "item", fields: {}, success: { status: [302], location: "^/cart\\.php$" } },
  read: { path: "/cart.php", status: [200], tokens: { regex: '<li class="item">([^<]*)</li>' } },
  logout: { method: "POST", path: "/logout.php", success: { status: [302], location: "^/login\\.php$" } },
  headers: { replica: "X-Harness-Replica" },
};

/** An app that says "please log in" with a 200 page. */
export const BODY_ANONYMOUS: ScenarioContract = { ...PHP_LIKE, anonymous: { status: [200], body: "Please log in" } };

/** The smallest response shape k6's satisfies: what the scenario helpers read. */
export const res = (status: number, headers: Record<string, string> = {}, body?: string): ResponseLike => ({ status, headers, ...(body === undefined ? {} : { body }) });
