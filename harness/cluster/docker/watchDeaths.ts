import { dockerClient } from "./dockerClient";

/**
 * The watchdog on Docker: every `die` event of a container of this run, as
 * (part, exit code). Returns a function that stops listening.
 */
export async function watchDeaths(runId: string, onDeath: (part: string, code: number | null) => void): Promise<() => void> {
  const stream = (await dockerClient().getEvents({ filters: { label: [`session-harness.run=${runId}`], type: ["container"], event: ["die"] } })) as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  let buffer = "";
  stream.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const e = JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } };
        const attrs = e.Actor?.Attributes ?? {};
        const part = attrs["session-harness.part"];
        if (part !== undefined) onDeath(part, attrs.exitCode === undefined ? null : Number(attrs.exitCode));
      } catch {
        // Not a whole event: ignore.
      }
    }
  });
  stream.on("error", () => undefined);
  return () => stream.destroy?.();
}
