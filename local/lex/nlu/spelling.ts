/**
 * Typo tolerance for space-separated languages: a word the model never saw is read as the known word one or
 * two edits away (optimal string alignment distance: insert, delete, substitute, swap two neighbours), so
 * "cancle my oder" is read as "cancel my order". Only unambiguous, long-enough words are corrected, so
 * out-of-domain words stay unknown and still lower the confidence.
 */

/** Edits allowed for a word of `length` letters: short words are too easy to turn into another word. */
export function maxEdits(length: number): number {
  if (length < 3) return 0;
  if (length < 6) return 1;
  return 2;
}

/** Optimal string alignment distance, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** Corrects unknown words against a vocabulary of known words with their document frequencies. */
export class SpellingCorrector {
  private readonly byLength = new Map<number, [string, number][]>();
  private readonly cache = new Map<string, string | null>();

  constructor(vocabulary: Iterable<[string, number]>) {
    for (const [word, df] of vocabulary) {
      if (!/^[a-z]+$/.test(word)) continue;
      const list = this.byLength.get(word.length) ?? [];
      list.push([word, df]);
      this.byLength.set(word.length, list);
    }
  }

  /** The known word `word` most likely stands for, or `null` (none close enough, or a tie). */
  correct(word: string): string | null {
    const hit = this.cache.get(word);
    if (hit !== undefined) return hit;
    const limit = maxEdits(word.length);
    let best: { word: string; d: number; df: number } | null = null;
    let tie = false;
    if (limit > 0 && /^[a-z]+$/.test(word)) {
      for (let len = word.length - limit; len <= word.length + limit; len++) {
        for (const [candidate, df] of this.byLength.get(len) ?? []) {
          // Short known words are not targets either: "bak" → "back" yes, "hiya" → "hi" no.
          if (candidate.length < 3) continue;
          const d = editDistance(word, candidate, limit);
          if (d > limit) continue;
          // The first letter is rarely the mistyped one; a different first letter costs one more edit.
          const cost = d + (candidate[0] === word[0] ? 0 : 1);
          if (cost > limit) continue;
          if (!best || cost < best.d || (cost === best.d && df > best.df)) {
            tie = best !== null && cost === best.d && df === best.df;
            best = { word: candidate, d: cost, df };
          } else if (cost === best.d && df === best.df) tie = true;
        }
      }
    }
    const out = best && !tie ? best.word : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }
}
