import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface FlowLocaleConfig {
  /** BCP-47 as Connect spells it (`UpdateContactData.LanguageCode`), e.g. `ja-JP`. */
  languageCode: string;
  voiceId: string;
  engine: "Neural" | "Standard";
  /** The locale the one-key language switch moves to. */
  switchTo: string;
}

/** `flows/config.json`: how the flows pick a locale and their timing knobs. */
export interface FlowConfig {
  defaultLocale: string;
  languageSwitchKey: string;
  /** Dialed number prefix → locale; first match wins, else `defaultLocale`. */
  dialedNumberLocales: { prefix: string; locale: string }[];
  locales: Record<string, FlowLocaleConfig>;
  lambdaTimeoutSeconds: number;
  menuTimeoutSeconds: number;
  languageSwitchTimeoutSeconds: number;
  callback: { initialCallDelaySeconds: number; maximumConnectionAttempts: number; retryDelaySeconds: number };
}

/** The `flows/` folder. */
export const FLOWS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Reads `flows/config.json`. */
export function loadFlowConfig(path = join(FLOWS_DIR, "config.json")): FlowConfig {
  return JSON.parse(readFileSync(path, "utf8")) as FlowConfig;
}

/** Locale ids the flows speak, default first. */
export function flowLocaleIds(config: FlowConfig): string[] {
  const rest = Object.keys(config.locales)
    .filter((l) => l !== config.defaultLocale)
    .sort();
  return [config.defaultLocale, ...rest];
}
