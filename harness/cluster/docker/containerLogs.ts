import { createWriteStream } from "node:fs";
import type Docker from "dockerode";
import { dockerClient } from "./dockerClient";

/**
 * Appends a container's stdout and stderr to `file` from `sinceSec` on, as
 * the process backend appends a process's output: the run's logs/ holds each
 * part's log whatever backend ran it. A restarted container is followed
 * again from its new start. Returns a function that stops following.
 */
export async function followLogs(container: Docker.Container, file: string, sinceSec: number): Promise<() => void> {
  const out = createWriteStream(file, { flags: "a" });
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true, since: sinceSec })) as NodeJS.ReadableStream & { destroy?: () => void };
  dockerClient().modem.demuxStream(stream, out, out);
  stream.on("end", () => out.end());
  stream.on("error", () => out.end());
  return () => {
    stream.destroy?.();
    out.end();
  };
}
