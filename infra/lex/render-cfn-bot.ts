import { createHash } from "node:crypto";
import type { aws_lex as lex } from "aws-cdk-lib";
import type {
  ContextDefinition,
  RenderedBot,
  RenderedIntent,
  RenderedLocale,
  RenderedSlot,
  RenderedSlotType,
} from "../../bot/types.js";
import { SLOT_CAPTURE_DEFAULT } from "../../bot/types.js";

/** Lex V2 limit: a message group holds one message plus at most two variations (API MessageGroup). */
export const MAX_VARIATIONS_PER_GROUP = 2;
/** DTMF digits the caller may key for one slot before Lex stops listening (Lex allows 1..1024). */
export const DTMF_MAX_DIGITS = 20;
/** Caller presses `#` to finish keying digits, `*` to clear them (Lex and Connect defaults). */
export const DTMF_END_CHARACTER = "#";
export const DTMF_DELETION_CHARACTER = "*";
/** Lex build-time limits (Lex V2 quotas; CFN `PlainTextMessage.Value` 1..1000). */
export const MAX_UTTERANCE_CHARS = 500;
export const MAX_MESSAGE_CHARS = 1000;
/** Lex V2 limits on an intent's contexts (CreateIntent: inputContexts ≤ 5, outputContexts ≤ 10). */
export const MAX_INPUT_CONTEXTS = 5;
export const MAX_OUTPUT_CONTEXTS = 10;
/** Retries of the confirmation prompt before the intent fails. */
export const CONFIRMATION_MAX_RETRIES = 2;

/** The `CfnBot` properties that come from the bot definition (no tokens, so they can be hashed). */
export interface RenderedCfnBot {
  idleSessionTtlInSeconds: number;
  description: string;
  /** CloudFormation casing: `dataPrivacy` is typed `any`, so CDK passes it through unconverted. */
  dataPrivacy: { ChildDirected: boolean };
  autoBuildBotLocales: boolean;
  botLocales: lex.CfnBot.BotLocaleProperty[];
}

function plainText(value: string): lex.CfnBot.MessageProperty {
  if (value.length === 0 || value.length > MAX_MESSAGE_CHARS) {
    throw new Error(`A Lex message must be 1..${MAX_MESSAGE_CHARS} characters: "${value.slice(0, 40)}…"`);
  }
  return { plainTextMessage: { value } };
}

/**
 * One message group: the first text is the message, the next two are variations Lex picks from at random.
 * Lex V2 sends one message from *every* group, so further texts cannot become extra groups without the bot
 * saying several prompts in a row; they are left to the code hook, which has its own retry wording.
 */
export function messageGroups(texts: string[]): lex.CfnBot.MessageGroupProperty[] {
  const [first, ...rest] = texts;
  if (first === undefined) throw new Error("A prompt needs at least one message");
  const variations = rest.slice(0, MAX_VARIATIONS_PER_GROUP).map(plainText);
  return [{ message: plainText(first), ...(variations.length > 0 ? { variations } : {}) }];
}

/** Keypad input for every attempt of a slot prompt: `Initial`, `Retry1`..`RetryN`. */
export function dtmfPromptAttempts(
  maxRetries: number,
): Record<string, lex.CfnBot.PromptAttemptSpecificationProperty> {
  const attempt: lex.CfnBot.PromptAttemptSpecificationProperty = {
    allowedInputTypes: { allowAudioInput: true, allowDtmfInput: true },
    allowInterrupt: true,
    audioAndDtmfInputSpecification: {
      startTimeoutMs: 4000,
      audioSpecification: { endTimeoutMs: 640, maxLengthMs: 15000 },
      dtmfSpecification: {
        endCharacter: DTMF_END_CHARACTER,
        deletionCharacter: DTMF_DELETION_CHARACTER,
        endTimeoutMs: 5000,
        maxLength: DTMF_MAX_DIGITS,
      },
    },
    textInputSpecification: { startTimeoutMs: 30000 },
  };
  const names = ["Initial", ...Array.from({ length: maxRetries }, (_, i) => `Retry${i + 1}`)];
  return Object.fromEntries(names.map((name) => [name, attempt]));
}

/**
 * A slot's `SlotCaptureSetting`, always explicit: whether the dialog code hook runs after an answer that fills
 * the slot (`codeHook`, with `captureNextStep` InvokeDialogCodeHook) and after one that does not
 * (`elicitationCodeHook`), and where Lex goes when the retries are used up (`failureNextStep`). Lex's defaults
 * for an unset setting are undocumented (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotCaptureSetting.html,
 * https://docs.aws.amazon.com/lexv2/latest/dg/paths-code-hook.html).
 */
