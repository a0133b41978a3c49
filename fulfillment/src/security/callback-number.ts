import type { CountryCode } from "libphonenumber-js/core";
import { phoneNumberParser } from "../domain/phone-numbers.js";

/** Why a number may not receive a callback. */
export type CallbackNumberRefusal = "INVALID" | "COUNTRY_NOT_ALLOWED" | "NUMBER_TYPE_NOT_ALLOWED";

// Numbers a person answers. Premium-rate, shared-cost, toll-free, UAN, voicemail, pager, VoIP, personal and
// satellite ranges (international revenue share fraud targets), and numbers of unknown type are refused.
const CALLABLE_TYPES = new Set(["FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE"]);

/**
 * Whether Orderline may call or text this number: valid, in an allowed country, and typed by
 * libphonenumber-js's full metadata as fixed-line or mobile. Applies to the caller's own number too.
 */
export async function checkCallbackNumber(
  e164: string,
  allowedCountries: string[],
): Promise<{ ok: true } | { ok: false; reason: CallbackNumberRefusal; type?: string }> {
  // The full metadata knows number types; the default ("min") one answers undefined for every type.
  const parsed = (await phoneNumberParser())(e164, "US" as CountryCode);
  if (!parsed?.isValid()) return { ok: false, reason: "INVALID" };
  if (!parsed.country || !allowedCountries.includes(parsed.country)) {
    return { ok: false, reason: "COUNTRY_NOT_ALLOWED" };
  }
  const type = parsed.getType();
  if (!type || !CALLABLE_TYPES.has(type)) return { ok: false, reason: "NUMBER_TYPE_NOT_ALLOWED", type };
  return { ok: true };
}
