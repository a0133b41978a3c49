/**
 * MessageReceived matching. Connect's `Similarity` is a semantic match with no documented threshold; locally
 * it is a deterministic stand-in (NOT Connect's algorithm): the Sørensen–Dice coefficient of the two texts'
 * token multisets, where a token is a lower-cased word for Latin text and a character bigram for CJK text
 * (Japanese has no spaces), after NFKC normalization with punctuation dropped. A message matches when the
 * score is at least the threshold, 0.8 by default. `Inclusion`: the normalized message contains the
 * normalized expected text.
 */

/** Default `Similarity` threshold (Dice coefficient, 0..1). */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.8;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/u;

/** NFKC, lower case, punctuation and symbols as spaces, collapsed whitespace. */
export function normalizeMessage(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words for Latin runs, character bigrams for CJK runs (a single CJK character is one token). */
export function messageTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const word of normalizeMessage(text).split(" ")) {
    if (word === "") continue;
    let latin = "";
    let cjk = "";
    const flushCjk = () => {
      if (cjk.length === 1) tokens.push(cjk);
      for (let i = 0; i + 1 < cjk.length; i++) tokens.push(cjk.slice(i, i + 2));
      cjk = "";
    };
    for (const ch of word) {
      if (CJK.test(ch)) {
        if (latin) tokens.push(latin);
        latin = "";
        cjk += ch;
      } else {
        flushCjk();
        latin += ch;
      }
    }
    flushCjk();
    if (latin) tokens.push(latin);
  }
  return tokens;
}

/** Dice coefficient of the token multisets: 1 for the same tokens, 0 for none in common. */
export function similarityScore(expected: string, observed: string): number {
  const a = messageTokens(expected);
  const b = messageTokens(observed);
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/** Does the observed message match the expected text under the criteria? */
export function messageMatches(
  criteria: "Similarity" | "Inclusion",
  expected: string,
  observed: string,
  threshold = DEFAULT_SIMILARITY_THRESHOLD,
): { matched: boolean; score: number } {
  if (criteria === "Inclusion") {
    const hit = normalizeMessage(observed).includes(normalizeMessage(expected));
    return { matched: hit, score: hit ? 1 : 0 };
  }
  const score = similarityScore(expected, observed);
  return { matched: score >= threshold, score };
}
