import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, fstatSync, openSync } from "node:fs";
import { procStartTime } from "./procStartTime";
import { withRunLabel } from "./runLabel";

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
  /** The run's id, put into the child's environment as its label (see runLabel.ts). */
  runId?: string;
}

/** How long a part may take to stop on its own before SIGKILL. */
export const DEFAULT_GRACE_MS = 5000;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // No such group any more: everything in it is gone.
  }
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
  private stopping = false;

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
    readonly pid: number,
    readonly startTime: string | undefined,
    /** The log's size when this start began: what it wrote is from here on (a restarted part appends to the same log). */
    readonly logStart: number,
  ) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        // The group goes with its leader: a worker whose master died (killed
        // by hand, crashed) would otherwise keep the part's port open.
        killGroup(pid, "SIGKILL");
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

  /** stop() was called: an exit after it was asked for, not a crash. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  static start(spec: ProcessSpec): Promise<ManagedProcess> {
    const log = openSync(spec.logFile, "a");
    const logStart = fstatSync(log).size;
    try {
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.runId === undefined ? (spec.env ?? process.env) : withRunLabel(spec.env ?? process.env, spec.runId),
        stdio: [spec.stdinLifeline ? "pipe" : "ignore", log, log],
        detached: true,
      });
      return new Promise((resolve, reject) => {
        child.once("error", (err) => reject(new Error(`${spec.name}: cannot start ${spec.command}: ${err.message}`)));
        child.once("spawn", () => {
          const pid = child.pid;
          if (pid === undefined) return reject(new Error(`${spec.name}: no pid after spawn`));
          resolve(new ManagedProcess(spec, child, pid, procStartTime(pid), logStart));
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
    killGroup(this.pid, signal);
  }

  /**
   * SIGTERM (or `signal`), then SIGKILL after `graceMs`. Resolves once the
   * process is gone, and then kills what is left of its group: the workers of
   * a master that died (nginx's keep the port open otherwise).
   */
  async stop(opts: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<Exit> {
    this.stopping = true;
    if (!this.exit) {
      this.signal(opts.signal ?? this.spec.stopSignal ?? "SIGTERM");
      const timer = setTimeout(() => this.signal("SIGKILL"), opts.graceMs ?? DEFAULT_GRACE_MS);
      try {
        await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    killGroup(this.pid, "SIGKILL");
    return this.exit ?? (await this.exited);
  }
}
