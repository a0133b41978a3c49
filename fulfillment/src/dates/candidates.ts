/** A date or time found in a transcript, with where it was found so competing readings can be ranked. */
export interface Found<T> {
  start: number;
  end: number;
  /** null: the words are a date/time expression but not a real one (2月30日), which blocks shorter readings. */
  value: T | null;
}

/**
 * Picks the reading the customer most likely meant: the earliest expression in the text; when readings
 * overlap (our "the 3rd" and chrono's "3rd of December"), the longest span wins, ties to the earlier-listed.
 */
export function pickFirst<T>(found: readonly Found<T>[]): T | null {
  if (found.length === 0) return null;
  const ordered = found
    .map((f, order) => ({ ...f, order }))
    .sort((a, b) => a.start - b.start || a.order - b.order);
  const first = ordered[0]!;
  let best = first;
  let clusterEnd = first.end;
  for (const f of ordered) {
    if (f.start >= clusterEnd) break;
    clusterEnd = Math.max(clusterEnd, f.end);
    const len = f.end - f.start;
    const bestLen = best.end - best.start;
    if (len > bestLen || (len === bestLen && f.order < best.order)) best = f;
  }
  return best.value;
}

/** Collects every match of a global regex with its value; `read` returns null for an impossible date or time. */
export function findAll<T>(
  text: string,
  pattern: RegExp,
  read: (m: RegExpExecArray) => T | null,
): Found<T>[] {
  const out: Found<T>[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0] === "") {
      pattern.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, value: read(m) });
  }
  return out;
}
