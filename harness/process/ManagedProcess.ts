import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { procStartTime } from "./procStartTime";

export interface ProcessSpec {
  /** The part's name in logs, errors and the run ledger, e.g. "app-2". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr both go here (appended). */
  logFile: string;
  /**
   * Give the child a stdin pipe that this process holds open. A child that exits
   * on stdin EOF then dies with a crashed harness instead of living on.
   */
  stdinLifeline?: boolean;
  /** What `stop()` sends first (php-fpm stops gracefully on SIGQUIT); SIGTERM by default. */
  stopSignal?: NodeJS.Signals;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One child process the harness started and must stop. It runs in its own
 * process group so a Ctrl-C in the terminal reaches only the harness, which then
 * stops the parts in order (and the group lets one signal reach nginx's workers).
 */
export class ManagedProcess {
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
    readonly pid: number,
    readonly startTime: string | undefined,
  ) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  static start(spec: ProcessSpec): Promise<ManagedProcess> {
    const log = openSync(spec.logFile, "a");
    try {
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env ?? process.env,
        stdio: [spec.stdinLifeline ? "pipe" : "ignore", log, log],
        detached: true,
      });
      return new Promise((resolve, reject) => {
        child.once("error", (err) => reject(new Error(`${spec.name}: cannot start ${spec.command}: ${err.message}`)));
        child.once("spawn", () => {
          const pid = child.pid;
          if (pid === undefined) return reject(new Error(`${spec.name}: no pid after spawn`));
          resolve(new ManagedProcess(spec, child, pid, procStartTime(pid)));
        });
      });
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(log);
    }
  }

  /** Sends `signal` to the process group; no-op when already gone. */
  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // Already gone between the check and the kill.
    }
  }

  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`. Resolves once the process is gone. */
  async stop(opts: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<Exit> {
    if (this.exit) return this.exit;
    this.signal(opts.signal ?? this.spec.stopSignal ?? "SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), opts.graceMs ?? 5000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
