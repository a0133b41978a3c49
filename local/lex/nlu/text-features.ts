/**
 * Sparse TF-IDF features: word unigrams and bigrams (Intl.Segmenter words for Japanese) plus character
 * n-grams (inside words for English, across the text for Japanese, which has no spaces). Unknown features
 * still count in each vector's norm, so an utterance made mostly of words the bot never saw yields a weak
 * vector and therefore a low confidence: the basis of the fallback decision.
 */

import { SpellingCorrector } from "./spelling.js";

/** A tokenised utterance: words and placeholders in order, plus the raw text pieces between mentions. */
export interface TokenizedUtterance {
  tokens: string[];
  /** Lower-cased text pieces without mentions, for character n-grams. */
  pieces: string[];
}

const jaSegmenter = new Intl.Segmenter("ja", { granularity: "word" });
const LATIN_WORD = /[\p{L}\p{N}]+/gu;

/** Splits a lower-cased text piece into words. */
export function wordsOf(piece: string, lang: "en" | "ja"): string[] {
  if (lang === "en") return piece.replace(/'/g, "").match(LATIN_WORD) ?? [];
  const out: string[] = [];
  for (const s of jaSegmenter.segment(piece)) {
    if (s.isWordLike) out.push(s.segment);
  }
  return out;
}

export interface FeatureWeights {
  word: number;
  bigram: number;
  char: number;
}

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { word: 1, bigram: 0.6, char: 0.9 };

type Group = "w" | "b" | "c";

// English negation cues (apostrophes are already dropped: "don't" → "dont"). The words after one are also seen
// as negated ("¬cancel"), so "don't cancel my order" and "cancel my order" differ by more than one word.
const NEGATION_CUES = new Set([
  "no",
  "not",
  "dont",
  "never",
  "didnt",
  "wont",
  "doesnt",
  "nothing",
  "without",
]);
// Content words in a negation's scope; the function words between them are marked but do not use it up, so
// "no need to call me back" negates "call" and "back" as "don't call me back" does.
const NEGATION_SCOPE = 3;
const EN_FUNCTION_WORDS = new Set([
  "a",
  "an",
  "the",
  "to",
  "me",
  "my",
  "it",
  "for",
  "that",
  "this",
  "any",
  "anyone",
  "need",
  "want",
  "have",
  "be",
  "going",
  "gonna",
  "please",
  "just",
  "really",
]);
// Unknown words corrected per utterance: a caller's sentence has a few typos, a wall of noise needs no more.
const MAX_CORRECTIONS = 12;
// Japanese negates or declines after what it negates (「キャンセル は し ませ ん」, 「電話 は もう 大丈夫 です」): the
// content words before a negative or declining word are marked, the particles between them skipped.
const JA_NEGATIONS = new Set([
  "ない",
  "ません",
  "せん",
  "なく",
  "ず",
  "ないで",
  "なかっ",
  "不要",
  "いらない",
  "要ら",
  "要り",
  "大丈夫",
  "結構",
]);
const JA_FUNCTION_WORDS = new Set([
  "は",
  "が",
  "を",
  "に",
  "の",
  "も",
  "で",
  "て",
  "と",
  "へ",
  "って",
  "もう",
  "まだ",
  "し",
  "しま",
  "ま",
  "する",
  "い",
  "です",
  "ます",
  "あり",
  "ある",
]);
const JA_NEGATION_SCOPE = 2;
// How far back a Japanese negation looks for its content words.
const JA_NEGATION_REACH = 6;

function isJaNegation(token: string): boolean {
  return JA_NEGATIONS.has(token) || (token.length > 2 && token.endsWith("ない"));
}

/** Raw feature counts of one utterance, by group. */
function rawFeatures(u: TokenizedUtterance, lang: "en" | "ja"): Record<Group, Map<string, number>> {
  const groups: Record<Group, Map<string, number>> = { w: new Map(), b: new Map(), c: new Map() };
  const add = (g: Group, key: string) => groups[g].set(key, (groups[g].get(key) ?? 0) + 1);
  const toks = u.tokens;
  for (const t of toks) add("w", t);
  if (lang === "en") {
    let scope = 0;
    for (const t of toks) {
      if (scope > 0 && !t.startsWith("<")) add("w", `¬${t}`);
      if (NEGATION_CUES.has(t)) scope = NEGATION_SCOPE;
      else if (scope > 0 && !EN_FUNCTION_WORDS.has(t)) scope--;
    }
  } else {
    toks.forEach((t, i) => {
      if (!isJaNegation(t)) return;
      let marked = 0;
      for (let j = i - 1; j >= Math.max(0, i - JA_NEGATION_REACH) && marked < JA_NEGATION_SCOPE; j--) {
        const w = toks[j]!;
        if (w.startsWith("<") || JA_FUNCTION_WORDS.has(w) || isJaNegation(w)) continue;
        add("w", `¬${w}`);
        marked++;
      }
    });
  }
  for (let i = 0; i <= toks.length; i++) add("b", `${toks[i - 1] ?? "^"} ${toks[i] ?? "$"}`);
  if (lang === "en") {
    for (const t of toks) {
      if (t.startsWith("<")) continue;
      const padded = ` ${t} `;
      for (let n = 3; n <= 5; n++) {
        for (let i = 0; i + n <= padded.length; i++) add("c", padded.slice(i, i + n));
      }
    }
  } else {
    for (const piece of u.pieces) {
      const chars = [...piece.replace(/[\s\p{P}\p{S}]+/gu, "")];
      for (let n = 1; n <= 3; n++) {
        for (let i = 0; i + n <= chars.length; i++) add("c", chars.slice(i, i + n).join(""));
      }
    }
  }
  return groups;
}

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
  /** Share of the word group's weight carried by words the model knows (0..1). */
  coverage: number;
}

