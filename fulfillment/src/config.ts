import { listLocaleIds, loadBotText } from "../../locales/index.js";
import { LAMBDA_ENV } from "./contracts/lambda-environment.js";
import { isTimeZone } from "./dates/zoned-time.js";

/**
 * Shop settings: every time zone, business hour and limit in one place. The defaults below, overridden by the
 * `SHOP_CONFIG` JSON the CDK app writes (infra/settings.ts validates it at synth with the same
 * {@link parseShopConfigOverride}).
 */
export interface ShopConfig {
  /** localeId → IANA time zone. Defaults come from each locale's bot.json (`ja_JP` Asia/Tokyo, `en_US` America/New_York). */
  timeZones: Record<string, string>;
  defaultLocale: string;
  /** Callbacks happen on these days (0 = Sunday) between `start` and `end` (shop-local HH:MM). */
  businessHours: BusinessHours;
  /** ISO 3166 country codes a callback number may belong to. */
  allowedCountries: string[];
  shippingDate: { minDaysAhead: number; maxDaysAhead: number };
  /** Connect scheduled tasks can be at most 6 days ahead. */
  callback: { minLeadMinutes: number; maxDaysAhead: number };
  /** Identity checks and date retries before handing over to an agent. */
  maxVerificationAttempts: number;
  maxDateAttempts: number;
  /** Brute-force guard: an order locks after `maxFailures` wrong identity checks in `windowHours`, from any session. */
  verificationLock: { maxFailures: number; windowHours: number };
  /**
   * The factor a voice caller adds to caller ID before cancelling or moving an order: the order number (said
   * or keyed) or a one-time code texted to the number on file. Caller ID alone only hears status.
   */
  voiceStepUp: "orderNumber" | "smsCode";
  /** Texts Orderline sends to one number per shop-local day (confirmations and codes). */
  smsPerNumberPerDay: number;
  /** Opt-in: the greeting names the caller's latest order (its item and date reach contact attributes). */
  greetLatestOrder: boolean;
}

export interface BusinessHours {
  /** Days of the week, 0 = Sunday. */
  days: number[];
  /** Shop-local `HH:MM`. */
  start: string;
  end: string;
}

/** The keys a `SHOP_CONFIG` override may set; any other key is an error. */
export const SHOP_CONFIG_KEYS = [
  "timeZones",
  "defaultLocale",
  "businessHours",
  "allowedCountries",
  "shippingDate",
  "callback",
  "maxVerificationAttempts",
  "maxDateAttempts",
  "verificationLock",
  "voiceStepUp",
  "smsPerNumberPerDay",
  "greetLatestOrder",
] as const satisfies readonly (keyof ShopConfig)[];

/** A rejected shop setting: `key` names it, `problem` says what is wrong. */
export class ShopConfigError extends Error {
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`SHOP_CONFIG: invalid ${key}: ${problem}`);
    this.name = "ShopConfigError";
  }
}

