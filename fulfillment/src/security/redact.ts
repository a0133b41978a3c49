/**
 * Log redaction: no full phone number in any log line, including inside error texts from AWS (SNS puts the
 * destination number in its messages). E.164 numbers keep their country code and last four digits.
 */

// "+" and 7..15 digits (E.164), or a national number of 10..11 digits starting with 0 (090…, 03…).
const PHONE_IN_TEXT = /\+\d{7,15}\b|\b0\d{9,10}\b/g;

/** Masks every phone number inside a text: `+819012345678` → `+81******5678`. */
export function redactPhones(text: string): string {
  return text.replace(PHONE_IN_TEXT, (n) => {
    const keep = n.startsWith("+") ? Math.min(3, n.length - 4) : 0;
    return `${n.slice(0, keep)}${"*".repeat(n.length - keep - 4)}${n.slice(-4)}`;
  });
}

/** A JSON replacer for the Powertools logger: every string value is redacted (`jsonReplacerFn`). */
export function redactingReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "string") return redactPhones(value);
  if (value instanceof Error) return redactPhones(`${value.name}: ${value.message}`);
  return value;
}
