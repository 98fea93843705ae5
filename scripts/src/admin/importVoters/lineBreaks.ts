/**
 * Turns every line break of a text stream into `\n` (from `\r\n` or a lone `\r`). csv-parse
 * counts a `\r\n` inside a quoted field as two lines, which would shift every line number after
 * it; with one kind of break its count is the file's (checked in checkRoll.test.ts).
 */
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export function unifyLineBreaks(): Transform {
  const decoder = new StringDecoder('utf8');
  let pendingCarriageReturn = false;
  const unify = (text: string): string => {
    let joined = (pendingCarriageReturn ? '\r' : '') + text;
    pendingCarriageReturn = joined.endsWith('\r');
    if (pendingCarriageReturn) joined = joined.slice(0, -1);
    return joined.replace(/\r\n?/g, '\n');
  };
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      done(null, unify(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    },
    flush(done) {
      const rest = unify(decoder.end()) + (pendingCarriageReturn ? '\n' : '');
      done(null, rest);
    },
  });
}
