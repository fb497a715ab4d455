import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeExit, displayPath, exitFromStatus, logExcerpt, readLogTail } from "../../../harness/wait/partLog";
import { waitUntilReady } from "../../../harness/wait/waitStrategies";

// Captured from the real programs on this machine (Node 20, php-fpm 8.2, nginx, redis-server 7), each refused its port.
const NODE_EADDRINUSE = `node:events:502
      throw er; // Unhandled 'error' event
      ^

Error: listen EADDRINUSE: address already in use 127.0.0.1:39200
    at Server.setupListenHandle [as _listen2] (node:net:1908:16)
    at listenInCluster (node:net:1965:12)
    at doListen (node:net:2139:7)
    at process.processTicksAndRejections (node:internal/process/task_queues:83:21)
Emitted 'error' event on Server instance at:
    at emitErrorNT (node:net:1944:8)
    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {
  code: 'EADDRINUSE',
  errno: -98,
  syscall: 'listen',
  address: '127.0.0.1',
  port: 39200
}

Node.js v20.20.2
`;
const PHP_FPM = `[01-Dec-2026 22:21:52] NOTICE: fpm is starting
[01-Dec-2026 22:21:52] ERROR: unable to bind listening socket for address '127.0.0.1:39123': Address already in use (98)
[01-Dec-2026 22:21:52] ERROR: FPM initialization failed
`;
const NGINX = "nginx: [emerg] bind() to 127.0.0.1:39125 failed (98: Address already in use)\n";
const REDIS = `8740:M 01 Dec 2026 22:31:59.637 * monotonic clock: POSIX clock_gettime
8740:M 01 Dec 2026 22:31:59.637 # Warning: Could not create server TCP listening socket *:39125: bind: Address already in use
8740:M 01 Dec 2026 22:31:59.637 # Failed listening on port 39125 (TCP), aborting.
`;
const PYTHON = `Traceback (most recent call last):
  File "/srv/app.py", line 88, in <module>
    server = HTTPServer(("127.0.0.1", port), Handler)
  File "/usr/lib/python3.11/socketserver.py", line 456, in __init__
    self.server_bind()
OSError: [Errno 98] Address already in use
`;

describe("logExcerpt: a log's last words, in one line", () => {
  it("starts at the line that states the failure, before the stack and the details after it", () => {
    expect(logExcerpt(NODE_EADDRINUSE)).toBe("Error: listen EADDRINUSE: address already in use 127.0.0.1:39200 | Emitted 'error' event on Server instance at: | code: 'EADDRINUSE',");
    expect(logExcerpt(PHP_FPM)).toBe(
      "[01-Dec-2026 22:21:52] ERROR: unable to bind listening socket for address '127.0.0.1:39123': Address already in use (98) | [01-Dec-2026 22:21:52] ERROR: FPM initialization failed",
    );
    expect(logExcerpt(NGINX)).toBe("nginx: [emerg] bind() to 127.0.0.1:39125 failed (98: Address already in use)");
    expect(logExcerpt(PYTHON)).toBe("OSError: [Errno 98] Address already in use");
  });

  it("is the last lines when none states a failure", () => {
    expect(logExcerpt(REDIS, { width: 1000 })).toBe(REDIS.trim().split("\n").join(" | "));
    expect(logExcerpt("one\ntwo\nthree\nfour\n")).toBe("two | three | four");
  });

  it("is one line of bounded length: colours and control characters gone, long lines cut", () => {
    const text = `\u001b[31mError: boom\u001b[0m\twith a tab\n${"x".repeat(500)}\n`;
    const out = logExcerpt(text, { width: 40 }) ?? "";
    expect(out).toBe(`Error: boom with a tab | ${"x".repeat(39)}…`);
    expect(out).not.toMatch(/[\n\r]/);
    expect(out).not.toContain("\u001b");
  });

  it("is undefined for an empty log or one of blank lines", () => {
    expect(logExcerpt("")).toBeUndefined();
    expect(logExcerpt("\n\n   \n")).toBeUndefined();
  });
});

describe("how a part ended", () => {
  it("names the signal, else the code", () => {
    expect(describeExit({ code: 1, signal: null })).toBe("code 1");
    expect(describeExit({ code: null, signal: "SIGKILL" })).toBe("signal SIGKILL");
    expect(describeExit(3)).toBe("code 3");
    expect(describeExit(undefined)).toBeUndefined();
  });

  it("reads a container's 128+n status as signal n", () => {
    expect(exitFromStatus(137)).toEqual({ code: 137, signal: "SIGKILL" });
    expect(exitFromStatus(143)).toEqual({ code: 143, signal: "SIGTERM" });
    expect(exitFromStatus(1)).toEqual({ code: 1, signal: null });
    expect(exitFromStatus(null)).toEqual({ code: null, signal: null });
  });
});

describe("the log a start error names", () => {
  it("is relative to the working folder when under it", () => {
    expect(displayPath("/work/x/reports/r1/logs/app-1.log", "/work/x")).toBe("reports/r1/logs/app-1.log");
    expect(displayPath("/tmp/run/logs/app-1.log", "/work/x")).toBe("/tmp/run/logs/app-1.log");
  });

  it("is read from where this start began: an earlier start's lines are not quoted", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "part-log-")), "app-1.log");
    writeFileSync(file, "Error: the first start failed\n");
    const from = Buffer.byteLength("Error: the first start failed\n");
    appendFileSync(file, "listening? no: gave up\n");
    expect(await readLogTail(file, from)).toBe("listening? no: gave up\n");
    expect(await readLogTail(join(file, "..", "missing.log"))).toBe("");
  });
});

describe("waitUntilReady's error", () => {
  const never = { description: "HTTP http://127.0.0.1:1/healthz", check: () => Promise.resolve(false) };

  it("a part that exited: its code, the check, its log and its last lines, in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "part-log-"));
    const file = join(dir, "app-1.log");
    writeFileSync(file, NODE_EADDRINUSE);
    const err = await waitUntilReady(never, { part: "app-1", timeoutMs: 10_000, exited: Promise.resolve({ code: 1, signal: null }), log: { file } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toBe(
      `app-1 exited before it was ready (code 1; HTTP http://127.0.0.1:1/healthz); log: ${file}; last lines: "Error: listen EADDRINUSE: address already in use 127.0.0.1:39200 | Emitted 'error' event on Server instance at: | code: 'EADDRINUSE',"`,
    );
    expect(message).not.toContain("\n");
  });

  it("a part that never came up: the time, its log, and that the log is empty", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "part-log-")), "app-2.log");
    writeFileSync(file, "");
    await expect(waitUntilReady(never, { part: "app-2", timeoutMs: 30, log: { file } })).rejects.toThrow(`app-2 not ready after 30 ms (HTTP http://127.0.0.1:1/healthz); log: ${file} (nothing in it)`);
  });

  it("without a log (a cluster someone else started), says only what it knows", async () => {
    await expect(waitUntilReady(never, { part: "the cluster at http://127.0.0.1:1", timeoutMs: 30 })).rejects.toThrow(/^the cluster at http:\/\/127\.0\.0\.1:1 not ready after 30 ms \(HTTP [^)]*\)$/);
  });
});
