/**
 * Deployment settings, read from CDK context (`cdk.json` or `-c key=value`) and validated at synth time.
 * Every key is documented in infra/README.md. Values given on the command line arrive as strings, so
 * booleans, lists and maps are also accepted as `"true"`, `"en_US,ja_JP"` and JSON text.
 */

/** The context keys this app reads. */
export const SETTING_KEYS = [
  "connectInstanceArn",
  "locales",
  "dialedNumberLocales",
  "timeZones",
  "businessHours",
  "allowedCountries",
  "shopConfig",
  "existingQueueArn",
  "existingHoursOfOperationArn",
  "callbackFlowId",
  "claimPhoneNumber",
  "phoneNumberCountry",
  "phoneNumberType",
  "deletionProtection",
  "retainData",
  "detectSentiment",
  "logRetentionDays",
  "alarmTopicArn",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface BusinessHours {
  /** Days of the week, 0 = Sunday (same shape as the fulfillment `ShopConfig`). */
  days: number[];
  /** Shop-local `HH:MM`. */
  start: string;
  end: string;
}

export interface OrderlineSettings {
  /** The Amazon Connect instance; without it the stack deploys bot, Lambdas and tables only. */
  connectInstanceArn?: string;
  /** Derived from `connectInstanceArn`. */
  connectInstanceId?: string;
  /** Bot locales to deploy; `undefined` means every `locales/<id>/bot.json` on disk. */
  locales?: string[];
  /** Dialed number (E.164) → locale id, for numbers that always speak one language. */
  dialedNumberLocales: Record<string, string>;
  /** Locale id → IANA time zone overrides (defaults come from each locale's bot.json). */
  timeZones: Record<string, string>;
  businessHours?: BusinessHours;
  allowedCountries?: string[];
  /** Extra `ShopConfig` fields passed through to the Lambdas as `SHOP_CONFIG` JSON. */
  shopConfig: Record<string, unknown>;
  existingQueueArn?: string;
  existingHoursOfOperationArn?: string;
  /** An existing flow that routes scheduled callback tasks to a queue (else the one from flows/). */
  callbackFlowId?: string;
  claimPhoneNumber: boolean;
  /** ISO country of the number to claim; `US` by default (a `JP` number needs an AWS support case). */
  phoneNumberCountry: string;
  phoneNumberType: "DID" | "TOLL_FREE";
  deletionProtection: boolean;
  /** Keep the tables when the stack is deleted. */
  retainData: boolean;
  detectSentiment: boolean;
  logRetentionDays: number;
  alarmTopicArn?: string;
}

/** Reads one context value; `undefined` when unset. Matches `Node.tryGetContext`. */
export type ContextReader = (key: string) => unknown;

export class SettingsError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid context "${key}": ${problem}`);
    this.name = "SettingsError";
  }
}

const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([0-9a-f-]{36})$/;
const LOCALE_ID = /^[a-z]{2}_[A-Z]{2}$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const QUEUE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}\/queue\/[0-9a-f-]{36}$/;
const HOURS_ARN =
  /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}\/operating-hours\/[0-9a-f-]{36}$/;
const FLOW_ID = /^[0-9a-f-]{36}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
// CloudWatch Logs accepts only these retention periods.
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
];

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

function str(read: ContextReader, key: SettingKey, pattern?: RegExp): string | undefined {
  const v = read(key);
  if (!isSet(v)) return undefined;
  if (typeof v !== "string") throw new SettingsError(key, "expected a string");
  if (pattern && !pattern.test(v)) throw new SettingsError(key, `"${v}" does not match ${pattern}`);
  return v;
}

function bool(read: ContextReader, key: SettingKey, fallback: boolean): boolean {
  const v = read(key);
  if (!isSet(v)) return fallback;
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new SettingsError(key, "expected true or false");
}

// Objects and arrays may come from cdk.json as JSON values or from -c as JSON text.
function json(read: ContextReader, key: SettingKey): unknown {
  const v = read(key);
  if (!isSet(v)) return undefined;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function record(read: ContextReader, key: SettingKey): Record<string, unknown> {
  const v = json(read, key);
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new SettingsError(key, "expected an object");
  return v as Record<string, unknown>;
}

function list(read: ContextReader, key: SettingKey): string[] | undefined {
  const v = json(read, key);
  if (v === undefined) return undefined;
  const items = typeof v === "string" ? v.split(",").map((s) => s.trim()) : v;
  if (!Array.isArray(items) || items.some((i) => typeof i !== "string" || i === "")) {
    throw new SettingsError(key, "expected a list of strings");
  }
  return items as string[];
}

function businessHours(read: ContextReader): BusinessHours | undefined {
  const v = json(read, "businessHours");
  if (v === undefined) return undefined;
  const h = v as Partial<BusinessHours>;
  const days = h.days;
  if (
    !Array.isArray(days) ||
    days.length === 0 ||
    days.some((d) => !Number.isInteger(d) || d < 0 || d > 6) ||
    typeof h.start !== "string" ||
    typeof h.end !== "string" ||
    !HHMM.test(h.start) ||
    !HHMM.test(h.end)
  ) {
    throw new SettingsError("businessHours", 'expected {"days":[1,2,3,4,5],"start":"09:00","end":"18:00"}');
  }
  if (h.start >= h.end) throw new SettingsError("businessHours", "start must be before end");
  return { days, start: h.start, end: h.end };
}

/** Parses and validates every setting. Throws `SettingsError` naming the bad key. */
export function readSettings(read: ContextReader): OrderlineSettings {
  const connectInstanceArn = str(read, "connectInstanceArn", INSTANCE_ARN);
  const locales = list(read, "locales");
  for (const id of locales ?? []) {
    if (!LOCALE_ID.test(id)) throw new SettingsError("locales", `"${id}" is not a locale id like ja_JP`);
  }
  const dialedNumberLocales = record(read, "dialedNumberLocales");
  for (const [number, locale] of Object.entries(dialedNumberLocales)) {
    if (!E164.test(number))
      throw new SettingsError("dialedNumberLocales", `"${number}" is not an E.164 number`);
    if (typeof locale !== "string" || !LOCALE_ID.test(locale)) {
      throw new SettingsError("dialedNumberLocales", `"${String(locale)}" is not a locale id`);
    }
  }
  const timeZones = record(read, "timeZones");
  for (const [locale, zone] of Object.entries(timeZones)) {
    if (!LOCALE_ID.test(locale) || typeof zone !== "string" || !isTimeZone(zone)) {
      throw new SettingsError(
        "timeZones",
        `"${locale}": "${String(zone)}" is not a locale → IANA time zone pair`,
      );
    }
  }
  const allowedCountries = list(read, "allowedCountries");
  if (allowedCountries?.some((c) => !/^[A-Z]{2}$/.test(c))) {
    throw new SettingsError("allowedCountries", "expected ISO 3166 codes like JP,US");
  }
  const phoneNumberType = str(read, "phoneNumberType") ?? "DID";
  if (phoneNumberType !== "DID" && phoneNumberType !== "TOLL_FREE") {
    throw new SettingsError("phoneNumberType", "expected DID or TOLL_FREE");
  }
  const retention = json(read, "logRetentionDays") ?? 30;
  if (typeof retention !== "number" || !LOG_RETENTION_DAYS.includes(retention)) {
    throw new SettingsError("logRetentionDays", `expected one of ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  const settings: OrderlineSettings = {
    connectInstanceArn,
    connectInstanceId: connectInstanceArn ? INSTANCE_ARN.exec(connectInstanceArn)?.[1] : undefined,
    locales,
    dialedNumberLocales: dialedNumberLocales as Record<string, string>,
    timeZones: timeZones as Record<string, string>,
    businessHours: businessHours(read),
    allowedCountries,
    shopConfig: record(read, "shopConfig"),
    existingQueueArn: str(read, "existingQueueArn", QUEUE_ARN),
    existingHoursOfOperationArn: str(read, "existingHoursOfOperationArn", HOURS_ARN),
    callbackFlowId: str(read, "callbackFlowId", FLOW_ID),
    claimPhoneNumber: bool(read, "claimPhoneNumber", false),
    phoneNumberCountry: str(read, "phoneNumberCountry", /^[A-Z]{2}$/) ?? "US",
    phoneNumberType,
    deletionProtection: bool(read, "deletionProtection", true),
    retainData: bool(read, "retainData", true),
    detectSentiment: bool(read, "detectSentiment", false),
    logRetentionDays: retention,
    alarmTopicArn: str(read, "alarmTopicArn", SNS_TOPIC_ARN),
  };
  const connectOnly: SettingKey[] = ["existingQueueArn", "existingHoursOfOperationArn", "callbackFlowId"];
  if (!connectInstanceArn) {
    for (const key of connectOnly) {
      if (settings[key as keyof OrderlineSettings] !== undefined) {
        throw new SettingsError(key, "needs connectInstanceArn");
      }
    }
    if (settings.claimPhoneNumber) throw new SettingsError("claimPhoneNumber", "needs connectInstanceArn");
  }
  for (const key of ["existingQueueArn", "existingHoursOfOperationArn"] as const) {
    const arn = settings[key];
    if (arn && connectInstanceArn && !arn.startsWith(`${connectInstanceArn}/`)) {
      throw new SettingsError(key, "must belong to connectInstanceArn");
    }
  }
  return settings;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The `SHOP_CONFIG` JSON for the Lambdas: the pass-through `shopConfig` plus the typed settings.
 * `undefined` when nothing overrides the fulfillment defaults.
 */
export function shopConfigJson(settings: OrderlineSettings): string | undefined {
  const config: Record<string, unknown> = { ...settings.shopConfig };
  if (Object.keys(settings.timeZones).length > 0) {
    config.timeZones = { ...((config.timeZones as object | undefined) ?? {}), ...settings.timeZones };
  }
  if (settings.businessHours) config.businessHours = settings.businessHours;
  if (settings.allowedCountries) config.allowedCountries = settings.allowedCountries;
  // Extra key (the fulfillment schema ignores unknown keys): lets a Connect Lambda pick a locale by number.
  if (Object.keys(settings.dialedNumberLocales).length > 0)
    config.dialedNumberLocales = settings.dialedNumberLocales;
  return Object.keys(config).length > 0 ? JSON.stringify(config) : undefined;
}
