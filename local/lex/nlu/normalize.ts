/** Input clean-up shared by training and inference, so both see text the same way. */

/** Lex V2 rejects `RecognizeText` input longer than this; the NLU never looks further. */
export const MAX_INPUT_CHARS = 1024;

const SSML_TAG = /<\/?[a-zA-Z][^<>]{0,200}>/g;
// Control characters separate words; format characters (zero-width, bidi marks, BOM) sit inside them.
const CONTROL = /\p{Cc}/gu;
const FORMAT = /\p{Cf}/gu;

/**
 * NFKC (full-width digits and letters, half-width kana), SSML/XML tags and control characters removed,
 * curly apostrophes straightened, whitespace collapsed, capped at {@link MAX_INPUT_CHARS}.
 */
export function normalizeUtterance(text: string): string {
  return text
    .slice(0, MAX_INPUT_CHARS * 2)
    .normalize("NFKC")
    .replace(SSML_TAG, " ")
    .replace(CONTROL, " ")
    .replace(FORMAT, "")
    .replace(/[‘’`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_INPUT_CHARS);
}

/** `ja_JP` → `ja`: the language decides tokenisation and number words. */
export function languageOf(localeId: string): "ja" | "en" {
  return localeId.toLowerCase().startsWith("ja") ? "ja" : "en";
}
