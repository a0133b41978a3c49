/** Number reading shared by the Japanese and English parsers: full-width digits, kanji numerals, English words. */

const KANJI_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const KANJI_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const KANJI_RUN = /[〇零一二三四五六七八九十百千]+/g;

/**
 * Reads a kanji numeral: positional (二十五, 千二百, 一万五千) or digit by digit (一二三四, 〇九〇, keeping leading
 * zeros in `digits`). Shared with the emulator's NLU.
 */
export function parseKanjiNumeral(run: string): { digits: string; value: string } | null {
  if (run.length === 0) return null;
  if (!/[十百千万]/.test(run)) {
    let digits = "";
    for (const ch of run) {
      const d = KANJI_DIGITS[ch];
      if (d === undefined) return null;
      digits += String(d);
    }
    return { digits, value: String(Number(digits)) };
  }
  let total = 0;
  let section = 0;
  let pending: number | null = null;
  for (const ch of run) {
    const d = KANJI_DIGITS[ch];
    if (d !== undefined) {
      if (pending !== null) return null; // two digits in a row inside a positional numeral: not a number
      pending = d;
    } else if (ch === "万") {
      total += (section + (pending ?? 0) || 1) * 10_000;
      section = 0;
      pending = null;
    } else {
      section += (pending ?? 1) * (KANJI_UNITS[ch] ?? 1);
      pending = null;
    }
  }
  const value = total + section + (pending ?? 0);
  return { digits: String(value), value: String(value) };
}

/** The value of one run of kanji numerals (二千二十六, 三十一, 十, 二〇二六), or null. */
export function kanjiNumeralValue(run: string): number | null {
  const parsed = parseKanjiNumeral(run);
  return parsed ? Number(parsed.value) : null;
}

/**
 * Normalises a transcript for the Japanese parser: NFKC folds full-width digits and punctuation (３／４ → 3/4),
 * then kanji numerals become arabic (十二月三日 → 12月3日). Words that merely contain a numeral (一緒) turn
 * into harmless strings that no date pattern matches.
 */
export function normalizeJapanese(text: string): string {
  return text.normalize("NFKC").replace(KANJI_RUN, (run) => {
    const value = kanjiNumeralValue(run);
    return value === null ? run : String(value);
  });
}

/** Normalises a transcript for the English parser: NFKC (full-width digits), lower case, curly apostrophes. */
export function normalizeEnglish(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[‘’]/g, "'");
}

const UNITS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50 };

const ORDINAL_UNITS = [
  "",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];

function buildCardinals(): Map<string, number> {
  const words = new Map<string, number>();
  UNITS.forEach((w, i) => {
    words.set(w, i);
  });
  for (const [tensWord, tens] of Object.entries(TENS)) {
    words.set(tensWord, tens);
    for (let u = 1; u <= 9; u++) {
      words.set(`${tensWord} ${UNITS[u]}`, tens + u);
      words.set(`${tensWord}-${UNITS[u]}`, tens + u);
    }
  }
  return words;
}

function buildOrdinals(): Map<string, number> {
  const words = new Map<string, number>();
  ORDINAL_UNITS.forEach((w, i) => {
    if (w) words.set(w, i);
  });
  words.set("twentieth", 20);
  words.set("thirtieth", 30);
  for (const [tensWord, tens] of [
    ["twenty", 20],
    ["thirty", 30],
  ] as const) {
    for (let u = 1; u <= (tens === 30 ? 1 : 9); u++) {
      words.set(`${tensWord} ${ORDINAL_UNITS[u]}`, tens + u);
      words.set(`${tensWord}-${ORDINAL_UNITS[u]}`, tens + u);
    }
  }
  return words;
}

/** English cardinal words 0..59 ("twenty-five", "twenty five"). */
export const ENGLISH_CARDINALS: ReadonlyMap<string, number> = buildCardinals();
/** English ordinal words 1..31 ("third", "twenty-first"). */
export const ENGLISH_ORDINALS: ReadonlyMap<string, number> = buildOrdinals();

/** A regex alternation matching any key of `words`, longest first so "twenty one" beats "twenty". */
export function wordAlternation(words: Iterable<string>): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"))
    .join("|");
}

/** Reads digits or an English cardinal word; null when it is neither. */
export function englishNumber(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  return ENGLISH_CARDINALS.get(token.replace(/\s+/g, " ")) ?? null;
}
