import { loadProfile } from "../profile/loadProfile";
import { type RunResult } from "../report/RunResult";
import { buildRunConfig, type RunRequest } from "../run/buildRunConfig";
import { runScenario } from "../run/runScenario";

/** One full run for a benchmark or sweep; a run that errored or was interrupted is an error, not a number. */
export async function benchRun(req: RunRequest & { app?: string }, reportsDir: string, signal: AbortSignal): Promise<RunResult> {
  const profile = await loadProfile(req.app);
  const { result } = await runScenario(buildRunConfig(req, profile), { reportsDir, profile, signal, log: () => {} });
  if (result.verdict === "error" || result.verdict === "aborted") {
    throw new Error(`run ${result.runId} ${result.verdict}: ${result.error ?? "see its report"}`);
  }
  return result;
}
