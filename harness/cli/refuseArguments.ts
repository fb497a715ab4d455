import { EXIT } from "./exitCodes";

/**
 * For a command that takes no options: anything given is refused with one
 * line saying what the command does instead, exit 2, before it does
 * anything. Silently ignoring `--store memcached` would write a file the user
 * did not ask for and let them believe they got the one they did.
 */
export function refuseArguments(command: string, doesInstead: string, args: readonly string[] = process.argv.slice(2)): void {
  if (args.length === 0) return;
  console.error(`session-harness ${command}: takes no options (got ${args.map((a) => JSON.stringify(a)).join(" ")}): ${doesInstead}`);
  process.exit(EXIT.usage);
}
