/**
 * Output into a closed pipe (`npm run scenario | head -1`) makes stdout emit
 * EPIPE, which unhandled crashes the process and would leave the cluster
 * running. The run does not depend on anyone reading its log: once the reader
 * is gone, further output is dropped and the run goes on to its report.
 */
export function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      stream.write = () => true;
    });
  }
}