export function renderSlotCapture(
  slot: Pick<RenderedSlot, "name" | "capture">,
  intent: Pick<RenderedIntent, "name" | "dialogCodeHook">,
): lex.CfnBot.SlotCaptureSettingProperty {
  const capture = slot.capture ?? SLOT_CAPTURE_DEFAULT;
  if ((capture.codeHookOnCapture || capture.codeHookOnFailure) && !intent.dialogCodeHook) {
    throw new Error(
      `${intent.name}.${slot.name} calls the dialog code hook, which the intent does not enable`,
    );
  }
  const failureNextStep: lex.CfnBot.DialogStateProperty =
    capture.failureNextStep === "FallbackIntent"
      ? { dialogAction: { type: "StartIntent" }, intent: { name: "FallbackIntent" } }
      : { dialogAction: { type: "EndConversation" } };
  return {
    codeHook: {
      enableCodeHookInvocation: capture.codeHookOnCapture,
      isActive: capture.codeHookOnCapture,
      invocationLabel: `${slot.name}Captured`,
      // Success, failure and timeout follow the hook's own dialog action (no extra responses).
      postCodeHookSpecification: {},
    },
    elicitationCodeHook: {
      enableCodeHookInvocation: capture.codeHookOnFailure,
      invocationLabel: `${slot.name}NotCaptured`,
    },
    ...(capture.codeHookOnCapture
      ? { captureNextStep: { dialogAction: { type: "InvokeDialogCodeHook" } } }
      : {}),
    failureNextStep,
  };
}

function renderSlot(slot: RenderedSlot, intent: RenderedIntent): lex.CfnBot.SlotProperty {
  return {
    name: slot.name,
    slotTypeName: slot.slotType,
    valueElicitationSetting: {
      slotConstraint: slot.required ? "Required" : "Optional",
      slotCaptureSetting: renderSlotCapture(slot, intent),
      promptSpecification: {
        messageGroupsList: messageGroups(slot.prompts),
        maxRetries: slot.maxRetries,
        allowInterrupt: true,
        ...(slot.allowDtmf ? { promptAttemptsSpecification: dtmfPromptAttempts(slot.maxRetries) } : {}),
      },
      ...(slot.sampleUtterances.length > 0
        ? { sampleUtterances: slot.sampleUtterances.map((utterance) => ({ utterance })) }
        : {}),
    },
    ...(slot.obfuscated ? { obfuscationSetting: { obfuscationSettingType: "DefaultObfuscation" } } : {}),
  };
}

/** Lex V2 contexts of an intent: input ones by name, output ones with their time to live. */
export function renderIntentContexts(
  intent: Pick<RenderedIntent, "name" | "inputContexts" | "outputContexts">,
  contexts: ContextDefinition[],
): Pick<lex.CfnBot.IntentProperty, "inputContexts" | "outputContexts"> {
  const byName = new Map(contexts.map((c) => [c.name, c]));
  const known = (name: string) => {
    const c = byName.get(name);
    if (!c) throw new Error(`intent ${intent.name} names context ${name}, which the bot does not declare`);
    return c;
  };
  const input = intent.inputContexts ?? [];
  const output = intent.outputContexts ?? [];
  if (input.length > MAX_INPUT_CONTEXTS || output.length > MAX_OUTPUT_CONTEXTS) {
    throw new Error(
      `intent ${intent.name}: Lex allows ${MAX_INPUT_CONTEXTS} input and ${MAX_OUTPUT_CONTEXTS} output contexts`,
    );
  }
  return {
    ...(input.length > 0 ? { inputContexts: input.map((name) => ({ name: known(name).name })) } : {}),
    ...(output.length > 0
      ? {
          outputContexts: output.map((name) => {
            const c = known(name);
            return { name: c.name, timeToLiveInSeconds: c.timeToLiveInSeconds, turnsToLive: c.turnsToLive };
          }),
        }
      : {}),
  };
}

