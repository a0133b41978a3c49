/**
 * The bot as Lex sees it after a deploy: one canonical, JSON-only shape ("spec") rendered from the same
 * `renderCfnLocale` the CDK stack deploys, so the Models API, the LexJson export and drift compare exactly
 * what reaches Lex (e.g. a prompt list cut to one message plus two variations).
 * Its member names are CloudFormation's (`messageGroupsList`, `slotTypeName`, `slotPriorities[].slotName`).
 */
import type { RenderedBot } from "../../bot/types.js";
import { CONFIRMATION_MAX_RETRIES, renderCfnLocale } from "../../infra/lex/render-cfn-bot.js";

export { CONFIRMATION_MAX_RETRIES };

export interface MessageSpec {
  plainTextMessage: { value: string };
}
export interface MessageGroupSpec {
  message: MessageSpec;
  variations?: MessageSpec[];
}
export interface PromptSpec {
  messageGroupsList: MessageGroupSpec[];
  maxRetries: number;
  allowInterrupt?: boolean;
  /** `Initial`, `Retry1`.. → input settings (keypad digits, time-outs); kept as rendered. */
  promptAttemptsSpecification?: Record<string, Record<string, unknown>>;
}
export interface ResponseSpec {
  messageGroupsList: MessageGroupSpec[];
  allowInterrupt?: boolean;
}
export interface SlotSpec {
  name: string;
  slotTypeName: string;
  valueElicitationSetting: {
    slotConstraint: "Required" | "Optional";
    promptSpecification: PromptSpec;
    sampleUtterances?: { utterance: string }[];
    /** Lex's slot capture setting (code hooks after an answer, next steps), kept as rendered. */
    slotCaptureSetting?: Record<string, unknown>;
  };
  obfuscationSetting?: { obfuscationSettingType: "None" | "DefaultObfuscation" };
}
export interface IntentSpec {
  name: string;
  parentIntentSignature?: string;
  sampleUtterances?: { utterance: string }[];
  slots?: SlotSpec[];
  slotPriorities?: { priority: number; slotName: string }[];
  intentConfirmationSetting?: {
    promptSpecification: PromptSpec;
    declinationResponse?: ResponseSpec;
    /** Lex's confirmation code hooks (answered / not understood), kept as rendered. */
    elicitationCodeHook?: Record<string, unknown>;
    codeHook?: Record<string, unknown>;
  };
  dialogCodeHook: { enabled: boolean };
  fulfillmentCodeHook: { enabled: boolean };
  inputContexts?: { name: string }[];
  outputContexts?: { name: string; timeToLiveInSeconds: number; turnsToLive: number }[];
}
export interface SlotTypeSpec {
  name: string;
  parentSlotTypeSignature?: string;
  slotTypeValues?: { sampleValue: { value: string }; synonyms?: { value: string }[] }[];
  valueSelectionSetting: {
    resolutionStrategy: "ORIGINAL_VALUE" | "TOP_RESOLUTION" | "CONCATENATION";
    regexFilter?: { pattern: string };
  };
}
export interface LocaleSpec {
  localeId: string;
  nluConfidenceThreshold: number;
  voiceSettings: { voiceId: string; engine: string };
  slotTypes: SlotTypeSpec[];
  intents: IntentSpec[];
}
export interface BotSpec {
  name: string;
  description: string;
  idleSessionTtlInSeconds: number;
  locales: LocaleSpec[];
}

/** Lex's built-in fallback intent has this fixed id in every locale. */
export const FALLBACK_INTENT_ID = "FALLBCKINT";

/** The spec of one locale, rendered exactly as the CDK stack renders it (JSON round trip drops `undefined`). */
export function localeSpecOf(locale: RenderedBot["locales"][number]): LocaleSpec {
  return JSON.parse(JSON.stringify(renderCfnLocale(locale))) as LocaleSpec;
}

/** The spec of the whole bot. */
export function botSpecOf(bot: RenderedBot): BotSpec {
  return {
    name: bot.name,
    description: bot.description,
    idleSessionTtlInSeconds: bot.idleSessionTtlInSeconds,
    locales: bot.locales.map(localeSpecOf),
  };
}

/** Every text of a prompt or response, message first, then variations, group by group. */
export function groupTexts(groups: MessageGroupSpec[] | undefined): string[] {
  return (groups ?? []).flatMap((g) =>
    [g.message, ...(g.variations ?? [])].map((m) => m.plainTextMessage.value),
  );
}

/** Renames keys at every depth (`from` → `to`); values of renamed keys are transformed too. */
export function renameKeys(value: unknown, names: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, names));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [names[k] ?? k, renameKeys(v, names)]),
    );
  }
  return value;
}

/** Swaps a rename map (`to` → `from`). */
export function inverse(names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [v, k]));
}

/** A stable 10-character Lex id (`[0-9A-Z]`) for a resource, the same on every start. */
export function resourceId(...parts: string[]): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  // FNV-1a, twice with different seeds: 10 base-36 digits need ~52 bits.
  const text = parts.join("\u0000");
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += alphabet[a % 36]! + alphabet[b % 36]!;
    a = Math.floor(a / 36) + (b & 0xff) * 0x10000;
    b = Math.floor(b / 36) + (a & 0xff) * 0x10000;
  }
  return out;
}
