/**
 * Where dates and times are in a sentence (AMAZON.Date / AMAZON.Time mentions), so the classifier can see
 * "a date" instead of "June 20th" and the slot filler knows which words to hand to the date module.
 * Resolution to values is the date module's job (`fulfillment/src/dates`); this only finds the spans.
 */

export interface DateTimeSpan {
  start: number;
  end: number;
  kind: "date" | "time";
}

const EN_WEEKDAY = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs)";
// "may" and "march" are also verbs: a month counts only next to a day.
const EN_MONTH =
  "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";
const EN_ORDINAL_WORD =
  "(?:(?:twenty|thirty)[ -]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth";
const EN_ORDINAL = `(?:\\d{1,2}(?:st|nd|rd|th)|${EN_ORDINAL_WORD})`;
const EN_DAY = `(?:${EN_ORDINAL}|\\d{1,2}(?!\\d))`;
const EN_SMALL = "(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple of|few|\\d{1,2})";

const EN_DATE: RegExp[] = [
  new RegExp(`\\b${EN_MONTH} (?:the )?${EN_DAY}(?:,? \\d{4})?\\b`, "gi"),
  new RegExp(`\\b(?:the )?${EN_DAY} (?:of )?${EN_MONTH}(?:,? \\d{4})?\\b`, "gi"),
  new RegExp(
    `\\b(?:(?:this|next|coming|following) )?(?:week(?:end)? )?${EN_WEEKDAY}s?(?: the ${EN_ORDINAL})?\\b`,
    "gi",
  ),
  /\b(?:the )?day after tomorrow\b|\b(?:today|tomorrow|tmrw|tmr)\b/gi,
  /\b(?:this|next|the following|the coming) (?:week(?:end)?|month)\b/gi,
  new RegExp(`\\b(?:in|within) (?:the next )?${EN_SMALL} (?:days?|weeks?)\\b`, "gi"),
  new RegExp(`\\b${EN_SMALL} (?:days?|weeks?) from (?:now|today)\\b`, "gi"),
  new RegExp(`\\bthe ${EN_ORDINAL}\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b`, "gi"),
  /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
];
const EN_HOUR_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
const EN_TIME: RegExp[] = [
  new RegExp(
    `\\b(?:\\d{1,2}(?::\\d{2})?|${EN_HOUR_WORD}(?: (?:thirty|fifteen|forty[ -]five|o'?clock))?) ?(?:a\\.?m\\b\\.?|p\\.?m\\b\\.?|o'?clock)`,
    "gi",
  ),
  /\b\d{1,2}:\d{2}\b/g,
  new RegExp(`\\b(?:half past|quarter (?:past|to)) (?:\\d{1,2}|${EN_HOUR_WORD})\\b`, "gi"),
  /\b(?:noon|midday|midnight|tonight|(?:this |in the )?(?:morning|afternoon|evening))\b/gi,
  // "at 3", "around 4:30": a bare hour after a time preposition.
  new RegExp(
    `(?<=\\b(?:at|around|after|before|by) )(?:\\d{1,2}(?![\\d/:-])|${EN_HOUR_WORD})\\b(?! (?:days?|weeks?|digits?))`,
    "gi",
  ),
];

const JA_NUM = "[0-9〇零一二三四五六七八九十]+";
const JA_WEEKDAY = "[月火水木金土日]曜(?:日)?";
const JA_DATE: RegExp[] = [
  new RegExp(`(?:${JA_NUM}年)?${JA_NUM}月${JA_NUM}日`, "g"),
  new RegExp(`(?:来月|今月|再来月)(?:の)?${JA_NUM}日|(?<!月)${JA_NUM}日(?:後)?`, "g"),
  new RegExp(`(?:今週|来週|再来週|次)(?:の)?(?:${JA_WEEKDAY}|末)|${JA_WEEKDAY}|今週|来週|再来週|週末`, "g"),
  /今日|きょう|本日|明日|あした|あす|明後日|あさって|しあさって|来月|月末|月初め/g,
  /\b\d{1,2}\/\d{1,2}\b/g,
];
const JA_TIME: RegExp[] = [
  new RegExp(`(?:午前|午後|朝|夜|夕方|昼)?(?:の)?${JA_NUM}時(?:${JA_NUM}分|半)?`, "g"),
  /\d{1,2}:\d{2}/g,
  /午前中|正午|お昼|昼過ぎ|夕方|午前|午後|夜|朝/g,
];

function collect(text: string, patterns: RegExp[], kind: DateTimeSpan["kind"], out: DateTimeSpan[]): void {
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      if (m[0].trim().length > 0) out.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
}

/** Date and time mentions in normalised `text`, non-overlapping (longest wins), left to right. */
export function findDateTimeSpans(text: string, lang: "en" | "ja"): DateTimeSpan[] {
  const found: DateTimeSpan[] = [];
  // Times first: "午後3時" and "3 pm" must not lose their hour to a date pattern.
  collect(text, lang === "ja" ? JA_TIME : EN_TIME, "time", found);
  collect(text, lang === "ja" ? JA_DATE : EN_DATE, "date", found);
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: DateTimeSpan[] = [];
  for (const s of found) {
    if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start);
}
