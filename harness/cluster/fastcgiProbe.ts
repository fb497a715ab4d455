import { existsSync } from "node:fs";
import { type BalancerPart } from "../plan/Plan";

/**
 * php-fpm's answer when SCRIPT_FILENAME names no script it can run: 404 with
 * this body, and `FastCGI sent in stderr: "Primary script unknown"` in nginx's
 * error log. A wrong `fastcgi.documentRoot` gives it on every page.
 */
export const PRIMARY_SCRIPT_UNKNOWN_BODY = "File not found.";

/** The script nginx asks php-fpm for: the document root and the path (with `fastcgi_index` for a folder), as nginx's $fastcgi_script_name makes it. */
export function scriptFilename(documentRoot: string, path: string, index: string): string {
  const p = path.split("?")[0] ?? path;
  return `${documentRoot}${p.endsWith("/") ? `${p}${index}` : p}`;
}

export interface DocumentRootProbe {
  /** The page asked, e.g. /dashboard.php. */
  path: string;
  /** The profile's value, as written. */
  template: string;
  /** What it was filled as: the folder nginx hands php-fpm. */
  documentRoot: string;
  index: string;
  /** Whether the script is a file on this machine (process backend); unknown in a container. */
  exists?: boolean;
}

/** The one-line start error for an answer showing the document root holds no script at the page asked, or undefined. Pure. */
export function documentRootProblem(answer: { status: number; body: string }, p: DocumentRootProbe): string | undefined {
  if (answer.status !== 404 || answer.body.trim() !== PRIMARY_SCRIPT_UNKNOWN_BODY) return undefined;
  const script = scriptFilename(p.documentRoot, p.path, p.index);
  const why = p.exists === true ? "; the file is there, so php-fpm may not read it (its user, chroot or open_basedir)" : p.exists === false ? " (no such file)" : "";
  return (
    `replica.fastcgi.documentRoot: php-fpm found no script at ${script}${why}: GET ${p.path} through nginx answered 404 ${JSON.stringify(PRIMARY_SCRIPT_UNKNOWN_BODY)} ("Primary script unknown"); ` +
    `the document root ${JSON.stringify(p.template)} is ${p.documentRoot}: make it the folder that holds the app's scripts`
  );
}

/**
 * One request through the entry once the balancer is up: a FastCGI app whose
 * document root is wrong fails its start here, naming the field, instead of
 * running a load in which every page is a 404. Any other answer, or none, is
 * left for the run to see. Costs one loopback request; HTTP apps are not asked.
 */
export async function probeFastcgiEntry(entryUrl: string, balancer: BalancerPart, documentRoot: string, onHost: boolean): Promise<void> {
  if (balancer.protocol !== "fastcgi" || !balancer.fastcgi || balancer.probePath === undefined) return;
  let answer: { status: number; body: string };
  try {
    const res = await fetch(`${entryUrl}${balancer.probePath}`, { redirect: "manual", signal: AbortSignal.timeout(5000) });
    answer = { status: res.status, body: await res.text() };
  } catch {
    return;
  }
  const { index } = balancer.fastcgi;
  const problem = documentRootProblem(answer, {
    path: balancer.probePath,
    template: balancer.fastcgi.documentRoot,
    documentRoot,
    index,
    ...(onHost ? { exists: existsSync(scriptFilename(documentRoot, balancer.probePath, index)) } : {}),
  });
  if (problem !== undefined) throw new Error(problem);
}
