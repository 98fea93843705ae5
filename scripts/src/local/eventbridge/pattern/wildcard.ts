/**
 * The `wildcard` filter: `*` matches any run of characters (including none), `\*` is a literal
 * asterisk and `\\` a literal backslash. Matching splits the pattern at its unescaped stars into
 * literal segments and finds them in order, so there is no regular expression to blow up.
 */

/**
 * AWS's syntax check, with its messages. AWS counts positions in UTF-8 bytes of the quoted
 * string, so the first character is at position 1.
 */
export function wildcardSyntaxError(pattern: string): string | null {
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    const next = pattern[index + 1];
    if (char === '*' && next === '*') return `Consecutive wildcard characters at pos ${quotedBytePosition(pattern, index)}`;
    if (char !== '\\') continue;
    // A trailing backslash would escape AWS's closing quote, so it is an invalid escape too.
    if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${quotedBytePosition(pattern, index)}`;
    index++;
  }
  return null;
}

function quotedBytePosition(pattern: string, index: number): number {
  return Buffer.byteLength(pattern.slice(0, index), 'utf8') + 1;
}

/** The literal text between unescaped stars: "a*b\*c" gives ["a", "b*c"]. */
export function wildcardSegments(pattern: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? '';
    if (char === '*') {
      segments.push(current);
      current = '';
    } else if (char === '\\' && index + 1 < pattern.length) {
      current += pattern[++index] ?? '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

export function matchesWildcard(pattern: string, value: string): boolean {
  const segments = wildcardSegments(pattern);
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  return containsInOrder(value.slice(first.length, value.length - last.length), segments.slice(1, -1));
}

/** Taking each middle segment at its leftmost place is enough: a star can absorb any gap. */
function containsInOrder(text: string, segments: readonly string[]): boolean {
  let from = 0;
  for (const segment of segments) {
    const at = text.indexOf(segment, from);
    if (at < 0) return false;
    from = at + segment.length;
  }
  return true;
}
