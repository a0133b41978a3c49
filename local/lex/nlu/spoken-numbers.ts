import { parseKanjiNumeral } from "../../../fulfillment/src/dates/numerals.js";
/**
 * Numbers as customers say or type them: digit runs ("090-1234-5678", "+1 415 555 0132"), English words
 * ("twenty five", "one two three four", "double five"), kanji numerals ("二十五", "一二三四") and spoken
 * Japanese digits ("いちにさんよん", "ぜろきゅうぜろ").
 */

/** One number found in (normalised) text. */
export interface NumberSpan {
  start: number;
  end: number;
  /** Every digit in order, with a leading `+` kept: what AMAZON.AlphaNumeric/PhoneNumber see. */
  digits: string;
  /** The arithmetic value as AMAZON.Number reports it ("25", "-15", "3.5"); `null` if not one number. */
  value: string | null;
  /** Written with separators between digit groups or a `+`: a phone number rather than an id. */
  phoneLike: boolean;
}

const EN_UNITS: Record<string, number> = {
  zero: 0,
  oh: 0,
  o: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const EN_TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
const EN_REPEAT: Record<string, number> = { double: 2, triple: 3 };
const EN_NUMBER_WORD = new Set([
  ...Object.keys(EN_UNITS),
  ...Object.keys(EN_TENS),
  ...Object.keys(EN_SCALES),
  ...Object.keys(EN_REPEAT),
]);

/**
 * Reads a run of English number words. Compositional parts ("twenty five", "one hundred and two") make one
 * group; groups that cannot combine are read digit-group by digit-group ("one two three four" → "1234",
 * "forty two fifty" → "4250"), the way people read ids and phone numbers aloud.
 */
export function parseEnglishNumberWords(words: string[]): { digits: string; value: string } | null {
  const groups: number[] = [];
  let current: number | null = null; // the group being built
  let lastKind: "unit" | "teen" | "tens" | "scale" | null = null;
  let repeat = 1;
  const flush = () => {
    if (current !== null) groups.push(current);
    current = null;
    lastKind = null;
  };
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (w === "and") continue;
    if (EN_REPEAT[w]) {
      flush();
      repeat = EN_REPEAT[w];
      continue;
    }
    const unit = EN_UNITS[w];
    if (unit !== undefined) {
      if (repeat > 1) {
        for (let i = 0; i < repeat; i++) groups.push(unit);
        repeat = 1;
        continue;
      }
      // "twenty five": a unit completes a tens word; "hundred five": a unit completes a scale.
      const completes = unit < 10 && (lastKind === "tens" || lastKind === "scale");
      const teenAfterScale = unit >= 10 && lastKind === "scale";
      if (current !== null && (completes || teenAfterScale)) {
        current += unit;
        lastKind = unit < 10 ? "unit" : "teen";
      } else {
        flush();
        current = unit;
        lastKind = unit < 10 ? "unit" : "teen";
      }
      continue;
    }
    const tens = EN_TENS[w];
    if (tens !== undefined) {
      if (current !== null && lastKind === "scale") current += tens;
      else {
        flush();
        current = tens;
      }
      lastKind = "tens";
      continue;
    }
    const scale = EN_SCALES[w];
    if (scale !== undefined) {
      const base: number = current ?? 1;
      if (scale === 100) {
        // "twelve hundred" = 1200; "two thousand three hundred": multiply only the part under 1000.
        const high = base - (base % 1000);
        current = high + (base % 1000) * 100;
      } else current = base * scale;
      lastKind = "scale";
      continue;
    }
    return null;
  }
  flush();
  if (groups.length === 0) return null;
  const digits = groups.map(String).join("");
  return { digits, value: groups.length === 1 ? String(groups[0]) : String(Number(digits)) };
}

// Spoken Japanese digits, longest readings first so "きゅう" wins over "く" and "しち" over "し".
const KANA_DIGITS: [string, number][] = [
  ["きゅう", 9],
  ["キュウ", 9],
  ["ぜろ", 0],
  ["ゼロ", 0],
  ["れい", 0],
  ["レイ", 0],
  ["まる", 0],
  ["マル", 0],
  ["いち", 1],
  ["イチ", 1],
  ["さん", 3],
  ["サン", 3],
  ["よん", 4],
  ["ヨン", 4],
  ["ろく", 6],
  ["ロク", 6],
  ["なな", 7],
  ["ナナ", 7],
  ["しち", 7],
  ["シチ", 7],
  ["はち", 8],
  ["ハチ", 8],
  ["に", 2],
  ["ニ", 2],
  ["し", 4],
  ["シ", 4],
  ["ご", 5],
  ["ゴ", 5],
  ["く", 9],
  ["ク", 9],
];
// Spoken digit runs shorter than this are too easily ordinary kana ("にし", "ください").
const MIN_KANA_DIGITS = 3;

