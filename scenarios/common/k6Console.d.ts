// k6's runtime has a console (its output goes to --console-output), but
// @types/k6 declares none and scenarios/tsconfig.json leaves out the DOM and
// Node types that usually bring one. Only what k6 implements is declared.
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
