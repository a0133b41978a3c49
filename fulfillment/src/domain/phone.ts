import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import { normalizeDigits } from "./order.js";

export type PhoneCheck =
  | { ok: true; e164: string }
  | { ok: false; reason: "INVALID" | "COUNTRY_NOT_ALLOWED" };

/** Parses a spoken/typed number to E.164 and checks it against the allowed countries. */
export function normalizePhone(raw: string, defaultCountry: string, allowedCountries: string[]): PhoneCheck {
  const cleaned = normalizeDigits(raw).replace(/[^\d+]/g, "");
  if (cleaned.length < 7 || cleaned.length > 16) return { ok: false, reason: "INVALID" };
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry as CountryCode);
  if (!parsed?.isValid()) return { ok: false, reason: "INVALID" };
  if (!parsed.country || !allowedCountries.includes(parsed.country))
    return { ok: false, reason: "COUNTRY_NOT_ALLOWED" };
  return { ok: true, e164: parsed.number };
}

/** True for a syntactically valid E.164 number (`+` and 8 to 15 digits). */
export function isE164(value: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(value);
}

/** Masks a phone number for logs: `+819012345678` → `+81******5678`. */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return "";
  const p = String(phone);
  if (p.length <= 4) return "****";
  const parsed = parsePhoneNumberFromString(p);
  const head = parsed ? `+${parsed.countryCallingCode}` : p.slice(0, Math.min(3, p.length - 4));
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
