import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `path` so that a reader sees the old file or the whole new one,
 * never a part: the text goes to a temporary name in the same folder (same
 * file system, so the rename is atomic) and is renamed over the target.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, path);
}
