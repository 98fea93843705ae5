/**
 * A generated voter roll for measuring the import (`yarn admin import-voters --generate <count>
 * <out.csv>`): made-up names, a voter id on nine rows in ten (the tenth gets a derived one), an
 * e-mail on one row in three, all at example.org (a domain reserved for examples). Written as a
 * stream, so a large roll costs no memory.
 */
import fs from 'node:fs';
import { once } from 'node:events';

const GIVEN = ['Abby', 'Beth', 'Carla', 'Delores', 'Elena', 'Joe', 'Robert', 'Sam', 'Tomas', 'Yuki', 'Ines', 'Omar'];
const FAMILY = ['Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jones', 'Kowalski'];

/** Row `index` (0-based) of a generated roll, as a CSV line without its line break. */
export function generatedRow(index: number): string {
  const name = `${GIVEN[index % GIVEN.length]} ${FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]} ${index + 1}`;
  const voterId = index % 10 === 9 ? '' : `g${String(index + 1).padStart(7, '0')}`;
  const email = index % 3 === 0 ? `voter${index + 1}@example.org` : '';
  return `${name},${voterId},${email}`;
}

/** Writes a roll of `count` generated voters to `file` (replacing it). */
export async function generateRoll(file: string, count: number): Promise<void> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`--generate needs a positive whole number, got ${count}`);
  const out = fs.createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // observed by the races below; this only keeps it from being unhandled
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await Promise.race([once(out, 'drain'), failed]);
  };
  await write('full_name,voter_id,email');
  for (let index = 0; index < count; index++) await write(generatedRow(index));
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
