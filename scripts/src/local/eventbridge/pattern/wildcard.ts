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
    if (char === '*' && next === '*')
      return `Consecutive wildcard characters at pos ${quotedBytePosition(pattern, index)}`;
    if (char !== '\\') continue;
    // A trailing backslash would escape AWS's closing quote, so it is an invalid escape too.
    if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${quotedBytePosition(pattern, index)}`;
    index++;
  }
  return null;
}

/** AWS's words when PutRule or TestEventPattern refuses a pattern's wildcards as too costly. */
export const WILDCARD_TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

/**
 * The most wildcard weight the wildcard values of one field may carry together. AWS documents
 * that it refuses patterns whose wildcards are too complex, not where the line is; this limit
 * refuses six `*:` in a row (which AWS refuses) and accepts three two-star values on one field
 * (which AWS accepts), but not four.
 */
export const WILDCARD_WEIGHT_LIMIT = 6;

/**
 * An estimate of what one wildcard value costs EventBridge. AWS's matching engine measures how
 * many wildcard prefixes a worst-case value can keep alive at once: every star adds one, and a
 * literal run that repeats after another star (as in `*:*:*`) lets one input character advance
 * several of them, so each repeat adds one more. The weight is therefore the number of stars plus the number of
 * non-empty runs after a star that equal an earlier run after a star.
 */
export function wildcardWeight(pattern: string): number {
  const afterStars = wildcardSegments(pattern).slice(1);
  const seen = new Set<string>();
  let repeats = 0;
  for (const run of afterStars) {
    if (run !== '' && seen.has(run)) repeats++;
    seen.add(run);
  }
  return afterStars.length + repeats;
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
