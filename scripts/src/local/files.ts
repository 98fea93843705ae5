import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces `file` whole: the text goes to a temporary file beside it, which is renamed over it,
 * so a reader or a crash sees the old content or the new, never a torn file. `sync` flushes the
 * data to disk before the rename and the folder after it (for state a crash of the machine must
 * not lose); `mode` sets the new file's permissions (0o600 for secrets). The folder must exist.
 */
export function replaceFile(file: string, text: string, options: { sync?: boolean; mode?: number } = {}): void {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const fd = fs.openSync(temporary, 'w', options.mode ?? 0o666);
  try {
    fs.writeSync(fd, text);
    if (options.sync) fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  if (options.sync) syncDirectory(path.dirname(file));
}

/** Makes a rename durable: the directory entry is data too. Not every platform can open a directory. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort: the rename itself is atomic either way
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
