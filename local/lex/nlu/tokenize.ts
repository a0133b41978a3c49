/** Turns utterances (and training templates with `{Slot}` references) into classifier tokens. */
import { type CustomValueIndex, type EntitySpan, findEntitySpans, placeholderFor } from "./entity-spans.js";
import { readKana } from "./kana-reading.js";
import { type TokenizedUtterance, wordsOf } from "./text-features.js";

// ー, 〜 or ~ after a hiragana letter (katakana words keep theirs: 「コーヒー」).
const HIRAGANA_DRAWL = /(?<=[\u3041-\u309f])[ー〜~]+/gu;

// Sentence-final よ, ね, な after hiragana (「結構ですよ」「ありがとね」「大丈夫だよね」): the caller's tone, not a word of
// the request; dropped from the end of the utterance, with the punctuation after them.
const CLOSING_PARTICLES = /(?<=[\u3041-\u309f])[よねな]+[\s\p{P}\p{S}]*$/u;

/** Tokens of normalised free text: mentions become placeholders, the rest words. Also returns the mentions. */
export function tokenizeText(
  text: string,
  lang: "en" | "ja",
  custom: CustomValueIndex[] = [],
): { utterance: TokenizedUtterance; spans: EntitySpan[] } {
  const spans = findEntitySpans(text, lang, custom);
  return { utterance: tokenizeAround(text, lang, spans), spans };
}

/** Tokens of normalised free text around mentions already found (non-overlapping, left to right). */
export function tokenizeAround(
  text: string,
  lang: "en" | "ja",
  spans: readonly EntitySpan[],
): TokenizedUtterance {
  const tokens: string[] = [];
  const pieces: string[] = [];
  let at = 0;
  const addPiece = (piece: string) => {
    // Kana-only Japanese words are read into the utterances' spelling (mentions are already out of the way);
    // a long-vowel mark after hiragana is a casual drawl (「ありがとー」「すみませんねー」), not part of a word.
    const lower = (lang === "ja" ? readKana(piece.replace(HIRAGANA_DRAWL, "")) : piece).toLowerCase();
    if (lower.trim()) pieces.push(lower);
    tokens.push(...wordsOf(lower, lang));
  };
  for (const s of spans) {
    const ph = placeholderFor(s);
    if (ph === null) continue; // a short number stays part of the words ("下4桁")
    addPiece(text.slice(at, s.start));
    tokens.push(ph);
    at = s.end;
  }
  const tail = text.slice(at);
  addPiece(lang === "ja" ? tail.replace(CLOSING_PARTICLES, "") : tail);
  return { tokens, pieces };
}

const SLOT_REF = /\{(\w+)\}/g;

/** Tokens of a training utterance: `{Slot}` references become their type's placeholder. */
export function tokenizeTemplate(
  template: string,
  lang: "en" | "ja",
  placeholderOfSlot: (slotName: string) => string,
  custom: CustomValueIndex[] = [],
): TokenizedUtterance {
  const tokens: string[] = [];
  const pieces: string[] = [];
  let at = 0;
  const addText = (text: string) => {
    const t = tokenizeText(text, lang, custom).utterance;
    tokens.push(...t.tokens);
    pieces.push(...t.pieces);
  };
  for (const m of template.matchAll(SLOT_REF)) {
    addText(template.slice(at, m.index));
    tokens.push(placeholderOfSlot(m[1]!));
    at = m.index + m[0].length;
  }
  addText(template.slice(at));
  return { tokens, pieces };
}
