import { formatText, listLocaleIds, loadLocaleFile, type MessageCatalog } from "../../locales/index.js";

export type MessageParams = Record<string, string | number | undefined>;

/** Localised text for the code hooks: `locales/<locale>/messages.json`, keys only in code. */
export class Messages {
  private readonly catalog: MessageCatalog;
  readonly localeId: string;

  constructor(localeId: string, fallbackLocale = "en_US") {
    const known = listLocaleIds();
    this.localeId = known.includes(localeId) ? localeId : fallbackLocale;
    this.catalog = loadLocaleFile<MessageCatalog>(this.localeId, "messages");
  }

  /** The text for `key` with `{placeholders}` filled; `variant` picks among variations (wraps around). */
  t(key: string, params: MessageParams = {}, variant = 0): string {
    const entry = this.catalog[key];
    if (entry === undefined) throw new Error(`Missing message ${this.localeId}:${key}`);
    const text = Array.isArray(entry) ? (entry[variant % entry.length] ?? "") : entry;
    return formatText(text, params);
  }

  has(key: string): boolean {
    return key in this.catalog;
  }
}
