import { connect } from "node:net";
import { describeExit, logSuffix } from "./partLog";

/**
 * A readiness check, in the manner of testcontainers: a tiny object that can be
 * asked once whether its part is ready. `waitUntilReady` does the polling, so no
 * part is ever given a fixed sleep.
 */
export interface WaitStrategy {
  readonly description: string;
  /** Resolves true when ready, false when not yet; throws only for "will never be ready". */
  check(): Promise<boolean>;
}

export function waitForHttp(url: string, expectStatus: (status: number) => boolean = (s) => s === 200): WaitStrategy {
  return {
    description: `HTTP ${url}`,
    async check() {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000), redirect: "manual" });
        await res.body?.cancel();
        return expectStatus(res.status);
      } catch {
        return false;
      }
    },
  };
}

export function waitForTcp(port: number, host = "127.0.0.1"): WaitStrategy {
  return {
    description: `TCP ${host}:${port}`,
    check: () =>
      new Promise((resolve) => {
        const socket = connect({ host, port });
        const done = (ok: boolean): void => {
          socket.destroy();
          resolve(ok);
        };
        socket.once("connect", () => done(true));
        socket.once("error", () => done(false));
        socket.setTimeout(1000, () => done(false));
      }),
  };
}

export interface WaitOptions {
  timeoutMs: number;
  /**
   * Settles when the process being waited for exits: then waiting on is
   * pointless. When it resolves with how the part ended ({ code, signal }, or
   * an exit code), the error says it.
   */
  exited?: Promise<unknown>;
  /** Named in the error, e.g. "app-2". */
  part: string;
  /** The part's log, from byte `from` on (this start of it): the error names it and quotes its last lines. */
  log?: { file: string; from?: number };
}

/** Polls `strategy` with a short, growing interval until it is ready, the part died, or time is up. */
export async function waitUntilReady(strategy: WaitStrategy, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let died: { exit: unknown } | undefined;
  void opts.exited?.then((exit) => (died = { exit }));
  let interval = 10;
  for (;;) {
    if (await strategy.check()) return;
    if (died) {
      const how = describeExit(died.exit);
      throw new Error(`${opts.part} exited before it was ready (${how === undefined ? "" : `${how}; `}${strategy.description})${opts.log ? await logSuffix(opts.log) : "; see its log"}`);
    }
    if (Date.now() > deadline) throw new Error(`${opts.part} not ready after ${opts.timeoutMs} ms (${strategy.description})${opts.log ? await logSuffix(opts.log) : ""}`);
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 2, 200);
  }
}
