import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { readZip } from './zip';

/** A zip with one deflated and one stored file, written by hand (the format is small). */
function handMadeZip(files: { name: string; text: string; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const plain = Buffer.from(file.text);
    const data = file.deflate ? deflateRawSync(plain) : plain;
    const name = Buffer.from(file.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(file.deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(plain.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(file.deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(plain.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('readZip', () => {
  it('reads deflated and stored entries', () => {
    const zip = handMadeZip([
      { name: 'src/handlers/a.js', text: 'exports.handler = 1;'.repeat(50), deflate: true },
      { name: 'src/handlers/a.js.map', text: '{}', deflate: false },
    ]);
    expect(readZip(zip).map((entry) => [entry.name, entry.data.toString()])).toEqual([
      ['src/handlers/a.js', 'exports.handler = 1;'.repeat(50)],
      ['src/handlers/a.js.map', '{}'],
    ]);
  });

  it('reads what the zip tool writes, when it is installed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-zip-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), 'hello '.repeat(100));
      try {
        execFileSync('zip', ['-q', 'out.zip', 'a.txt'], { cwd: dir });
      } catch {
        return; // no zip tool here: the hand-made archive above covers the format
      }
      expect(readZip(fs.readFileSync(path.join(dir, 'out.zip'))).map((entry) => entry.data.toString())).toEqual([
        'hello '.repeat(100),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what is not a zip', () => {
    expect(() => readZip(Buffer.from('not a zip at all, not even close to one'))).toThrow(/end of central directory/);
  });
});
