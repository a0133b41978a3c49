import { z } from "zod";
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

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const overrideSchema = z
  .object({
    timeZones: z.record(z.string(), z.string()),
    defaultLocale: z.string(),
    businessHours: z.object({ days: z.array(z.number().int().min(0).max(6)), start: hhmm, end: hhmm }),
    allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)),
    shippingDate: z.object({ minDaysAhead: z.number().int().min(0), maxDaysAhead: z.number().int().min(1) }),
    callback: z.object({
      minLeadMinutes: z.number().int().min(0),
      maxDaysAhead: z.number().int().min(0).max(6),
    }),
    maxVerificationAttempts: z.number().int().min(1).max(10),
    maxDateAttempts: z.number().int().min(1).max(10),
  })
  .partial();

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
  const o = overrideSchema.parse(JSON.parse(env.SHOP_CONFIG));
  return { ...base, ...o, timeZones: { ...base.timeZones, ...(o.timeZones ?? {}) } };
}

/** The shop's time zone for a locale (falls back to the default locale's zone, then UTC). */
export function timeZoneFor(config: ShopConfig, localeId: string): string {
  return config.timeZones[localeId] ?? config.timeZones[config.defaultLocale] ?? "UTC";
}
