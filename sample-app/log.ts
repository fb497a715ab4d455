// One line per event (startup, shutdown, store trouble), never per request: a
// replica's stdout is read by the harness and by people, and at load a
// per-request log would cost more than the app itself.

export type Log = (line: string) => void;

export const stdoutLog: Log = (line) => {
  process.stdout.write(`${line}\n`);
};

/** `event key=value ...`, quoting values that contain spaces, so lines grep and split well. */
export function logLine(event: string, fields: Record<string, string | number | boolean>): string {
  const parts = Object.entries(fields).map(([key, value]) => {
    const text = String(value);
    return `${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
  });
  return [event, ...parts].join(" ");
}
