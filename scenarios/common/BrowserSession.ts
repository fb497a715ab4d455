import { vuId } from "./vuIdentity";
import { browser, type BrowserContext, type Page, type Request, type Response as BrowserResponse } from "k6/browser";
import { sleep } from "k6";
import { sessionSetCookies, type BrowserEvidence, type JarCookie } from "../lib/BrowserEvidence";
import { isSessionCookieName } from "../lib/sessionCookie";
import { formatOp } from "../lib/HistoryOp";
import { type ScenarioContract } from "../lib/ScenarioContract";
import { SessionFlow, type Exchange, type StepResult } from "../lib/SessionFlow";
import { loginFields, pickUser } from "../lib/pickUser";
import { loginFailures, recordLive } from "./liveMetrics";

/** Where the browser finds the app: every name resolves to 127.0.0.1 inside its Chromium only. */
export interface BrowserSites {
  /** The site, e.g. http://shop.example.test:8080. */
  site: string;
  /** Its login subdomain, where the login form is submitted. */
  login: string;
  /** Another site whose page links to the protected page (a cross-site entry). */
  elsewhere: string;
}

/** One document request of a navigation: the answer's headers arrived at t1, which is when a browser follows a redirect. */
interface Hop {
  method: string;
  url: string;
  t0: number;
  t1: number;
  status: number;
  headers: Record<string, string>;
  response: BrowserResponse;
}

