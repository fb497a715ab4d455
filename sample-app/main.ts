// Entry point: environment → app → signals. Bundled by the harness with esbuild
// and run as `node bundle.mjs`, one process per replica.
import { ConfigError, parseConfig, type AppConfig } from "./config";
import { logLine, stdoutLog } from "./log";
import { startApp } from "./server";

function configOrExit(): AppConfig {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`config error: ${error.message}\n`);
    process.exit(2);
  }
}

const config = configOrExit();
const app = await startApp(config).catch((error: unknown) => {
  process.stderr.write(`startup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

let stopping = false;
function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  app.close().then(
    () => {
      stdoutLog(logLine("shutdown", { replica: config.replica, reason }));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`shutdown failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
if (config.exitOnStdinClose) {
  // The harness holds the other end of this pipe: if it dies, so do we.
  process.stdin.on("end", () => stop("stdin-closed"));
  process.stdin.on("close", () => stop("stdin-closed"));
  process.stdin.resume();
}
