/**
 * Values of a slot type outside its sample values, captured by their carrier phrases as Lex captures them for a
 * type whose `valueSelectionSetting` is ORIGINAL_VALUE (expand values): "cancel the garden hose", "where is my
 * patio umbrella", 「ガーデンホースをキャンセルしたい」, 「かしつきの配達日を変えたい」. The carriers are learned from the
 * words around the type's `{Slot}` references in the training utterances; a capture is words the bot's own
 * sentences never use (a product name is not one of its words) standing where such a reference stands.
 * TOP_RESOLUTION types keep to their values, as in Lex.
 */
import type { RenderedIntent, RenderedSlotType } from "../../../bot/types.js";
import type { EntitySpan } from "./entity-spans.js";
import { readKana } from "./kana-reading.js";
import { wordsOf } from "./text-features.js";

/** Longest English capture in words, Japanese in characters: a longer run of new words is no product name. */
const MAX_WORDS = 4;
const MAX_CHARS = 24;
/** Carrier words (not the text's start or end) that must match: "cancel the ___", 「___をキャンセル」. */
const MIN_CARRIER_WORDS = 2;
const START = "^";
const END = "$";
const OTHER_SLOT = "§";
const NEVER = /$^/gu;

interface Word {
  text: string;
  start: number;
  end: number;
}

