import type { CountryCode } from "libphonenumber-js/core";
import { normalizeDigits } from "./order.js";
import { phoneNumberParser } from "./phone-numbers.js";

export type PhoneCheck =
  | { ok: true; e164: string }
  | { ok: false; reason: "INVALID" | "COUNTRY_NOT_ALLOWED" };

/**
 * Parses a spoken/typed number to E.164 and checks it against the allowed countries. libphonenumber-js is
 * loaded on first use ({@link phoneNumberParser}): only callback requests need it.
 */
export async function normalizePhone(
  raw: string,
  defaultCountry: string,
  allowedCountries: string[],
): Promise<PhoneCheck> {
  const cleaned = normalizeDigits(raw).replace(/[^\d+]/g, "");
  if (cleaned.length < 7 || cleaned.length > 16) return { ok: false, reason: "INVALID" };
  const parsed = (await phoneNumberParser())(cleaned, defaultCountry as CountryCode);
  if (!parsed?.isValid()) return { ok: false, reason: "INVALID" };
  if (!parsed.country || !allowedCountries.includes(parsed.country))
    return { ok: false, reason: "COUNTRY_NOT_ALLOWED" };
  return { ok: true, e164: parsed.number };
}

// E.164: "+", a country code that never starts with 0, at most 15 digits in all (ITU-T E.164). AWS checks
// the same pattern, `\+[1-9]\d{1,14}`, on Connect phone numbers and SNS SMS destinations:
// https://docs.aws.amazon.com/connect/latest/APIReference/API_StartOutboundVoiceContact.html
// https://docs.aws.amazon.com/sns/latest/dg/sms_sending-overview.html
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The canonical E.164 form of a number that is already in E.164 (`+81 90…` style spacing is not accepted: a
 * national or spoken number goes through {@link normalizePhone}); surrounding whitespace is ignored.
 * Returns undefined for anything else. The one E.164 rule of the project: fulfillment, emulator and infra.
 */
export function toE164(value: string): string | undefined {
  const trimmed = value.trim();
  return E164.test(trimmed) ? trimmed : undefined;
}

/** Masks a phone number for logs: `+819012345678` → `+81******5678`. */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return "";
  const p = String(phone);
  if (p.length <= 4) return "****";
  const head = p.startsWith("+")
    ? `+${countryCallingCode(p.slice(1))}`
    : p.slice(0, Math.min(3, p.length - 4));
  return `${head}${"*".repeat(Math.max(0, p.length - head.length - 4))}${p.slice(-4)}`;
}

/** The last four digits of a phone number. */
export function lastFour(phone: string): string {
  return phone.replace(/\D/g, "").slice(-4);
}

/** Default region for parsing national numbers from a locale id (`ja_JP` → `JP`). */
export function countryOfLocale(localeId: string): string {
  return localeId.split("_")[1] ?? "US";
}

// Country calling codes are prefix-free: 1 (NANP) and 7 are one digit, these are two, the rest three.
const TWO_DIGIT_CODES = new Set([
  "20",
  "27",
  "30",
  "31",
  "32",
  "33",
  "34",
  "36",
  "39",
  "40",
  "41",
  "43",
  "44",
  "45",
  "46",
  "47",
  "48",
  "49",
  "51",
  "52",
  "53",
  "54",
  "55",
  "56",
  "57",
  "58",
  "60",
  "61",
  "62",
  "63",
  "64",
  "65",
  "66",
  "81",
  "82",
  "84",
  "86",
  "90",
  "91",
  "92",
  "93",
  "94",
  "95",
  "98",
]);

/** The country calling code of an E.164 number's digits (for masking, without phone metadata). */
function countryCallingCode(digits: string): string {
  if (digits.startsWith("1") || digits.startsWith("7")) return digits.slice(0, 1);
  return TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? digits.slice(0, 2) : digits.slice(0, 3);
}

/**
 * A number as it is read back to the caller: national format for Japan and North America
 * (`090-1234-5678`, `(202) 555-0123`), otherwise the country code and groups of digits.
 */
export function formatPhoneForSpeech(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  const cc = countryCallingCode(digits);
  const rest = digits.slice(cc.length);
  if (cc === "1" && rest.length === 10) return `(${rest.slice(0, 3)}) ${rest.slice(3, 6)}-${rest.slice(6)}`;
  if (cc === "81" && rest.length === 10) return `0${rest.slice(0, 2)}-${rest.slice(2, 6)}-${rest.slice(6)}`;
  if (cc === "81" && rest.length === 9) return `0${rest.slice(0, 1)}-${rest.slice(1, 5)}-${rest.slice(5)}`;
  const groups = rest.match(/\d{1,4}(?=(\d{4})*$)/g) ?? [rest];
  return `+${cc} ${groups.join(" ")}`;
}
