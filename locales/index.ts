import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LocaleBotText } from "./types.js";

/**
 * Locale text lives in `locales/<localeId>/*.json`; adding a locale is adding a folder.
 * Files: `bot.json` (utterances, prompts, voice, time zone), `messages.json` (what the code hook and the
 * Connect Lambda say, SMS texts), `flows.json` (Connect flow prompts).
 * In a Lambda bundle the folder is copied next to the handler (`ORDERLINE_LOCALES_DIR` overrides).
 */
export type LocaleFile = "bot" | "messages" | "flows";

function localesDir(): string {
  if (process.env.ORDERLINE_LOCALES_DIR) return process.env.ORDERLINE_LOCALES_DIR;
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, "locales");
  return existsSync(bundled) ? bundled : here;
}

const cache = new Map<string, unknown>();

let localeIds: string[] | undefined;

/** The locale ids present on disk, sorted (e.g. `["en_US", "ja_JP"]`); read once per process. */
export function listLocaleIds(): string[] {
  if (localeIds) return localeIds;
  const dir = localesDir();
  localeIds = readdirSync(dir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && /^[a-z]{2}_[A-Z]{2}$/.test(d.name) && existsSync(join(dir, d.name, "bot.json")),
    )
    .map((d) => d.name)
    .sort();
  return localeIds;
}

/** Reads and caches one JSON file of a locale. Throws if the locale or file does not exist. */
export function loadLocaleFile<T>(localeId: string, file: LocaleFile): T {
  const key = `${localeId}/${file}`;
  const hit = cache.get(key);
  if (hit) return hit as T;
  if (!/^[a-z]{2}_[A-Z]{2}$/.test(localeId)) throw new Error(`Invalid locale id: ${localeId}`);
  const value = JSON.parse(readFileSync(join(localesDir(), localeId, `${file}.json`), "utf8")) as T;
  cache.set(key, value);
  return value;
}

export function loadBotText(localeId: string): LocaleBotText {
  return loadLocaleFile<LocaleBotText>(localeId, "bot");
}

/** A flat map of message key → text with `{placeholder}`s; values may be arrays of variations. */
export type MessageCatalog = Record<string, string | string[]>;

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function formatText(
  template: string,
  params: Record<string, string | number | undefined> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
