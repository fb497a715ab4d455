import { join } from "node:path";
import { type PortLease } from "../../net/PortAllocator";
import { type Exit, ManagedProcess, type ProcessSpec } from "../../process/ManagedProcess";
import { type RunLedger } from "../../process/RunLedger";
import { foreignListener } from "../../net/portOwner";
import { logSize, readLogTail } from "../../wait/partLog";
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
    /** Where the launcher's parts get their ports; released with the run. */
    readonly ports: PortLease,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /**
   * Launches a part on ports of its own: `build` makes the request for the
   * ports given (first `initial`, when the caller already named them, else
   * fresh ones). A part that lost a port to another program before it could
   * bind it (its log says "address already in use", or a foreign listener
   * answered its readiness check) is started again on fresh ports, up to
   * PORT_ATTEMPTS times, so that race is never reported as the app's failure.
   * The lost ports stay held, so this run is not handed them again.
   */
  async launchOnPorts(count: number, build: (ports: number[]) => LaunchRequest | Promise<LaunchRequest>, initial?: number[]): Promise<{ proc: ManagedProcess; ports: number[] }> {
    let ports = initial ?? (await this.freshPorts(count));
    for (let attempt = 1; ; attempt++) {
      const req = await build(ports);
      const logFile = this.logFile(req.spec.name);
      const logStart = logSize(logFile);
      try {
        return { proc: await this.launch(req), ports };
      } catch (err) {
        if (attempt >= PORT_ATTEMPTS || !(await lostItsPort(err, logFile, logStart))) throw err;
        this.log(`${req.spec.name} lost port ${ports.join("/")} to another program before it could bind it; starting it again on new ports`);
        ports = await this.freshPorts(count);
      }
    }
  }

  private freshPorts(count: number): Promise<number[]> {
    return Promise.all(Array.from({ length: count }, () => this.ports.claim()));
  }

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
      await waitUntilReady(req.ready, { part: req.spec.name, timeoutMs: req.timeoutMs ?? 15_000, exited: proc.exited, log: { file: proc.spec.logFile, from: proc.logStart } });
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

/** Tries at starting one part on fresh ports before its start error stands. */
const PORT_ATTEMPTS = 3;

const ADDRESS_IN_USE = /EADDRINUSE|address already in use|Address in use|could not bind|bind\(\) to \S+ failed \(98/i;

/** The start failed because something else had the port: a foreign listener, or the part's own words in its log since `from`. */
async function lostItsPort(err: unknown, logFile: string, from: number): Promise<boolean> {
  if (err instanceof Error && /could not take port/.test(err.message)) return true;
  return ADDRESS_IN_USE.test(await readLogTail(logFile, from));
}
