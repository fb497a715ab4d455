import { createWriteStream } from "node:fs";
import type Docker from "dockerode";
import { dockerClient } from "./dockerClient";

/** A container's log being copied to a file: `stop` ends the copy; `drained` settles once what the container wrote is in the file. */
export interface FollowedLog {
  stop(): void;
  drained: Promise<void>;
}

/**
 * Appends a container's stdout and stderr to `file` from `sinceSec` on, as
 * the process backend appends a process's output: the run's logs/ holds each
 * part's log whatever backend ran it. A restarted container is followed
 * again from its new start. Docker ends the stream when the container stops,
 * so `drained` settles then, once the file has all of it.
 */
export async function followLogs(container: Docker.Container, file: string, sinceSec: number): Promise<FollowedLog> {
  const out = createWriteStream(file, { flags: "a" });
  const drained = new Promise<void>((resolve) => {
    out.once("close", resolve);
    out.once("error", () => resolve());
  });
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true, since: sinceSec })) as NodeJS.ReadableStream & { destroy?: () => void };
  dockerClient().modem.demuxStream(stream, out, out);
  stream.on("end", () => out.end());
  stream.on("error", () => out.end());
  return {
    stop: () => {
      stream.destroy?.();
      out.end();
    },
    drained,
  };
}
