/**
 * Matching a product name the caller said ("the lamp", 「けとる」) against the items of their own orders:
 * exact, then partial (one name inside the other, or shared words), with width, case and kana folded
 * (katakana and hiragana are the same, so 「けとる」 finds 「電気ケトル」). Only the orders given are searched:
 * the caller's own, never anyone else's.
 */

/** NFKC, lower case, katakana → hiragana, no spaces or punctuation. */
export function foldItemName(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/^(the|my|a|an)\s+/, "")
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

function words(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[a-z0-9]+/g)
      ?.filter((w) => w.length > 2 && !["the", "and", "for", "order"].includes(w)) ?? []
  );
}

/** How well `said` names `item`: 3 exact, 2 one inside the other, 1 shared words, 0 no match. */
export function itemNameScore(said: string, item: string): number {
  const a = foldItemName(said);
  const b = foldItemName(item);
  if (!a || !b) return 0;
  if (a === b) return 3;
  // A part of at least two characters: 「ケトル」 in 「電気ケトル」, "lamp" in "desk lamp".
  if (Math.min(a.length, b.length) >= 2 && (b.includes(a) || a.includes(b))) return 2;
  const shared = words(said).filter((w) => words(item).includes(w));
  return shared.length > 0 ? 1 : 0;
}

/** The orders whose item `said` names best (empty when none does). */
export function matchItemName<T extends { itemName: string }>(said: string, orders: readonly T[]): T[] {
  const scored = orders.map((o) => ({ o, s: itemNameScore(said, o.itemName) })).filter((x) => x.s > 0);
  const best = Math.max(0, ...scored.map((x) => x.s));
  return scored.filter((x) => x.s === best).map((x) => x.o);
}
