import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { replaceFile } from './files';

describe('replaceFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the content whole and leaves no temporary file beside it', () => {
    const file = path.join(dir, 'state.json');
    replaceFile(file, 'old');
    replaceFile(file, 'new', { sync: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('gives a secret file to its owner only', () => {
    const file = path.join(dir, 'key.json');
    replaceFile(file, 'secret', { mode: 0o600 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
