/** The shape of the locale files, owned by locales/ (bot/ reads them, never the other way round). */

/** Per-locale text and settings: `locales/<localeId>/bot.json`. */
export interface LocaleBotText {
  localeId: string;
  /** BCP-47 tag as Connect and Polly spell it, e.g. `ja-JP`. */
  languageCode: string;
  voice: { voiceId: string; engine: "standard" | "neural" | "generative" | "long-form" };
  nluConfidenceThreshold: number;
  /** The shop's default time zone for this locale (overridable in shop config). */
  timeZone: string;
  intents: Record<
    string,
    {
      /** Sample utterances; slot references as `{SlotName}`. */
      utterances: string[];
      /** Per slot: prompt variations (>= 3; the first is the main message), and optional sample utterances. */
      slots?: Record<string, { prompts: string[]; sampleUtterances?: string[] }>;
      /** Confirmation prompt variations and the reply when the customer says no. */
      confirmation?: { prompts: string[]; declined: string };
    }
  >;
  /** Values for custom slot types that enumerate values (not regex ones). */
  slotTypeValues?: Record<string, { value: string; synonyms?: string[] }[]>;
}
