/** JSON pointer helpers (RFC 6901) for error paths. */

/** Appends one property name or array index to a pointer, escaping '~' and '/'. */
export function appendPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The decoded reference tokens of a pointer ("" -> [], "/a~1b/0" -> ["a/b", "0"]). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Orders pointers token by token, array indexes numerically ("/votes/2" before "/votes/10"). */
export function comparePointers(a: string, b: string): number {
  const left = pointerTokens(a);
  const right = pointerTokens(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareTokens(left[i] as string, right[i] as string);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

function compareTokens(a: string, b: string): number {
  const bothIndexes = /^\d+$/.test(a) && /^\d+$/.test(b);
  if (bothIndexes) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
