import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

/**
 * Replaces `file` whole: the text goes to a temporary file beside it, which is renamed over it,
 * so a reader or a crash sees the old content or the new, never a torn file. `sync` flushes the
 * data to disk before the rename (for state a crash must not lose); `mode` sets the new file's
 * permissions (0o600 for secrets). The folder must exist.
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
}
