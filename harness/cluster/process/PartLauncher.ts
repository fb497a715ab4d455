import { join } from "node:path";
import { type Exit, ManagedProcess, type ProcessSpec } from "../../process/ManagedProcess";
import { type RunLedger } from "../../process/RunLedger";
import { foreignListener } from "../../net/portOwner";
import { waitUntilReady, type WaitStrategy } from "../../wait/waitStrategies";

export interface LaunchRequest {
  spec: Omit<ProcessSpec, "logFile">;
  ports: number[];
  ready: WaitStrategy;
  timeoutMs?: number;
}

/**
 * Starts processes for one run: every one is written to the run's ledger before
 * anything else can fail, logs to `<runDir>/logs/<name>.log`, and counts as
 * started only once its readiness check passes.
 */
export class PartLauncher {
  private readonly live = new Set<ManagedProcess>();
  /** Told when a started part exits without having been asked to (a crash, or killed by hand). */
  onUnexpectedExit: ((name: string, exit: Exit, at: number) => void) | undefined;

  constructor(
    private readonly logDir: string,
    private readonly ledger: RunLedger,
  ) {}

  logFile(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  async launch(req: LaunchRequest): Promise<ManagedProcess> {
    const proc = await ManagedProcess.start({ ...req.spec, runId: this.ledger.runId, logFile: this.logFile(req.spec.name) });
    this.live.add(proc);
    this.ledger.add({ name: proc.name, pid: proc.pid, startTime: proc.startTime, ports: req.ports });
    void proc.exited.then((exit) => {
      this.live.delete(proc);
      this.ledger.remove(proc.pid);
      if (!proc.stopRequested) this.onUnexpectedExit?.(proc.name, exit, Date.now());
    });
    try {
      await waitUntilReady(req.ready, { part: req.spec.name, timeoutMs: req.timeoutMs ?? 15_000, exited: proc.exited });
      for (const port of req.ports) {
        const other = foreignListener(port, proc.pid);
        if (other !== undefined) throw new Error(`${req.spec.name} could not take port ${port}: ${other} holds it (the readiness check answered from there); see its log`);
      }
    } catch (err) {
      await proc.stop({ signal: "SIGKILL" });
      throw err;
    }
    return proc;
  }

  /** Stops every process still running, `first` ones before the rest (e.g. nginx before its upstreams). */
  async stopAll(order: ((p: ManagedProcess) => boolean)[] = [], graceMs?: number): Promise<void> {
    const opts = graceMs === undefined ? {} : { graceMs };
    for (const matches of order) {
      await Promise.all([...this.live].filter(matches).map((p) => p.stop(opts)));
    }
    await Promise.all([...this.live].map((p) => p.stop(opts)));
  }
}