function renderIntent(
  intent: RenderedIntent,
  localeId: string,
  contexts: ContextDefinition[] = [],
): lex.CfnBot.IntentProperty {
  const codeHooks = {
    dialogCodeHook: { enabled: intent.dialogCodeHook },
    fulfillmentCodeHook: { enabled: intent.fulfillmentCodeHook },
  };
  // Built-in intents (AMAZON.FallbackIntent) take no utterances, slots or confirmation.
  if (intent.parentIntentSignature) {
    return { name: intent.name, parentIntentSignature: intent.parentIntentSignature, ...codeHooks };
  }
  if (intent.utterances.length === 0) throw new Error(`${localeId}: intent ${intent.name} has no utterances`);
  checkUtterances(intent, localeId);
  let confirmation: Pick<lex.CfnBot.IntentProperty, "intentConfirmationSetting"> = {};
  if (intent.confirmation) {
    if (intent.confirmationPrompts.length === 0) {
      throw new Error(`${localeId}: intent ${intent.name} needs confirmation prompts`);
    }
    confirmation = {
      intentConfirmationSetting: {
        promptSpecification: {
          messageGroupsList: messageGroups(intent.confirmationPrompts),
          maxRetries: CONFIRMATION_MAX_RETRIES,
          allowInterrupt: true,
          // "Press 1 for yes": keys are allowed at the prompt and read by the code hook.
          promptAttemptsSpecification: dtmfPromptAttempts(CONFIRMATION_MAX_RETRIES),
        },
        // An answer Lex cannot read as yes or no (a keyed 1 or 2 among them) goes to the dialog code hook, and
        // the hook runs after a yes or no too; explicit, as the defaults are undocumented
        // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_IntentConfirmationSetting.html).
        ...(intent.dialogCodeHook
          ? {
              elicitationCodeHook: {
                enableCodeHookInvocation: true,
                invocationLabel: "ConfirmationNotUnderstood",
              },
              codeHook: {
                enableCodeHookInvocation: true,
                isActive: true,
                invocationLabel: "ConfirmationAnswered",
                postCodeHookSpecification: {},
              },
            }
          : {}),
        ...(intent.declinationResponse
          ? {
              declinationResponse: {
                messageGroupsList: messageGroups([intent.declinationResponse]),
                allowInterrupt: true,
              },
            }
          : {}),
      },
    };
  }
  return {
    name: intent.name,
    sampleUtterances: intent.utterances.map((utterance) => ({ utterance })),
    ...(intent.slots.length > 0
      ? {
          slots: intent.slots.map((slot) => renderSlot(slot, intent)),
          // Elicitation order = definition order; Lex priorities must be unique per intent.
          slotPriorities: intent.slots.map((slot, i) => ({ priority: i + 1, slotName: slot.name })),
        }
      : {}),
    ...confirmation,
    ...renderIntentContexts(intent, contexts),
    ...codeHooks,
  };
}

// Lex refuses to build a locale whose utterance names a slot the intent does not have.
function checkUtterances(intent: RenderedIntent, localeId: string): void {
  const slotNames = new Set(intent.slots.map((s) => s.name));
  const texts = [
    ...intent.utterances.map((u) => ({ text: u, allowed: slotNames })),
    ...intent.slots.flatMap((slot) =>
      slot.sampleUtterances.map((u) => ({ text: u, allowed: new Set([slot.name]) })),
    ),
  ];
  for (const { text, allowed } of texts) {
    if (text.length > MAX_UTTERANCE_CHARS) {
      throw new Error(`${localeId}: ${intent.name} utterance longer than ${MAX_UTTERANCE_CHARS} characters`);
    }
    for (const [, ref] of text.matchAll(/\{(\w+)\}/g)) {
      if (!allowed.has(ref as string)) {
        throw new Error(`${localeId}: ${intent.name} utterance "${text}" names unknown slot {${ref}}`);
      }
    }
  }
}

function renderSlotType(slotType: RenderedSlotType): lex.CfnBot.SlotTypeProperty {
  if (slotType.regex) {
    // Lex accepts a regex filter only on a type that extends AMAZON.AlphaNumeric.
    return {
      name: slotType.name,
      parentSlotTypeSignature: slotType.parentSlotTypeSignature ?? "AMAZON.AlphaNumeric",
      valueSelectionSetting: {
        resolutionStrategy: slotType.resolutionStrategy,
        regexFilter: { pattern: slotType.regex },
      },
    };
  }
  return {
    name: slotType.name,
    ...(slotType.parentSlotTypeSignature
      ? { parentSlotTypeSignature: slotType.parentSlotTypeSignature }
      : {}),
    slotTypeValues: slotType.values.map((v) => ({
      sampleValue: { value: v.value },
      ...(v.synonyms.length > 0 ? { synonyms: v.synonyms.map((value) => ({ value })) } : {}),
    })),
    valueSelectionSetting: { resolutionStrategy: slotType.resolutionStrategy },
  };
}

/** One locale of the bot as a `CfnBot.BotLocaleProperty`. */
export function renderCfnLocale(locale: RenderedLocale): lex.CfnBot.BotLocaleProperty {
  return {
    localeId: locale.localeId,
    nluConfidenceThreshold: locale.nluConfidenceThreshold,
    voiceSettings: { voiceId: locale.voice.voiceId, engine: locale.voice.engine },
    slotTypes: locale.slotTypes.map(renderSlotType),
    intents: locale.intents.map((intent) => renderIntent(intent, locale.localeId, locale.contexts ?? [])),
  };
}

/** Renders the shared bot definition into the token-free part of the `CfnBot` props. */
export function renderCfnBot(bot: RenderedBot): RenderedCfnBot {
  if (bot.locales.length === 0) throw new Error("The bot has no locales: add a locales/<localeId>/bot.json");
  return {
    description: bot.description,
    idleSessionTtlInSeconds: bot.idleSessionTtlInSeconds,
    dataPrivacy: { ChildDirected: false },
    autoBuildBotLocales: true,
    botLocales: bot.locales.map(renderCfnLocale),
  };
}

// Key order must not change the hash: JSON.stringify with sorted keys at every level.
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A short, stable SHA-256 of the rendered bot: changes whenever any text or setting changes. */
export function hashBotDefinition(rendered: RenderedCfnBot): string {
  return createHash("sha256").update(stableStringify(rendered)).digest("hex").slice(0, 16);
}