/** Words of `text` with their offsets, as `wordsOf` splits them (apostrophes dropped in English). */
function wordsWithOffsets(text: string, lang: "en" | "ja"): Word[] {
  const out: Word[] = [];
  if (lang === "en") {
    for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}']+/gu)) {
      const word = m[0].replace(/'/g, "");
      if (word) out.push({ text: word, start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
  for (const s of JA_SEGMENTER.segment(text.toLowerCase())) {
    if (s.isWordLike) out.push({ text: s.segment, start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

const JA_SEGMENTER = new Intl.Segmenter("ja", { granularity: "word" });

/** The carriers of one slot type: the one and two words seen left and right of its references. */
interface Carriers {
  slotType: string;
  left: Set<string>;
  right: Set<string>;
  /** Two carrier words right of a reference as one string (「をキャンセル」, 「の配達」), for Japanese text. */
  rightPhrases: string[];
  /** The right phrases as one global pattern: the nearest one from `lastIndex`. */
  rightPattern: RegExp;
}

/** The words the bot's sentences use: exactly (`has`) or as a typo or contraction of one (`knows`). */
export interface Vocabulary {
  has(word: string): boolean;
  knows(word: string): boolean;
}

function hasMatch(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function captured(text: string, start: number, end: number, slotType: string): EntitySpan {
  return {
    start,
    end,
    text: text.slice(start, end),
    before: text.slice(Math.max(0, start - 12), start),
    kind: "custom",
    slotType,
    captured: true,
  };
}

/** Captures values of the locale's ORIGINAL_VALUE custom slot types outside their sample values. */
export class CapturedValues {
  private readonly carriers: Carriers[] = [];

  constructor(
    intents: readonly RenderedIntent[],
    slotTypes: readonly RenderedSlotType[],
    private readonly lang: "en" | "ja",
  ) {
    const expanding = slotTypes.filter(
      (t) => t.resolutionStrategy === "ORIGINAL_VALUE" && t.values.length > 0,
    );
    for (const type of expanding) {
      const c: Carriers = {
        slotType: type.name,
        left: new Set(),
        right: new Set(),
        rightPhrases: [],
        rightPattern: NEVER,
      };
      for (const intent of intents) {
        const slotTypeOf = new Map(intent.slots.map((s) => [s.name, s.slotType]));
        const templates = [...intent.utterances, ...intent.slots.flatMap((s) => s.sampleUtterances)];
        for (const template of templates) {
          if (!template.includes("{")) continue;
          const tokens = templateTokens(template, lang, (slot) => slotTypeOf.get(slot) === type.name);
          tokens.forEach((t, i) => {
            if (t !== "{}") return;
            const l1 = tokens[i - 1] ?? START;
            const l2 = l1 === START ? START : (tokens[i - 2] ?? START);
            const r1 = tokens[i + 1] ?? END;
            const r2 = r1 === END ? END : (tokens[i + 2] ?? END);
            c.left.add(l1).add(`${l2} ${l1}`);
            c.right.add(r1).add(`${r1} ${r2}`);
            if (![r1, r2].some((t) => t === END || t === OTHER_SLOT)) c.rightPhrases.push(`${r1}${r2}`);
          });
        }
      }
      c.rightPhrases = [...new Set(c.rightPhrases)];
      if (c.rightPhrases.length > 0)
        c.rightPattern = new RegExp(
          c.rightPhrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
          "gu",
        );
      if (c.left.size > 0) this.carriers.push(c);
    }
  }

  /**
   * Mentions of captured values in normalised `text`, beside the mentions already found (`spans`, which stay
   * boundaries). `vocabulary` tells the words the bot's sentences use (the classifier's).
   */
  find(text: string, spans: readonly EntitySpan[], vocabulary: Vocabulary): EntitySpan[] {
    if (this.carriers.length === 0) return [];
    // Japanese: no right carrier anywhere, no capture (and no second pass of the segmenter).
    if (this.lang === "ja" && !this.carriers.some((c) => hasMatch(c.rightPattern, text))) return [];
    // The words between mentions; a mention is a boundary (null).
    const words: (Word | null)[] = [];
    let at = 0;
    for (const s of [...spans, null]) {
      const end = s ? s.start : text.length;
      for (const w of wordsWithOffsets(text.slice(at, end), this.lang))
        words.push({ ...w, start: w.start + at, end: w.end + at });
      if (!s) break;
      words.push(null);
      at = s.end;
    }
    return this.lang === "en"
      ? this.findEnglish(text, words, vocabulary)
      : this.findJapanese(text, words, spans, vocabulary);
  }

  // A run of words outside the vocabulary with at least one no typo explains ("garden hose": "hose" may read as
  // "house", "garden" as nothing), between a left and a right carrier.
  private findEnglish(text: string, words: (Word | null)[], vocabulary: Vocabulary): EntitySpan[] {
    const token = (i: number) => (i < 0 ? START : i >= words.length ? END : (words[i]?.text ?? OTHER_SLOT));
    const outside = (w: Word | null) => w !== null && !vocabulary.has(w.text);
    const out: EntitySpan[] = [];
    for (let i = 0; i < words.length; i++) {
      if (!outside(words[i]!)) continue;
      let j = i + 1;
      while (j < words.length && outside(words[j]!)) j++;
      const run = words.slice(i, j) as Word[];
      const type =
        run.length <= MAX_WORDS && run.some((w) => !vocabulary.knows(w.text))
          ? this.carrierOf(token(i - 2), token(i - 1), token(j), token(j + 1))
          : null;
      if (type) out.push(captured(text, run[0]!.start, run[run.length - 1]!.end, type));
      i = j - 1;
    }
    return out;
  }

  // From a word the bot never uses up to the nearest right carrier (「かしつき|の配達日」, 「ガーデンホース|をキャンセル」):
  // matched on the text, since the segmenter splits unknown kana unpredictably (「かし」「つきの」).
  private findJapanese(
    text: string,
    words: (Word | null)[],
    spans: readonly EntitySpan[],
    vocabulary: Vocabulary,
  ): EntitySpan[] {
    const out: EntitySpan[] = [];
    let from = 0;
    for (const w of words) {
      if (!w || w.start < from || vocabulary.knows(w.text)) continue;
      const limit = Math.min(
        w.start + MAX_CHARS,
        ...spans.filter((s) => s.start >= w.end).map((s) => s.start),
        text.length,
      );
      for (const c of this.carriers) {
        c.rightPattern.lastIndex = w.end;
        const p = c.rightPattern.exec(text)?.index ?? limit;
        if (p >= limit) continue;
        // A name does not run across punctuation or a space (「えーと、ガーデンホース」 is 「ガーデンホース」).
        const start = w.start + (text.slice(w.start, p).search(/[\s\p{P}][^\s\p{P}]*$/u) + 1);
        const said = text.slice(start, p);
        if (said && !this.readsAsKnown(said, vocabulary)) {
          out.push(captured(text, start, p, c.slotType));
          from = p;
        }
        break;
      }
    }
    return out;
  }

  /** The slot type whose carriers stand around a capture (at least two carrier words matched), or `null`. */
  private carrierOf(l2: string, l1: string, r1: string, r2: string): string | null {
    const words = (...ts: string[]) => ts.filter((t) => t !== START && t !== END).length;
    for (const c of this.carriers) {
      const left = c.left.has(`${l2} ${l1}`) ? words(l2, l1) : c.left.has(l1) ? words(l1) : -1;
      const right = c.right.has(`${r1} ${r2}`) ? words(r1, r2) : c.right.has(r1) ? words(r1) : -1;
      // Japanese names its object before the verb: the words after a name carry it, whatever came before.
      const needed = this.lang === "ja" ? right : left >= 0 && right >= 0 ? left + right : -1;
      if (needed >= MIN_CARRIER_WORDS) return c.slotType;
    }
    return null;
  }

  /** Kana the reading lexicon turns into the bot's own words (「ちゅうもん」 is 注文, not a product). */
  private readsAsKnown(said: string, vocabulary: Vocabulary): boolean {
    const read = readKana(said);
    return read !== said && wordsOf(read.toLowerCase(), this.lang).every((w) => vocabulary.knows(w));
  }
}

/** Words of a template; references of the captured type become `{}`, other references `§`. */
function templateTokens(
  template: string,
  lang: "en" | "ja",
  isCaptured: (slot: string) => boolean,
): string[] {
  const out: string[] = [];
  let at = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    out.push(...wordsOf(template.slice(at, m.index).toLowerCase(), lang));
    out.push(isCaptured(m[1]!) ? "{}" : OTHER_SLOT);
    at = m.index + m[0].length;
  }
  out.push(...wordsOf(template.slice(at).toLowerCase(), lang));
  return out;
}
