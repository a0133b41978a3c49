/** Options every resolver takes: the caller's locale, the shop's time zone and the reference instant. */
export interface ResolveOptions {
  /** Lex locale id, e.g. `ja_JP`, `en_US`; anything not Japanese is read as US English. */
  localeId: string;
  /** The shop's IANA time zone; "today" is today there, whatever zone the process runs in. */
  timeZone: string;
  /** Reference instant; defaults to `new Date()`. */
  now?: Date;
}

/** What a date parser needs to know about "now", computed once per call. */
export interface DateContext {
  /** Today in the shop's zone, `YYYY-MM-DD`. */
  today: string;
  now: Date;
  timeZone: string;
}

/** True for Japanese locale ids (`ja_JP`, `ja-JP`, `ja`). */
export function isJapaneseLocale(localeId: string): boolean {
  return /^ja(?:[_-]|$)/i.test(localeId);
}