const LOCALE_ID = /^[a-z]{2}_[A-Z]{2}$/;
const COUNTRY = /^[A-Z]{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
// Connect's StartTaskContact accepts a ScheduledTime at most 6 days ahead:
// https://docs.aws.amazon.com/connect/latest/APIReference/API_StartTaskContact.html
const MAX_CALLBACK_DAYS_AHEAD = 6;

const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates shop-settings overrides (the `SHOP_CONFIG` JSON, or the CDK context at synth): the one ShopConfig
 * schema. A type guard, not a schema library, to keep the Lambda's cold start small. Throws
 * {@link ShopConfigError} naming the first bad key.
 */
export function parseShopConfigOverride(raw: unknown): Partial<ShopConfig> {
  const fail = (key: string, problem: string): never => {
    throw new ShopConfigError(key, problem);
  };
  if (!isObject(raw)) return fail("document", "expected a JSON object");
  const out: Partial<ShopConfig> = {};
  for (const [key, value] of Object.entries(raw)) {
    switch (key as (typeof SHOP_CONFIG_KEYS)[number]) {
      case "timeZones": {
        if (!isObject(value)) return fail(key, "expected an object of locale id → IANA time zone");
        for (const [locale, zone] of Object.entries(value)) {
          if (!LOCALE_ID.test(locale) || typeof zone !== "string" || !isTimeZone(zone)) {
            fail(key, `"${locale}": "${String(zone)}" is not a locale → IANA time zone pair`);
          }
        }
        out.timeZones = { ...(value as Record<string, string>) };
        break;
      }
      case "defaultLocale":
        if (typeof value !== "string" || !LOCALE_ID.test(value)) fail(key, "expected a locale id like ja_JP");
        out.defaultLocale = value as string;
        break;
      case "businessHours":
        out.businessHours = parseBusinessHours(value, fail);
        break;
      case "allowedCountries":
        if (!Array.isArray(value) || !value.every((c) => typeof c === "string" && COUNTRY.test(c))) {
          fail(key, "expected ISO 3166 codes like JP,US");
        }
        out.allowedCountries = [...(value as string[])];
        break;
      case "shippingDate": {
        const d = isObject(value) ? value : {};
        if (
          !isInt(d.minDaysAhead, 0, 365) ||
          !isInt(d.maxDaysAhead, 1, 365) ||
          d.minDaysAhead > d.maxDaysAhead
        ) {
          fail(key, 'expected {"minDaysAhead":0..365,"maxDaysAhead":1..365} with min ≤ max');
        }
        out.shippingDate = { minDaysAhead: d.minDaysAhead as number, maxDaysAhead: d.maxDaysAhead as number };
        break;
      }
      case "callback": {
        const c = isObject(value) ? value : {};
        if (!isInt(c.minLeadMinutes, 0, 1440) || !isInt(c.maxDaysAhead, 0, MAX_CALLBACK_DAYS_AHEAD)) {
          fail(key, `expected {"minLeadMinutes":0..1440,"maxDaysAhead":0..${MAX_CALLBACK_DAYS_AHEAD}}`);
        }
        out.callback = { minLeadMinutes: c.minLeadMinutes as number, maxDaysAhead: c.maxDaysAhead as number };
        break;
      }
      case "verificationLock": {
        const v = isObject(value) ? value : {};
        if (!isInt(v.maxFailures, 1, 20) || !isInt(v.windowHours, 1, 168)) {
          fail(key, 'expected {"maxFailures":1..20,"windowHours":1..168}');
        }
        out.verificationLock = { maxFailures: v.maxFailures as number, windowHours: v.windowHours as number };
        break;
      }
      case "voiceStepUp":
        if (value !== "orderNumber" && value !== "smsCode") fail(key, 'expected "orderNumber" or "smsCode"');
        out.voiceStepUp = value as ShopConfig["voiceStepUp"];
        break;
      case "smsPerNumberPerDay":
        if (!isInt(value, 1, 50)) fail(key, "expected an integer from 1 to 50");
        out.smsPerNumberPerDay = value as number;
        break;
      case "greetLatestOrder":
        if (typeof value !== "boolean") fail(key, "expected true or false");
        out.greetLatestOrder = value as boolean;
        break;
      case "maxVerificationAttempts":
      case "maxDateAttempts":
        if (!isInt(value, 1, 10)) fail(key, "expected an integer from 1 to 10");
        out[key as "maxDateAttempts"] = value as number;
        break;
      default:
        fail(key, `unknown key (expected one of ${SHOP_CONFIG_KEYS.join(", ")})`);
    }
  }
  return out;
}

function parseBusinessHours(value: unknown, fail: (key: string, problem: string) => never): BusinessHours {
  const h = isObject(value) ? value : {};
  const days = h.days;
  if (
    !Array.isArray(days) ||
    days.length === 0 ||
    !days.every((d) => isInt(d, 0, 6)) ||
    typeof h.start !== "string" ||
    typeof h.end !== "string" ||
    !HHMM.test(h.start) ||
    !HHMM.test(h.end)
  ) {
    return fail("businessHours", 'expected {"days":[1,2,3,4,5],"start":"09:00","end":"18:00"}');
  }
  if (h.start >= h.end) return fail("businessHours", "start must be before end");
  return { days: [...days], start: h.start, end: h.end };
}

/** The shop settings before any override: each locale's time zone from its bot.json, then Orderline's defaults. */
export function defaultShopConfig(): ShopConfig {
  const timeZones: Record<string, string> = {};
  for (const id of listLocaleIds()) timeZones[id] = loadBotText(id).timeZone;
  return {
    timeZones,
    defaultLocale: "en_US",
    businessHours: { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" },
    allowedCountries: ["JP", "US"],
    shippingDate: { minDaysAhead: 2, maxDaysAhead: 60 },
    callback: { minLeadMinutes: 15, maxDaysAhead: MAX_CALLBACK_DAYS_AHEAD },
    maxVerificationAttempts: 3,
    maxDateAttempts: 3,
    verificationLock: { maxFailures: 5, windowHours: 24 },
    voiceStepUp: "orderNumber",
    smsPerNumberPerDay: 5,
    greetLatestOrder: false,
  };
}

/** The defaults with a validated override on top (time zones merge per locale). */
function applyShopConfigOverride(base: ShopConfig, override: Partial<ShopConfig>): ShopConfig {
  return { ...base, ...override, timeZones: { ...base.timeZones, ...(override.timeZones ?? {}) } };
}

/**
 * Builds the shop config from the defaults and the optional `SHOP_CONFIG` JSON of `env` (the Lambda entry
 * passes `process.env`). Throws on invalid JSON or a {@link ShopConfigError}.
 */
export function loadShopConfig(env: Readonly<Record<string, string | undefined>>): ShopConfig {
  const json = env[LAMBDA_ENV.shopConfig];
  const base = defaultShopConfig();
  return json ? applyShopConfigOverride(base, parseShopConfigOverride(JSON.parse(json))) : base;
}

/** The shop's time zone for a locale (falls back to the default locale's zone, then UTC). */
export function timeZoneFor(config: ShopConfig, localeId: string): string {
  return config.timeZones[localeId] ?? config.timeZones[config.defaultLocale] ?? "UTC";
}