/** "https://shop.example.test:8443" of a URL (k6's runtime has no URL class). */
function originOf(url: string): string | undefined {
  return /^https?:\/\/[^/?#]+/i.exec(url)?.[0];
}

/** Bytes as text, one char each: tokens and JSON keys are ASCII, which is all a read needs. */
function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

interface FormArgs {
  action: string;
  method: string;
  fields: Record<string, string>;
}

/** The DOM this needs, typed here: the scenarios compile without the DOM's types. */
interface MiniElement {
  appendChild(child: MiniElement): void;
  submit(): void;
  method: string;
  action: string;
  type: string;
  name: string;
  value: string;
}

/**
 * Runs inside the page (k6 sends its source to Chromium), so it must not refer
 * to anything outside itself: a form posted from the page the user is on, as
 * a user's click on a real form would post it (same Origin, same cookies).
 */
function submitForm(a: FormArgs): void {
  const doc = (globalThis as unknown as { document: { createElement(tag: string): MiniElement; body: MiniElement | null; documentElement: MiniElement } }).document;
  const form = doc.createElement("form");
  form.method = a.method;
  form.action = a.action;
  for (const [name, value] of Object.entries(a.fields)) {
    const input = doc.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  (doc.body ?? doc.documentElement).appendChild(form);
  form.submit();
}

/** Runs inside the page: a navigation started by the page itself, as a link it holds would start it. */
function goTo(url: string): void {
  (globalThis as unknown as { location: { href: string } }).location.href = url;
}

/**
 * One browser VU's session through one iteration, in a fresh Chromium
 * context (no cookies): real navigations and form posts, so the browser's own
 * cookie rules (Domain, Path, SameSite, Secure) and its redirect timing (it
 * follows a redirect as soon as the headers arrive) are what the app meets.
 * Every document request is judged by the same SessionFlow as the HTTP
 * client's and written to the history with what the jar held.
 */
export class BrowserSession {
  readonly flow: SessionFlow;
  private hops: Hop[] = [];
  private readonly pending: Promise<void>[] = [];
  private readonly sent = new Map<string, number>();
  /** Where the login left the user: the site (a login subdomain sends the user on) or the login host itself (an app without one). */
  private origin: string;

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly contract: ScenarioContract,
    private readonly sites: BrowserSites,
    private readonly settleMs: number,
  ) {
    this.flow = new SessionFlow(vuId(), __ITER, contract);
    this.origin = sites.site;
    page.on("request", (req: Request) => {
      if (req.isNavigationRequest()) this.sent.set(`${req.method()} ${req.url()}`, Date.now());
    });
    page.on("response", (res: BrowserResponse) => {
      const t1 = Date.now();
      const req = res.request();
      if (!req.isNavigationRequest()) return;
      const key = `${req.method()} ${res.url()}`;
      this.pending.push(
        res.allHeaders().then((headers) => {
          this.hops.push({ method: req.method(), url: res.url(), t0: this.sent.get(key) ?? t1, t1, status: res.status(), headers, response: res });
        }),
      );
    });
  }

  static async open(contract: ScenarioContract, sites: BrowserSites, settleMs: number): Promise<BrowserSession> {
    const context = await browser.newContext();
    const page = await context.newPage();
    return new BrowserSession(context, page, contract, sites, settleMs);
  }

  async close(): Promise<void> {
    await this.page.close();
    await this.context.close();
  }

  /** The login page on the login subdomain, then a real form post of the contract's fields; the landing page is the first read. */
  async login(): Promise<StepResult | undefined> {
    const c = this.contract.login;
    const fields = loginFields(c.fields, pickUser(vuId(), this.contract.users));
    await this.goto(this.sites.login + c.path);
    const jar = await this.jar();
    const hops = await this.navigate(() => this.page.evaluate(submitForm, { action: this.sites.login + c.path, method: c.method, fields }));
    const answer = hops[0];
    if (answer === undefined) return undefined;
    this.origin = originOf(hops[hops.length - 1]?.url ?? answer.url) ?? this.sites.site;
    const setCookie = sessionSetCookies(answer.headers["set-cookie"], this.contract.cookieName);
    const after = await this.jar();
    const cookieOk = after.length > 0 && setCookie.length > 0;
    const step = this.record(this.flow.login(this.exchange(answer), cookieOk), { url: answer.url, jar, setCookie });
    loginFailures.add(!step.ok);
    this.judgeRest(hops.slice(1), "login-redirect", after);
    return step;
  }

  /** The protected page reached from a link on another site: the navigation SameSite judges. */
  async enterFromElsewhere(step: string): Promise<void> {
    await this.goto(this.sites.elsewhere + "/");
    const target = this.origin + this.contract.protectedPage.path;
    const jar = await this.jar();
    const hops = await this.navigate(() => this.page.evaluate(goTo, target));
    this.judgeRest(hops, step, jar, true);
  }

  /** A form post that adds `token`, then the redirect the browser follows on its own: the read that races the write. */
  async writeThenRead(token: string, writeStep: string, readStep: string): Promise<boolean> {
    const c = this.contract.write;
    const jar = await this.jar();
    const action = this.origin + c.path;
    const hops = await this.navigate(() => this.page.evaluate(submitForm, { action, method: c.method, fields: { ...c.fields, [c.field]: token } }));
    const answer = hops[0];
    if (answer === undefined) return false;
    const write = this.record(this.flow.write(this.exchange(answer), writeStep, token), { url: answer.url, jar });
    const next = hops[1];
    if (write.ok && next !== undefined && next.method === "GET") {
      const read = this.record(this.flow.read(await this.exchangeWithBody(next), readStep), { url: next.url, jar: await this.jar() });
      this.judgeRest(hops.slice(2), `${readStep}-redirect`, jar);
      return read.ok;
    }
    this.judgeRest(hops.slice(1), `${writeStep}-redirect`, jar);
    return false;
  }

  /** The session's last read; first waits for a write it has not seen, as the HTTP client does. */
  async finalRead(): Promise<void> {
    if (this.flow.unconfirmedWrites > 0) sleep(this.settleMs / 1000);
    const jar = await this.jar();
    const hops = await this.navigate(() => this.page.goto(this.origin + this.contract.read.path));
    const first = hops[0];
    if (first === undefined) return;
    this.record(this.flow.read(await this.exchangeWithBody(first), "read#final"), { url: first.url, jar });
  }

  async logout(): Promise<boolean> {
    const c = this.contract.logout;
    const jar = await this.jar();
    const hops = await this.navigate(() => this.page.evaluate(submitForm, { action: this.origin + c.path, method: c.method, fields: {} }));
    const answer = hops[0];
    if (answer === undefined) return false;
    const gone = (await this.jar()).length === 0;
    const setCookie = sessionSetCookies(answer.headers["set-cookie"], this.contract.cookieName);
    return this.record(this.flow.logout(this.exchange(answer), gone), { url: answer.url, jar, setCookie }).ok;
  }

  /** Pages a navigation went through after the one its step judged: each is a view of the session (a redirect to the login page is where a logout shows). */
  private judgeRest(hops: readonly Hop[], step: string, jar: JarCookie[], crossSite = false): void {
    const first = hops[0];
    if (first === undefined) return;
    this.record(this.flow.view(this.exchange(first), step), { url: first.url, jar, ...(crossSite ? { crossSite } : {}) });
  }

  private async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.settle();
    this.hops = [];
  }

  /** Runs `action` and waits for the navigation it starts; returns its document requests in order. */
  private async navigate(action: () => Promise<unknown>): Promise<Hop[]> {
    this.hops = [];
    await Promise.all([this.page.waitForNavigation(), action()]);
    await this.settle();
    const hops = this.hops;
    this.hops = [];
    return hops;
  }

  private async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  private async jar(): Promise<JarCookie[]> {
    const cookies = await this.context.cookies();
    return cookies
      .filter((c) => isSessionCookieName(c.name, this.contract.cookieName))
      .map((c) => ({ name: c.name, domain: c.domain ?? "", path: c.path ?? "/", secure: c.secure === true, httpOnly: c.httpOnly === true, sameSite: String(c.sameSite ?? "Lax") }));
  }

  private exchange(hop: Hop): Exchange {
    return { res: { status: hop.status, headers: hop.headers }, url: hop.url, t0: hop.t0, t1: hop.t1 };
  }

  private async exchangeWithBody(hop: Hop): Promise<Exchange> {
    let body: string | undefined;
    try {
      body = latin1(new Uint8Array(await hop.response.body()));
    } catch {
      body = undefined;
    }
    return { res: { status: hop.status, headers: hop.headers, body }, url: hop.url, t0: hop.t0, t1: hop.t1 };
  }

  private record(result: StepResult, evidence: BrowserEvidence): StepResult {
    console.log(formatOp({ ...result.op, client: "browser", browser: evidence }));
    recordLive(result);
    return result;
  }
}
