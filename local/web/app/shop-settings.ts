import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { getJson } from "./api.js";
import { uiLocale } from "./i18n.js";

/** What the page knows of the shop settings (`GET /_local/web/settings`). */
export interface ConsoleSettings {
  timeZones: Record<string, string>;
  defaultLocale: string;
  allowedCountries: string[];
}

// Used until the settings arrive, and if the endpoint is missing: the shop defaults.
let settings: ConsoleSettings = {
  timeZones: { en_US: "America/New_York", ja_JP: "Asia/Tokyo" },
  defaultLocale: "en_US",
  allowedCountries: ["JP", "US"],
};

/** Loads the shop settings; keeps the defaults when the emulator has no settings endpoint. */
export async function loadShopSettings(): Promise<void> {
  const res = await getJson<ConsoleSettings>("/_local/web/settings");
  if (res.ok) settings = res.data;
}

export function shopSettings(): ConsoleSettings {
  return settings;
}

/** The locale whose region is the number's country (`+81…` → `ja_JP`), else the shop's default. */
export function localeOfPhone(phone: string): string {
  const country = parsePhoneNumberFromString(phone)?.country;
  const match = Object.keys(settings.timeZones).find((id) => id.split("_")[1] === country);
  return match ?? settings.defaultLocale;
}

/** The shop's time zone for a locale (the default locale's for anything else). */
export function shopZone(locale: string | undefined): string {
  return (locale && settings.timeZones[locale]) || settings.timeZones[settings.defaultLocale] || "UTC";
}

function bcp47(): string {
  return uiLocale().replace("_", "-");
}

/**
 * An instant in the viewer's language, on the shop's clock for `zone`, with the zone named
 * (`2026年11月27日 19:00 JST`, `Nov 27, 2026, 8:00 PM EST`); anything unparsable is shown as given.
 */
export function formatInstant(value: unknown, zone: string): string {
  if (typeof value !== "string" || !value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(bcp47(), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: zone,
    timeZoneName: "short",
  }).format(date);
}

/** A calendar date (`YYYY-MM-DD`, already the shop's) in the viewer's language, with its weekday. */
export function formatCalendarDate(value: unknown): string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    return typeof value === "string" ? value : "";
  return new Intl.DateTimeFormat(bcp47(), {
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
    timeZone: "UTC",
  }).format(new Date(`${value}T00:00:00Z`));
}
