import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/min";

/** A typed caller number, checked: the E.164 form to dial from, or why it cannot be used. */
export type CallerNumberCheck =
  | { ok: true; e164: string; country?: string }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "invalid"; country: string }
  | { ok: false; reason: "country"; country: string };

/**
 * Reads what a person typed in the caller field: national formats of `defaultCountry` (`090-1111-2222`,
 * `(202) 555-0123`) or international ones (`+81 90 1111 2222`), accepted only for the shop's countries.
 */
export function checkCallerNumber(
  input: string,
  defaultCountry: string,
  allowedCountries: readonly string[],
): CallerNumberCheck {
  const text = input.trim();
  if (!text) return { ok: false, reason: "empty" };
  const parsed = parsePhoneNumberFromString(text, defaultCountry as CountryCode);
  // A full international number of a plausible length is taken as typed (test numbers such as +1 555 555 0100
  // are not assigned, so no country's plan calls them valid).
  const usable = parsed?.isValid() || (text.startsWith("+") && parsed?.isPossible());
  if (!parsed || !usable) return { ok: false, reason: "invalid", country: parsed?.country ?? defaultCountry };
  const country = parsed.country;
  if (country && allowedCountries.length > 0 && !allowedCountries.includes(country)) {
    return { ok: false, reason: "country", country };
  }
  return { ok: true, e164: parsed.number, country };
}

/** Typical numbers to show as examples per country (national format, as people write them). */
export const EXAMPLE_NUMBERS: Record<string, string> = {
  JP: "090-1234-5678",
  US: "(202) 555-0123",
};
