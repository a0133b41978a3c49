/**
 * Missed utterances → a review file → new training utterances. Near-duplicates are grouped by the overlap of
 * their character bigrams after normalising (works for Japanese without a tokenizer); each group gets the local
 * NLU's best guess. Accepted ones go into `locales/<id>/bot.json`, never when they are in the held-out set.
 */
import type { NluModel } from "../lex/nlu/types.js";

/** Bigram overlap (Jaccard) at or above which two utterances count as one. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

export interface MissedUtterance {
  localeId: string;
  utterance: string;
  missedCount: number;
}

/** One entry of the review file. Reviewers set `accept: true` and may change `intent`. */
export interface ReviewEntry {
  locale: string;
  utterance: string;
  /** How often it (and its variants) was missed in the window. */
  count: number;
  variants: string[];
  suggestedIntent: string;
  confidence: number;
  /** The intent to train it on; starts as the suggestion. */
  intent: string;
  accept: boolean;
}

/** Normalised text for comparing utterances (width, case, punctuation and spaces ignored). */
export function normalizeForGrouping(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, "");
}

function bigrams(text: string): Set<string> {
  const s = normalizeForGrouping(text);
  if (s.length < 2) return new Set([s]);
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/** Groups near-duplicate missed utterances per locale, biggest groups first. */
export function groupMissed(missed: MissedUtterance[]): { localeId: string; members: MissedUtterance[] }[] {
  const groups: { localeId: string; members: MissedUtterance[]; grams: Set<string> }[] = [];
  const sorted = [...missed].sort(
    (a, b) => b.missedCount - a.missedCount || a.utterance.localeCompare(b.utterance),
  );
  for (const m of sorted) {
    // Masked slot values (`{PhoneLast4}`) are not something to train on.
    if (m.utterance.includes("{") || normalizeForGrouping(m.utterance) === "") continue;
    const grams = bigrams(m.utterance);
    const home = groups.find(
      (g) => g.localeId === m.localeId && similarity(g.grams, grams) >= NEAR_DUPLICATE_SIMILARITY,
    );
    if (home) home.members.push(m);
    else groups.push({ localeId: m.localeId, members: [m], grams });
  }
  const total = (g: { members: MissedUtterance[] }) => g.members.reduce((n, m) => n + m.missedCount, 0);
  return groups.sort((a, b) => total(b) - total(a)).map(({ localeId, members }) => ({ localeId, members }));
}

/** Review entries for the groups, each with the NLU's top intent (even under the threshold: a hint). */
export function reviewEntries(
  groups: { localeId: string; members: MissedUtterance[] }[],
  modelFor: (localeId: string) => NluModel | undefined,
): ReviewEntry[] {
  return groups.map((g) => {
    const [head, ...rest] = g.members;
    const top = modelFor(g.localeId)?.classify(head!.utterance)[0];
    const suggested = top?.intent ?? "FallbackIntent";
    return {
      locale: g.localeId,
      utterance: head!.utterance,
      count: g.members.reduce((n, m) => n + m.missedCount, 0),
      variants: rest.map((m) => m.utterance),
      suggestedIntent: suggested,
      confidence: top?.confidence ?? 0,
      intent: suggested,
      accept: false,
    };
  });
}

/** Why an accepted entry was not added. */
export type SkipReason = "held-out" | "duplicate" | "unknown-intent" | "slot-reference";

/**
 * Adds `utterance` to `intent`'s utterances in the text of a `bot.json`, keeping the rest of the file byte for
 * byte (a reviewable one-line diff). Returns the new text, or the reason it was skipped.
 */
export function addUtterance(
  botJson: string,
  intent: string,
  utterance: string,
  heldOut: Set<string>,
): { text: string } | { skipped: SkipReason } {
  if (utterance.includes("{")) return { skipped: "slot-reference" };
  if (heldOut.has(normalizeForGrouping(utterance))) return { skipped: "held-out" };
  const parsed = JSON.parse(botJson) as { intents: Record<string, { utterances: string[] }> };
  const target = parsed.intents[intent];
  if (!target) return { skipped: "unknown-intent" };
  const seen = new Set(target.utterances.map(normalizeForGrouping));
  if (seen.has(normalizeForGrouping(utterance))) return { skipped: "duplicate" };
  const intentAt = findKey(botJson, intent, botJson.indexOf('"intents"'));
  const listAt = botJson.indexOf('"utterances"', intentAt);
  const open = botJson.indexOf("[", listAt);
  const close = matchingBracket(botJson, open);
  const before = botJson.slice(0, close).trimEnd();
  const lastLineStart = before.lastIndexOf("\n") + 1;
  const indent = /^\s*/.exec(before.slice(lastLineStart))?.[0] ?? "        ";
  const text = `${before},\n${indent}${JSON.stringify(utterance)}${botJson.slice(before.length)}`;
  JSON.parse(text); // never write a broken file
  return { text };
}

function findKey(text: string, key: string, from: number): number {
  const at = text.indexOf(`${JSON.stringify(key)}:`, from);
  if (at < 0) throw new Error(`no "${key}" in bot.json`);
  return at;
}

function matchingBracket(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  throw new Error("unbalanced utterances list in bot.json");
}