/** What a fitted vectorizer holds (JSON-safe). */
export interface VectorizerState {
  features: string[];
  idf: number[];
  unknownIdf: number;
}

/** Fitted vocabulary and IDF; turns tokenised utterances into L2-normalised sparse vectors. */
export class TfIdfVectorizer {
  readonly index = new Map<string, number>();
  private idf: number[] = [];
  private unknownIdf = 1;
  private speller: SpellingCorrector | undefined;
  /** The words of the vocabulary (the `w|` features that are not negated). */
  private readonly words = new Set<string>();

  constructor(
    private readonly lang: "en" | "ja",
    private readonly weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS,
  ) {}

  get size(): number {
    return this.index.size;
  }

  /** Learns the vocabulary and document frequencies of the training utterances. */
  fit(docs: TokenizedUtterance[]): this {
    const df = new Map<string, number>();
    for (const d of docs) {
      const g = rawFeatures(d, this.lang);
      for (const group of ["w", "b", "c"] as const) {
        for (const k of g[group].keys()) {
          const key = `${group}|${k}`;
          df.set(key, (df.get(key) ?? 0) + 1);
        }
      }
    }
    const n = docs.length;
    for (const [key, count] of df) {
      this.index.set(key, this.idf.length);
      this.idf.push(Math.log((n + 1) / (count + 1)) + 1);
    }
    this.unknownIdf = Math.log(n + 1) + 1;
    this.buildWordIndex();
    return this;
  }

  /** The fitted vocabulary (in index order) and IDF, for the model cache. */
  state(): VectorizerState {
    return { features: [...this.index.keys()], idf: [...this.idf], unknownIdf: this.unknownIdf };
  }

  /** A vectorizer as `fit` left it, from {@link state}. */
  static restore(lang: "en" | "ja", weights: FeatureWeights, state: VectorizerState): TfIdfVectorizer {
    const v = new TfIdfVectorizer(lang, weights);
    for (const [i, f] of state.features.entries()) v.index.set(f, i);
    v.idf = state.idf;
    v.unknownIdf = state.unknownIdf;
    v.buildWordIndex();
    return v;
  }

  /** The spelling corrector over the known words (English only), built once the vocabulary is known. */
  /** The known words (for lookups without building feature keys) and the spelling corrector over them. */
  private buildWordIndex(): void {
    for (const k of this.index.keys())
      if (k.startsWith("w|") && !k.startsWith("w|¬")) this.words.add(k.slice(2));
    if (this.lang !== "en") return;
    this.speller = new SpellingCorrector(
      [...this.index]
        .filter(([k]) => k.startsWith("w|") && !k.startsWith("w|¬"))
        // A lower IDF means a more frequent word: the better guess between equally close candidates.
        .map(([k, i]) => [k.slice(2), -this.idf[i]!] as [string, number]),
    );
  }

  /**
   * Words the model never saw, read as the known word they stand for: English typos a few edits away ("oder" →
   * "order"); Japanese casual contractions that drop a final う (「ありがと」 → 「ありがとう」, 「おはよ」 → 「おはよう」).
   */
  private corrected(u: TokenizedUtterance): TokenizedUtterance {
    if (this.lang === "ja") {
      if (u.tokens.every((t) => this.words.has(t) || t.startsWith("<"))) return u;
      const tokens = u.tokens.map((t) =>
        this.words.has(t) || t.startsWith("<") || !this.words.has(`${t}う`) ? t : `${t}う`,
      );
      return { ...u, tokens };
    }
    const speller = this.speller;
    if (!speller) return u;
    let budget = MAX_CORRECTIONS;
    const tokens = u.tokens.map((t) => {
      if (this.words.has(t) || t.startsWith("<") || budget <= 0) return t;
      budget--;
      return speller.correct(t) ?? t;
    });
    return { ...u, tokens };
  }

  /** Whether `word` is in the vocabulary exactly. */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Whether the bot's utterances use `word`, as it is or as the word {@link corrected} reads it as. */
  knows(word: string): boolean {
    if (this.words.has(word)) return true;
    if (this.lang === "ja") return this.words.has(`${word}う`);
    return this.speller?.correct(word) != null;
  }

  /** Vectorises one utterance; unknown features dilute the norm but are dropped from the vector. */
  transform(u: TokenizedUtterance): SparseVector {
    const g = rawFeatures(this.corrected(u), this.lang);
    const idx: number[] = [];
    const val: number[] = [];
    let coverage = 1;
    for (const group of ["w", "b", "c"] as const) {
      const weight =
        group === "w" ? this.weights.word : group === "b" ? this.weights.bigram : this.weights.char;
      let norm = 0;
      let known = 0;
      const items: [number, number][] = [];
      for (const [k, count] of g[group]) {
        const i = this.index.get(`${group}|${k}`);
        // A negated word the bot never saw negated is not a new word: the word itself already counts.
        if (i === undefined && group === "w" && k.startsWith("¬")) continue;
        const v = (1 + Math.log(count)) * (i === undefined ? this.unknownIdf : this.idf[i]!);
        norm += v * v;
        if (i !== undefined) {
          known += v * v;
          items.push([i, v]);
        }
      }
      if (group === "w") coverage = norm > 0 ? known / norm : 0;
      if (norm === 0) continue;
      const scale = weight / Math.sqrt(norm);
      for (const [i, v] of items) {
        idx.push(i);
        val.push(v * scale);
      }
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), coverage };
  }
}
