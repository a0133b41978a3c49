/** Trains each locale's NLU once per test file (training is the slow part). */
import { renderBot } from "../../bot/render.js";
import type { RenderedLocale } from "../../bot/types.js";
import { trainNlu } from "../../local/lex/nlu/index.js";
import type { NluModel, ResolveContext } from "../../local/lex/nlu/types.js";

const locales = new Map(renderBot().locales.map((l) => [l.localeId, l]));
const models = new Map<string, NluModel>();

export function localeOf(id: string): RenderedLocale {
  const l = locales.get(id);
  if (!l) throw new Error(`no locale ${id}`);
  return l;
}

export function modelOf(id: string): NluModel {
  let m = models.get(id);
  if (!m) {
    m = trainNlu(localeOf(id));
    // The first pass through the date parsers and regexes compiles them; keep that out of timed tests.
    m.extractSlots("12 tomorrow at 3 pm 明日の午後3時 😀", "RequestCallback", CTX[id]!);
    models.set(id, m);
  }
  return m;
}

/** Tuesday 10 June 2025, 10:00 in each locale's shop time zone. */
export const CTX: Record<string, ResolveContext> = {
  en_US: { localeId: "en_US", timeZone: "America/New_York", now: new Date("2025-06-10T10:00:00-04:00") },
  ja_JP: { localeId: "ja_JP", timeZone: "Asia/Tokyo", now: new Date("2025-06-10T10:00:00+09:00") },
};
