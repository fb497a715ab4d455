/** Bad input: reported as one line, exit code 2, and nothing has been started. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
