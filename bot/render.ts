import { listLocaleIds, loadBotText } from "../locales/index.js";
import { botDefinition } from "./definition.js";
import type { BotDefinition, LocaleBotText, RenderedBot, RenderedLocale } from "./types.js";

/** Joins the typed definition with one locale's text. Throws when text is missing for an intent or slot. */
export function renderLocale(def: BotDefinition, text: LocaleBotText): RenderedLocale {
  const intents = def.intents.map((intent) => {
    const t = text.intents[intent.name];
    if (!t && !intent.parentIntentSignature)
      throw new Error(`${text.localeId}: no text for intent ${intent.name}`);
    if (intent.confirmation && !t?.confirmation) {
      throw new Error(`${text.localeId}: intent ${intent.name} needs confirmation prompts`);
    }
    return {
      ...intent,
      utterances: intent.parentIntentSignature ? [] : (t?.utterances ?? []),
      confirmationPrompts: t?.confirmation?.prompts ?? [],
      declinationResponse: t?.confirmation?.declined,
      slots: intent.slots.map((slot) => {
        const s = t?.slots?.[slot.name];
        if (!s || s.prompts.length === 0) {
          throw new Error(`${text.localeId}: no prompts for slot ${intent.name}.${slot.name}`);
        }
        return { ...slot, prompts: s.prompts, sampleUtterances: s.sampleUtterances ?? [] };
      }),
    };
  });
  return {
    localeId: text.localeId,
    languageCode: text.languageCode,
    voice: text.voice,
    nluConfidenceThreshold: text.nluConfidenceThreshold,
    timeZone: text.timeZone,
    intents,
    contexts: def.contexts ?? [],
    slotTypes: def.slotTypes.map((st) => ({
      ...st,
      values: (text.slotTypeValues?.[st.name] ?? []).map((v) => ({
        value: v.value,
        synonyms: v.synonyms ?? [],
      })),
    })),
  };
}

/** The whole bot for the given locales (default: every locale folder on disk). */
export function renderBot(
  localeIds: string[] = listLocaleIds(),
  def: BotDefinition = botDefinition,
): RenderedBot {
  return {
    name: def.name,
    description: def.description,
    idleSessionTtlInSeconds: def.idleSessionTtlInSeconds,
    locales: localeIds.map((id) => renderLocale(def, loadBotText(id))),
  };
}
