import { explicitDate } from "./occurrence.js";

/** Reads a date keyed on a phone keypad as 8 digits `YYYYMMDD` ("20261130" → "2026-11-30"); null if not a real date. */
export function parseKeypadDate(digits: string): string | null {
  if (typeof digits !== "string") return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(digits.trim());
  return m ? explicitDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}
