import { listLocaleIds, loadBotText } from "../../locales/index.js";

/** Shop settings: every time zone, business hour and limit in one place (env `SHOP_CONFIG` overrides, JSON). */
export interface ShopConfig {
  /** localeId → IANA time zone. Defaults come from each locale's bot.json (`ja_JP` Asia/Tokyo, `en_US` America/New_York). */
  timeZones: Record<string, string>;
  defaultLocale: string;
  /** Callbacks happen on these days (0 = Sunday) between `start` and `end` (shop-local HH:MM). */
  businessHours: { days: number[]; start: string; end: string };
  /** ISO 3166 country codes a callback number may belong to. */
  allowedCountries: string[];
  shippingDate: { minDaysAhead: number; maxDaysAhead: number };
  /** Connect scheduled tasks can be at most 6 days ahead. */
  callback: { minLeadMinutes: number; maxDaysAhead: number };
  /** Identity checks and date retries before handing over to an agent. */
  maxVerificationAttempts: number;
  maxDateAttempts: number;
}

/** Checks a `SHOP_CONFIG` override; throws naming the first bad key (a type guard: no schema library at cold start). */
function parseOverride(raw: unknown): Partial<ShopConfig> {
  const fail = (key: string): never => {
    throw new Error(`SHOP_CONFIG: invalid ${key}`);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("document");
  const o = raw as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  const hhmm = (v: unknown) => typeof v === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
  const obj = (v: unknown): Record<string, unknown> =>
    typeof v === "object" && v !== null ? (v as Record<string, unknown>) : fail("object");
  if (o.timeZones !== undefined && !Object.values(obj(o.timeZones)).every((z) => typeof z === "string"))
    fail("timeZones");
  if (o.defaultLocale !== undefined && typeof o.defaultLocale !== "string") fail("defaultLocale");
  if (o.businessHours !== undefined) {
    const b = obj(o.businessHours);
    if (!Array.isArray(b.days) || !b.days.every((d) => int(d, 0, 6)) || !hhmm(b.start) || !hhmm(b.end))
      fail("businessHours");
  }
  if (
    o.allowedCountries !== undefined &&
    !(
      Array.isArray(o.allowedCountries) &&
      o.allowedCountries.every((c) => typeof c === "string" && /^[A-Z]{2}$/.test(c))
    )
  ) {
    fail("allowedCountries");
  }
  if (o.shippingDate !== undefined) {
    const d = obj(o.shippingDate);
    if (!int(d.minDaysAhead, 0, 365) || !int(d.maxDaysAhead, 1, 365)) fail("shippingDate");
  }
  if (o.callback !== undefined) {
    const c = obj(o.callback);
    if (!int(c.minLeadMinutes, 0, 1440) || !int(c.maxDaysAhead, 0, 6)) fail("callback");
  }
  if (o.maxVerificationAttempts !== undefined && !int(o.maxVerificationAttempts, 1, 10))
    fail("maxVerificationAttempts");
  if (o.maxDateAttempts !== undefined && !int(o.maxDateAttempts, 1, 10)) fail("maxDateAttempts");
  const known = [
    "timeZones",
    "defaultLocale",
    "businessHours",
    "allowedCountries",
    "shippingDate",
    "callback",
    "maxVerificationAttempts",
    "maxDateAttempts",
  ];
  return Object.fromEntries(Object.entries(o).filter(([k]) => known.includes(k))) as Partial<ShopConfig>;
}

/** Builds the shop config from defaults, locale files and the optional `SHOP_CONFIG` JSON. Throws on invalid JSON. */
export function loadShopConfig(env: NodeJS.ProcessEnv = process.env): ShopConfig {
  const timeZones: Record<string, string> = {};
  for (const id of listLocaleIds()) timeZones[id] = loadBotText(id).timeZone;
  const base: ShopConfig = {
    timeZones,
    defaultLocale: "en_US",
    businessHours: { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" },
    allowedCountries: ["JP", "US"],
    shippingDate: { minDaysAhead: 2, maxDaysAhead: 60 },
    callback: { minLeadMinutes: 15, maxDaysAhead: 6 },
    maxVerificationAttempts: 3,
    maxDateAttempts: 3,
  };
  if (!env.SHOP_CONFIG) return base;
  const o = parseOverride(JSON.parse(env.SHOP_CONFIG));
  return { ...base, ...o, timeZones: { ...base.timeZones, ...(o.timeZones ?? {}) } };
}

/** The shop's time zone for a locale (falls back to the default locale's zone, then UTC). */
export function timeZoneFor(config: ShopConfig, localeId: string): string {
  return config.timeZones[localeId] ?? config.timeZones[config.defaultLocale] ?? "UTC";
}
