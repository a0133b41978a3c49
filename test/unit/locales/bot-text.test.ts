import { describe, expect, it } from "vitest";
import { botDefinition } from "../../../bot/definition.js";
import { renderBot } from "../../../bot/render.js";
import type { IntentDefinition, LocaleBotText } from "../../../bot/types.js";
import { listLocaleIds, loadBotText } from "../../../locales/index.js";

// The issue asks for 40+; the contract the NLU and the emulator rely on is 30.
const MIN_UTTERANCES = 30;
const MIN_PROMPTS = 3;
// Lex allows 500 characters; we keep utterances short enough to read as one breath.
const MAX_UTTERANCE_LENGTH = 200;
// Lex rejects most punctuation in sample utterances; Japanese 、。 are allowed but we keep them out too.
const FORBIDDEN_IN_UTTERANCES = /[?!,;:"()[\]<>.？！，；：、。「」（）]/;
const SLOT_REF = /\{([^{}]*)\}/g;

const localeIds = listLocaleIds();
const customIntents = botDefinition.intents.filter((i) => !i.parentIntentSignature);
const builtInIntents = botDefinition.intents.filter((i) => i.parentIntentSignature);

/** `{Name}` references in a text, in order of appearance. */
function slotRefs(text: string): string[] {
  return [...text.matchAll(SLOT_REF)].map((m) => m[1] ?? "");
}

function slotNames(intent: IntentDefinition): Set<string> {
  return new Set(intent.slots.map((s) => s.name));
}

// Compares utterances the way an NLU would: case and spacing do not make a new sample.
function normalise(utterance: string): string {
  return utterance.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Every text of an intent that may carry `{Slot}` references, labelled for error messages. */
function textsWithRefs(t: LocaleBotText["intents"][string]): [string, string][] {
  const out: [string, string][] = t.utterances.map((u) => [`utterance "${u}"`, u]);
  for (const [slot, s] of Object.entries(t.slots ?? {})) {
    for (const p of s.prompts) out.push([`${slot} prompt "${p}"`, p]);
    for (const u of s.sampleUtterances ?? []) out.push([`${slot} sample "${u}"`, u]);
  }
  for (const p of t.confirmation?.prompts ?? []) out.push([`confirmation "${p}"`, p]);
  if (t.confirmation) out.push(["declined", t.confirmation.declined]);
  return out;
}

/** One intent's text; a missing intent fails with its name rather than a TypeError. */
function intentText(localeId: string, intentName: string): LocaleBotText["intents"][string] {
  const t = loadBotText(localeId).intents[intentName];
  if (!t) throw new Error(`${localeId}: no text for intent ${intentName}`);
  return t;
}

const intentCases = localeIds.flatMap((localeId) => customIntents.map((intent) => ({ localeId, intent })));

describe("locale bot text", () => {
  it("finds the shipped locales on disk", () => {
    expect(localeIds).toEqual(expect.arrayContaining(["en_US", "ja_JP"]));
  });

  it("renders every locale against the bot definition", () => {
    const bot = renderBot();
    expect(bot.locales.map((l) => l.localeId)).toEqual(localeIds);
    for (const locale of bot.locales) {
      expect(locale.intents.map((i) => i.name)).toEqual(botDefinition.intents.map((i) => i.name));
    }
  });

  it.each(localeIds)("%s: settings are consistent with the locale id", (localeId) => {
    const text = loadBotText(localeId);
    expect(text.localeId).toBe(localeId);
    expect(text.languageCode).toBe(localeId.replace("_", "-"));
    expect(text.nluConfidenceThreshold).toBeGreaterThan(0);
    expect(text.nluConfidenceThreshold).toBeLessThan(1);
    expect(text.voice.voiceId).toMatch(/^[A-Z][a-z]+$/);
    expect(["standard", "neural", "generative", "long-form"]).toContain(text.voice.engine);
    // Throws RangeError for an unknown IANA zone.
    expect(() => new Intl.DateTimeFormat("en-US", { timeZone: text.timeZone })).not.toThrow();
  });

  it.each(localeIds)("%s: has text only for intents and slots the definition knows", (localeId) => {
    const text = loadBotText(localeId);
    expect(Object.keys(text.intents).sort()).toEqual(customIntents.map((i) => i.name).sort());
    for (const intent of customIntents) {
      const t = intentText(localeId, intent.name);
      expect(Object.keys(t.slots ?? {}).sort(), intent.name).toEqual([...slotNames(intent)].sort());
      expect(Boolean(t.confirmation), `${intent.name} confirmation`).toBe(intent.confirmation);
    }
    for (const intent of builtInIntents) expect(text.intents[intent.name], intent.name).toBeUndefined();
    const slotTypeNames = botDefinition.slotTypes.map((st) => st.name);
    for (const name of Object.keys(text.slotTypeValues ?? {})) expect(slotTypeNames).toContain(name);
  });

  it.each(intentCases)(
    "$localeId: $intent.name has at least 30 sample utterances",
    ({ localeId, intent }) => {
      const t = intentText(localeId, intent.name);
      expect(t.utterances.length).toBeGreaterThanOrEqual(MIN_UTTERANCES);
    },
  );

  it.each(intentCases)("$localeId: $intent.name utterances are clean for Lex", ({ localeId, intent }) => {
    const t = intentText(localeId, intent.name);
    for (const u of t.utterances) {
      expect(u.length, u).toBeGreaterThan(0);
      expect(u.length, u).toBeLessThanOrEqual(MAX_UTTERANCE_LENGTH);
      expect(u, "trimmed, single spaces").toBe(u.trim().replace(/\s+/g, " "));
      expect(u).not.toMatch(FORBIDDEN_IN_UTTERANCES);
      // Stray braces would make Lex read a slot that does not exist.
      expect(u.replace(SLOT_REF, ""), u).not.toMatch(/[{}]/);
      // In space-separated languages a slot glued to a word is not recognised as a slot.
      expect(u, u).not.toMatch(/[A-Za-z0-9']\{|\}[A-Za-z0-9']/);
      const refs = slotRefs(u);
      expect(new Set(refs).size, `${u}: a slot appears twice`).toBe(refs.length);
    }
  });

  it.each(intentCases)("$localeId: $intent.name has at least 3 prompts per slot", ({ localeId, intent }) => {
    const t = intentText(localeId, intent.name);
    for (const slot of intent.slots) {
      const prompts = t.slots?.[slot.name]?.prompts ?? [];
      expect(prompts.length, slot.name).toBeGreaterThanOrEqual(MIN_PROMPTS);
      expect(new Set(prompts).size, `${slot.name}: repeated prompt`).toBe(prompts.length);
      for (const p of prompts) expect(p.trim(), slot.name).not.toBe("");
    }
  });

  it.each(intentCases.filter((c) => c.intent.confirmation))(
    "$localeId: $intent.name has confirmation variations and a declined reply",
    ({ localeId, intent }) => {
      const c = intentText(localeId, intent.name).confirmation!;
      expect(c.prompts.length).toBeGreaterThanOrEqual(MIN_PROMPTS);
      expect(new Set(c.prompts).size).toBe(c.prompts.length);
      expect(c.declined.trim()).not.toBe("");
    },
  );

  it.each(intentCases)("$localeId: $intent.name references only its own slots", ({ localeId, intent }) => {
    const t = intentText(localeId, intent.name);
    const own = slotNames(intent);
    for (const [label, text] of textsWithRefs(t)) {
      for (const ref of slotRefs(text)) expect(own.has(ref), `${label} names {${ref}}`).toBe(true);
    }
  });

  it.each(intentCases)(
    "$localeId: $intent.name slot samples name exactly their slot",
    ({ localeId, intent }) => {
      const t = intentText(localeId, intent.name);
      for (const [slot, s] of Object.entries(t.slots ?? {})) {
        const samples = s.sampleUtterances ?? [];
        expect(new Set(samples.map(normalise)).size, `${slot}: repeated sample`).toBe(samples.length);
        for (const u of samples) {
          expect(slotRefs(u), u).toEqual([slot]);
          expect(u.length, u).toBeLessThanOrEqual(MAX_UTTERANCE_LENGTH);
          expect(u).not.toMatch(FORBIDDEN_IN_UTTERANCES);
        }
      }
    },
  );

  it.each(localeIds)("%s: no sample utterance is repeated, within or across intents", (localeId) => {
    const text = loadBotText(localeId);
    const seen = new Map<string, string>();
    const repeats: string[] = [];
    for (const [intentName, t] of Object.entries(text.intents)) {
      for (const u of t.utterances) {
        const key = normalise(u);
        const first = seen.get(key);
        if (first) repeats.push(`"${u}" in ${intentName} and ${first}`);
        else seen.set(key, intentName);
      }
    }
    expect(repeats).toEqual([]);
  });

  it("every locale has the same intents and slots", () => {
    const shape = (id: string) =>
      Object.entries(loadBotText(id).intents)
        .map(
          ([name, t]) =>
            `${name}(${Object.keys(t.slots ?? {})
              .sort()
              .join(",")})`,
        )
        .sort();
    const [first, ...rest] = localeIds;
    for (const id of rest) expect(shape(id), id).toEqual(shape(first!));
  });
});