function readKanaDigitRun(text: string, from: number): { end: number; digits: string } {
  let i = from;
  let digits = "";
  let end = from;
  while (i < text.length) {
    const hit = KANA_DIGITS.find(([reading]) => text.startsWith(reading, i));
    if (!hit) break;
    digits += String(hit[1]);
    i += hit[0].length;
    while (text[i] === "ー" || text[i] === "〜") i++; // "にー", "ごー": lengthened for clarity on the phone
    end = i;
    // Separators between spoken digit groups: "ぜろきゅうぜろ、いちにさんよん".
    const sep = " 、,・-".includes(text[i] ?? "x");
    if (sep && KANA_DIGITS.some(([r]) => text.startsWith(r, i + 1))) i += 1;
  }
  return { end, digits };
}

// Digits glued to Latin letters ("ab12c") belong to an alphanumeric token, not a number.
const DIGIT_RUN = /(?<![A-Za-z\d])(\+ ?)?\(?\d+\)?(?:(?: ?[-.] ?| )\(?\d+\)?)*(?![A-Za-z\d])/g;
const EN_WORD = /[a-z]+/gi;
const KANJI_RUN = /[〇零一二三四五六七八九十百千万]+/g;

function overlaps(spans: NumberSpan[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && s.start < end);
}

function digitRunSpans(text: string): NumberSpan[] {
  const out: NumberSpan[] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    let raw = m[0];
    let start = m.index;
    if (raw.startsWith("(") && !raw.includes(")")) {
      raw = raw.slice(1);
      start += 1;
    }
    raw = raw.replace(/[ \-.(]+$/, "");
    const plus = raw.startsWith("+");
    const digits = (plus ? "+" : "") + raw.replace(/\D/g, "");
    const decimal = /^\d+\.\d+$/.test(raw);
    const groups = raw.split(/[^\d]+/).filter(Boolean).length;
    // A long run has no arithmetic value worth reporting; Lex caps AMAZON.Number similarly.
    const value = decimal ? raw : groups === 1 && digits.length <= 15 ? String(Number(digits)) : null;
    out.push({
      start,
      end: start + raw.length,
      digits: decimal ? raw : digits,
      value,
      phoneLike: plus || (groups > 1 && !decimal),
    });
  }
  return out;
}

function englishWordSpans(text: string, taken: NumberSpan[]): NumberSpan[] {
  const out: NumberSpan[] = [];
  const words = [...text.matchAll(EN_WORD)];
  let i = 0;
  while (i < words.length) {
    const first = words[i]!;
    const w = first[0].toLowerCase();
    const isStart = EN_NUMBER_WORD.has(w) && w !== "o" && w !== "oh" && w !== "hundred" && w !== "thousand";
    if (!isStart) {
      i++;
      continue;
    }
    let j = i + 1;
    let end = first.index + first[0].length;
    while (j < words.length) {
      const next = words[j]!;
      const gap = text.slice(end, next.index);
      const nw = next[0].toLowerCase();
      if (!/^[ ,-]{1,2}$/.test(gap)) break;
      const follows =
        nw === "and" ? EN_NUMBER_WORD.has(words[j + 1]?.[0].toLowerCase() ?? "") : EN_NUMBER_WORD.has(nw);
      if (!follows) break;
      end = next.index + next[0].length;
      j++;
    }
    const run = words.slice(i, j).map((m) => m[0]);
    while (run.length > 1 && run[run.length - 1]!.toLowerCase() === "and") run.pop();
    const parsed = parseEnglishNumberWords(run);
    const start = first.index;
    if (parsed && !overlaps(taken, start, end)) {
      const groups = run.length;
      out.push({ start, end, digits: parsed.digits, value: parsed.value, phoneLike: groups >= 7 });
    }
    i = j;
  }
  return out;
}

function japaneseSpans(text: string, taken: NumberSpan[]): NumberSpan[] {
  const out: NumberSpan[] = [];
  for (const m of text.matchAll(KANJI_RUN)) {
    const parsed = parseKanjiNumeral(m[0]);
    if (parsed && !overlaps(taken, m.index, m.index + m[0].length)) {
      out.push({ start: m.index, end: m.index + m[0].length, ...parsed, phoneLike: false });
    }
  }
  let i = 0;
  while (i < text.length) {
    const run = readKanaDigitRun(text, i);
    if (run.digits.length >= MIN_KANA_DIGITS && !overlaps(taken, i, run.end) && !overlaps(out, i, run.end)) {
      out.push({
        start: i,
        end: run.end,
        digits: run.digits,
        value: String(Number(run.digits)),
        phoneLike: run.digits.length >= 10,
      });
      i = run.end;
    } else i++;
  }
  return out;
}

/** Every number in `text` (already normalised), left to right, non-overlapping. */
export function findNumberSpans(text: string, lang: "en" | "ja"): NumberSpan[] {
  const digits = digitRunSpans(text);
  const words = lang === "ja" ? japaneseSpans(text, digits) : englishWordSpans(text, digits);
  const all = [...digits, ...words].sort((a, b) => a.start - b.start);
  // "minus 15", "マイナス15": AMAZON.Number keeps the sign.
  for (const s of all) {
    const before = text.slice(Math.max(0, s.start - 9), s.start);
    if (s.value && /(?:minus |negative |マイナス|-)$/i.test(before) && !s.phoneLike) {
      s.value = s.value.startsWith("-") ? s.value : `-${s.value}`;
    }
  }
  return all;
}
