import { isJapaneseLocale } from "./context.js";

// "now" and "right now" count only as the whole reply: "I'm busy right now" is not a request for speed.
const ENGLISH_ANYWHERE =
  /\b(?:as\s+soon\s+as\s+(?:possible|you\s+can)|asap|a\.s\.a\.p\b|right\s+away|immediately|straight\s+away)/;
const ENGLISH_WHOLE =
  /^(?:(?:um+|uh+|yes|yeah|ok(?:ay)?|please|just|call(?:\s+me)?|do\s+it)[\s,]+)*(?:right\s+)?now(?:[\s,]+(?:please|thanks|thank\s+you))*[\s.!]*$/;
const JAPANESE_ANYWHERE =
  /できるだけ早く|出来るだけ早く|できる限り早く|なるべく早く|なるべくはやく|できるだけはやく|大至急|至急|早急|今すぐ|いますぐ|すぐ|直ちに|ただちに|一刻も早く/;
const JAPANESE_WHOLE =
  /^(?:今|いま)(?:で|が|から)?(?:お願いします|おねがいします|いい|いいです|です)?[。!！\s]*$/;

/** True when the reply asks for "as soon as possible" rather than a time (asap, now, 至急, すぐ …). */
export function isAsap(text: string, localeId: string): boolean {
  if (typeof text !== "string") return false;
  if (isJapaneseLocale(localeId)) {
    const t = text.normalize("NFKC").trim();
    return JAPANESE_ANYWHERE.test(t) || JAPANESE_WHOLE.test(t);
  }
  const t = text.normalize("NFKC").toLowerCase().trim();
  return ENGLISH_ANYWHERE.test(t) || ENGLISH_WHOLE.test(t);
}
