/**
 * Deployment settings, read from CDK context (`cdk.json` or `-c key=value`) and validated at synth time.
 * Every key is documented in infra/README.md. Values given on the command line arrive as strings, so
 * booleans, lists and maps are also accepted as `"true"`, `"en_US,ja_JP"` and JSON text.
 */

import {
  type BusinessHours,
  parseShopConfigOverride,
  type ShopConfig,
  ShopConfigError,
} from "../fulfillment/src/config.js";
import { toE164 } from "../fulfillment/src/domain/phone.js";

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
  "testAliasCodeHook",
  "smsMonthlySpendLimitUsd",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The fulfillment's own type: one shape for the Lambdas and the created hours of operation. */
export type { BusinessHours };

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
  /** Extra `ShopConfig` fields passed through to the Lambdas as `SHOP_CONFIG` JSON (validated like the Lambda does). */
  shopConfig: Partial<ShopConfig>;
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
  /**
   * What the Lex console's test alias runs: `off` (no code hook, the default), `sandbox` (a separate code hook
   * over separate tables) or `production` (the live code hook and tables: only for a non-production stack).
   */
  testAliasCodeHook: "off" | "sandbox" | "production";
  /** The account's SNS monthly SMS spend cap (USD) the stack sets; 0 leaves the account settings alone. */
  smsMonthlySpendLimitUsd: number;
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

/**
 * A `ShopConfig` part of the context, checked by the fulfillment's own validator (the one ShopConfig schema), so
 * a value the Lambdas would refuse fails the synth. Errors name the context key.
 */
function shopConfigPart(key: SettingKey, override: Record<string, unknown>): Partial<ShopConfig> {
  try {
    return parseShopConfigOverride(override);
  } catch (error) {
    if (!(error instanceof ShopConfigError)) throw error;
    throw new SettingsError(key, key === "shopConfig" ? `${error.key}: ${error.problem}` : error.problem);
  }
}

function testAliasCodeHook(read: ContextReader): OrderlineSettings["testAliasCodeHook"] {
  const value = str(read, "testAliasCodeHook") ?? "off";
  if (value !== "off" && value !== "sandbox" && value !== "production") {
    throw new SettingsError("testAliasCodeHook", "expected off, sandbox or production");
  }
  return value;
}

function smsSpendLimit(read: ContextReader): number {
  const value = json(read, "smsMonthlySpendLimitUsd") ?? 10;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 100_000) {
    throw new SettingsError(
      "smsMonthlySpendLimitUsd",
      "expected a whole number of USD from 0 (leave as is) up",
    );
  }
  return value;
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
    if (toE164(number) !== number)
      throw new SettingsError("dialedNumberLocales", `"${number}" is not an E.164 number`);
    if (typeof locale !== "string" || !LOCALE_ID.test(locale)) {
      throw new SettingsError("dialedNumberLocales", `"${String(locale)}" is not a locale id`);
    }
  }
  const timeZones = shopConfigPart("timeZones", { timeZones: record(read, "timeZones") }).timeZones ?? {};
  const hours = json(read, "businessHours");
  const businessHours =
    hours === undefined ? undefined : shopConfigPart("businessHours", { businessHours: hours }).businessHours;
  const countries = list(read, "allowedCountries");
  const allowedCountries =
    countries === undefined
      ? undefined
      : shopConfigPart("allowedCountries", { allowedCountries: countries }).allowedCountries;
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
    timeZones,
    businessHours,
    allowedCountries,
    shopConfig: shopConfigPart("shopConfig", record(read, "shopConfig")),
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
    testAliasCodeHook: testAliasCodeHook(read),
    smsMonthlySpendLimitUsd: smsSpendLimit(read),
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

/**
 * The `SHOP_CONFIG` JSON for the Lambdas: the pass-through `shopConfig` plus the typed settings, all checked
 * by the ShopConfig schema in `readSettings`. `undefined` when nothing overrides the fulfillment defaults.
 * (`dialedNumberLocales` is not a shop setting: the inbound flow picks the locale, infra/connect builds it.)
 */
export function shopConfigJson(settings: OrderlineSettings): string | undefined {
  const config: Partial<ShopConfig> = { ...settings.shopConfig };
  if (Object.keys(settings.timeZones).length > 0) {
    config.timeZones = { ...(config.timeZones ?? {}), ...settings.timeZones };
  }
  if (settings.businessHours) config.businessHours = settings.businessHours;
  if (settings.allowedCountries) config.allowedCountries = settings.allowedCountries;
  return Object.keys(config).length > 0 ? JSON.stringify(config) : undefined;
}
