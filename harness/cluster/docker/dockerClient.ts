import Docker from "dockerode";

let client: Docker | undefined;

/** The Docker engine's API client (DOCKER_HOST or the default socket), made once. */
export function dockerClient(): Docker {
  client ??= new Docker();
  return client;
}

/** dockerode's ping takes options (its source does); its types do not say so. */
interface BoundedPing {
  ping(opts: { abortSignal: AbortSignal }): Promise<unknown>;
}

/** Why the Docker backend cannot run here, in one line, or undefined when the engine answers. */
export async function dockerProblem(signal?: AbortSignal): Promise<string | undefined> {
  try {
    // Bounded: an engine that accepts the connection and never answers is no engine.
    const bound = AbortSignal.timeout(PING_TIMEOUT_MS);
    await (dockerClient() as unknown as BoundedPing).ping({ abortSignal: signal ? AbortSignal.any([signal, bound]) : bound });
    return undefined;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message.split("\n")[0] ?? "no answer";
    return `no Docker engine answers (${why}): run \`npm run setup\`, which installs docker.io and starts dockerd`;
  }
}

/** How long a ping may take before the engine counts as not answering. */
const PING_TIMEOUT_MS = 5_000;

/** Resolves when a stream of build or import progress ends; rejects with the engine's own error line. */
export function followProgress(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    dockerClient().modem.followProgress(stream, (err: Error | null, output: { error?: string; errorDetail?: { message?: string } }[]) => {
      const failed = output?.find((o) => o.error !== undefined || o.errorDetail !== undefined);
      if (err) reject(err);
      else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error ?? "docker reported an error"));
      else resolve();
    });
  });
}
