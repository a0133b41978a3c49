import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CountryCode, MetadataJson, PhoneNumber } from "libphonenumber-js/core";

/** The metadata file a Lambda bundle ships next to its handler (infra copies it there). */
export const PHONE_METADATA_FILE = "phone-metadata.max.json";

/** Parses a number with libphonenumber-js's full ("max") metadata; undefined when it is no number at all. */
export type PhoneNumberParser = (text: string, defaultCountry: CountryCode) => PhoneNumber | undefined;

let parser: Promise<PhoneNumberParser> | undefined;

/**
 * The phone-number parser, loaded on first use: only callback requests need it. Its metadata (~150 KB of JSON)
 * is read from a file, not bundled into the Lambda's code, so no cold start parses it. One metadata set for every
 * check: the full one knows number types (fixed line, mobile, premium rate…), which the callback allow-list needs.
 */
export function phoneNumberParser(): Promise<PhoneNumberParser> {
  parser ??= (async () => {
    const { parsePhoneNumberFromString } = await import("libphonenumber-js/core");
    const metadata = JSON.parse(readFileSync(metadataPath(), "utf8")) as MetadataJson;
    return (text, defaultCountry) => parsePhoneNumberFromString(text, defaultCountry, metadata);
  })();
  return parser;
}

/** Beside the bundled handler, else the package's own file (sources run by tsx, tests, the emulator). */
function metadataPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, PHONE_METADATA_FILE);
  return existsSync(bundled)
    ? bundled
    : createRequire(import.meta.url).resolve("libphonenumber-js/metadata.max.json");
}
