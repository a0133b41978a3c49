import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBotText, loadLocaleFile } from "../../locales/index.js";

/** Per locale in `flows/config.json`. */
interface FlowLocaleConfig {
  /** The locale the one-key language switch moves to. */
  switchTo: string;
}

/** `flows/config.json`: how the flows pick a locale and their timing knobs. */
export interface FlowConfig {
  defaultLocale: string;
  languageSwitchKey: string;
  /** Dialed number prefix → locale; first match wins, else `defaultLocale`. */
  dialedNumberPrefixes: { prefix: string; locale: string }[];
  /** The locales the flows speak (each needs `locales/<id>/flows.json` and `bot.json`). */
  locales: Record<string, FlowLocaleConfig>;
  lambdaTimeoutSeconds: number;
  menuTimeoutSeconds: number;
  languageSwitchTimeoutSeconds: number;
  callback: { initialCallDelaySeconds: number; maximumConnectionAttempts: number; retryDelaySeconds: number };
}

/** Prompt text of one locale: `locales/<id>/flows.json`, key → text with `{placeholders}`. */
export type FlowTexts = Record<string, string>;

/** What one locale gives the flows, all from `locales/<id>/`: prompts (`flows.json`), language and voice (`bot.json`). */
export interface FlowLocale {
  texts: FlowTexts;
  /** BCP-47 as Connect spells it (`UpdateContactData.LanguageCode`), e.g. `ja-JP`. */
  languageCode: string;
  voiceId: string;
  /** `UpdateContactTextToSpeechVoice.TextToSpeechEngine`, e.g. `Neural`. */
  engine: string;
}

/** Everything the flow generators read. */
export interface FlowInputs {
  config: FlowConfig;
  /** By locale id, every locale of `config.locales`. */
  locales: Record<string, FlowLocale>;
  /**
   * Exact dialed numbers (E.164) → locale id, checked before `config.dialedNumberPrefixes`. A deployment
   * setting (the CDK context `dialedNumberLocales`); empty for the committed flow JSON.
   */
  dialedNumberLocales: Record<string, string>;
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

// Polly engines as bot.json names them (Lex's VoiceSettings) → as Connect's "Set voice" block names them.
const CONNECT_TTS_ENGINES: Record<string, string> = {
  standard: "Standard",
  neural: "Neural",
  generative: "Generative",
};

/** Reads what the flows need of every locale in the config from `locales/<id>/`. */
export function loadFlowLocales(config: FlowConfig): Record<string, FlowLocale> {
  const locales: Record<string, FlowLocale> = {};
  for (const l of flowLocaleIds(config)) {
    const bot = loadBotText(l);
    const engine = CONNECT_TTS_ENGINES[bot.voice.engine];
    if (!engine)
      throw new Error(`locales/${l}/bot.json: Connect cannot speak with the ${bot.voice.engine} engine`);
    locales[l] = {
      texts: loadLocaleFile<FlowTexts>(l, "flows"),
      languageCode: bot.languageCode,
      voiceId: bot.voice.voiceId,
      engine,
    };
  }
  return locales;
}
