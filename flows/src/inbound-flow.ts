import { placeholder } from "../placeholders.js";
import { always, equals, errors, FlowBuilder, LOCALE_ATTRIBUTE } from "./flow-builder.js";
import type { FlowInputs } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";

/** Intents the bot fulfils itself; the flow then asks whether there is anything else. */
const SELF_SERVICE_INTENTS = ["CancelOrder", "ChangeShippingDate", "CheckOrderStatus", "RequestCallback"];

/** Lex speech and keypad settings of every voice bot block. */
const VOICE_SESSION_ATTRIBUTES = {
  // Barge-in: the caller may speak over any bot prompt, the greeting above all (a caller who knows what they
  // want says it while the greeting plays). Lex V2 documents True as this attribute's default
  // (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html), while Connect's guide has told
  // bot builders to turn voice barge-in on with a session attribute
  // (https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html): set here, it does not
  // depend on which default applies. The bot's own prompts allow interruption too (infra/lex).
  "x-amz-lex:allow-interrupt:*:*": "true",
  // Connect passes keypad digits to Lex as text; `#` ends input, `*` clears it
  // (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html).
  "x-amz-lex:dtmf:end-character:*:*": "#",
  "x-amz-lex:dtmf:deletion-character:*:*": "*",
  "x-amz-lex:dtmf:end-timeout-ms:*:*": "5000",
  // Digits said aloud come in groups with pauses: Lex waits longer after speech for the digit slots than its
  // 600 ms default, and longer still in Japanese (ゼロキュウゼロ…), set per locale in applyLocale.
  ...Object.fromEntries(
    ["OrderId", "PhoneLast4", "CallbackNumber"].map((slot) => [
      `x-amz-lex:audio:end-timeout-ms:*:${slot}`,
      "$.FlowAttributes.digitEndTimeoutMs",
    ]),
  ),
};
/**
 * The order the greeting asks about ("are you calling about your kettle?"), for the greeting's bot block only:
 * the bot reads a first "yes"/"no" against that question (Connect cannot activate a Lex context). Later bot
 * blocks ask other questions, so they do not pass it.
 */
const GREETING_SESSION_ATTRIBUTES = {
  "ol:greetingOrder": "$.Attributes.latestOrderId",
  "ol:greetingItem": "$.Attributes.latestItemName",
};
/** Lex's end-of-speech timeout for digit slots, per locale (others: the default below). */
const DIGIT_END_TIMEOUT_MS: Record<string, string> = { ja_JP: "2000" };
const DIGIT_END_TIMEOUT_DEFAULT_MS = "1200";

/**
 * The inbound flow (voice and chat): locale, voice, one-key language switch, the caller-ID greeting asked by the
 * bot, "anything else?" (bounded), and hand-offs to the keypad-menu and agent-transfer flows. The locale comes from
 * the contact's `locale` attribute, else the exact dialed numbers of `inputs.dialedNumberLocales`, else the
 * dialed-number prefixes of `flows/config.json`, else the default locale.
 */
export function buildInboundFlow(inputs: FlowInputs): FlowContent {
  const { config } = inputs;
  const b = new FlowBuilder(inputs);
  const lambda = (action: string) => ({
    LambdaFunctionARN: placeholder("ConnectLambdaArn"),
    InvocationTimeLimitSeconds: String(config.lambdaTimeoutSeconds),
    ResponseValidation: { ResponseType: "STRING_MAP" },
    LambdaInvocationAttributes: { action, locale: LOCALE_ATTRIBUTE },
  });

  b.add(
    "flow-logging",
    "UpdateFlowLoggingBehavior",
    { FlowLoggingBehavior: "Enabled" },
    { NextAction: "locale-attribute" },
  );

  // A chat widget (or an API caller) may bring its own locale; otherwise the dialed number decides.
  b.add(
    "locale-attribute",
    "Compare",
    { ComparisonValue: LOCALE_ATTRIBUTE },
    {
      Conditions: b.locales.map((l) => equals(l, "apply-locale")),
      Errors: errors({ NoMatchingCondition: "locale-from-number" }),
    },
  );
  const defaultLocale = config.defaultLocale;
  const exactNumbers = Object.entries(inputs.dialedNumberLocales).map(([number, locale]) => {
    if (!b.locales.includes(locale))
      throw new Error(`dialedNumberLocales names ${locale}, which the flow does not speak`);
    return { NextAction: `set-locale-${locale}`, Condition: { Operator: "Equals", Operands: [number] } };
  });
  b.add(
    "locale-from-number",
    "Compare",
    { ComparisonValue: "$.SystemEndpoint.Address" },
    {
      // Conditions are evaluated in order and the first true one wins: exact numbers go first.
      Conditions: [
        ...exactNumbers,
        ...config.dialedNumberPrefixes.map((m) => ({
          NextAction: `set-locale-${m.locale}`,
          Condition: { Operator: "TextStartsWith", Operands: [m.prefix] },
        })),
      ],
      Errors: errors({ NoMatchingCondition: `set-locale-${defaultLocale}` }),
    },
  );
  for (const l of b.locales) {
    b.add(
      `set-locale-${l}`,
      "UpdateContactAttributes",
      { Attributes: { locale: l }, TargetContact: "Current" },
      always("apply-locale"),
    );
    b.add(
      `switch-to-${l}`,
      "UpdateContactAttributes",
      { Attributes: { locale: l, languageSwitched: "true" }, TargetContact: "Current" },
      always("apply-switched-locale"),
    );
  }
  applyLocale(b, inputs, "apply-locale", "channel");
  applyLocale(b, inputs, "apply-switched-locale", "lookup-caller");

  b.add(
    "channel",
    "Compare",
    { ComparisonValue: "$.Channel" },
    {
      Conditions: [equals("CHAT", "chat-greeting")],
      Errors: errors({ NoMatchingCondition: "offer-voice" }),
    },
  );

  // The one-key language switch comes first and briefly, before anything is asked: the greeting is the bot's
  // prompt (below), and speech over a keypad prompt is lost (a DTMF "Get customer input" hears keys only,
  // https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html), so the offer asks nothing
  // a caller would answer aloud. Polly reads text in its voice's language, so the offer is spoken by a voice
  // of the offered language (https://docs.aws.amazon.com/polly/latest/dg/voicelist.html); then the contact's
  // voice comes back. The key switches the locale and looks the caller up in the new language; silence or
  // another key keeps it.
  b.localized(
    "offer-voice",
    (_t, l) => ({
      type: "UpdateContactTextToSpeechVoice",
      parameters: voiceOf(inputs, config.locales[l]!.switchTo),
    }),
    always("language-switch"),
  );
  b.localized(
    "language-switch",
    // `languageSwitch` of a locale is written in the language it offers (locales/<id>/flows.json).
    (t) => ({
      type: "GetParticipantInput",
      parameters: {
        Text: t("languageSwitch"),
        InputTimeLimitSeconds: String(config.languageSwitchTimeoutSeconds),
        StoreInput: "False",
      },
    }),
    {
      Conditions: [equals(config.languageSwitchKey, "switch-language")],
      Errors: errors({
        InputTimeLimitExceeded: "own-voice",
        NoMatchingCondition: "own-voice",
        NoMatchingError: "own-voice",
      }),
    },
  );
  b.localized(
    "own-voice",
    (_t, l) => ({ type: "UpdateContactTextToSpeechVoice", parameters: voiceOf(inputs, l) }),
    always("lookup-caller"),
  );
  b.byLocale("switch-language", (l) => `switch-to-${config.locales[l]!.switchTo}`);

  // Caller-ID greeting (voice only). The greeting ends with the question the bot block asks: "are you calling
  // about your kettle?" when there is an open order, else "how can I help you?".
  b.add("lookup-caller", "InvokeLambdaFunction", lambda("lookupCaller"), {
    NextAction: "known-caller",
    Errors: errors({ NoMatchingError: "greet-unknown" }),
  });
  b.add(
    "known-caller",
    "Compare",
    { ComparisonValue: "$.External.known" },
    { Conditions: [equals("true", "save-caller")], Errors: errors({ NoMatchingCondition: "greet-unknown" }) },
  );
  b.add(
    "save-caller",
    "UpdateContactAttributes",
    {
      Attributes: {
        customerName: "$.External.customerName",
        openOrderCount: "$.External.openOrderCount",
        latestOrderId: "$.External.latestOrderId",
        latestItemName: "$.External.latestItemName",
        callerOrders: "$.External.callerOrders",
      },
      TargetContact: "Current",
    },
    { NextAction: "has-open-order", Errors: errors({ NoMatchingError: "greet-unknown" }) },
  );
  b.add(
    "has-open-order",
    "Compare",
    // The Lambda names an order only when the shop opts in and the caller has an open, unlocked one.
    { ComparisonValue: "$.External.greetAbout" },
    {
      Conditions: [equals("order", "greet-known-order")],
      Errors: errors({ NoMatchingCondition: "greet-known" }),
    },
  );
  b.setText("greet-known-order", "botPrompt", "greetingKnownOrder", "bot-greeting", {
    customerName: "$.External.greetingName",
    latestShippingDate: "$.External.latestShippingDate",
    latestItemName: "$.External.latestItemName",
  });
  b.setText("greet-known", "botPrompt", "greetingKnown", "bot-greeting", {
    customerName: "$.External.greetingName",
  });
  b.setText("greet-unknown", "botPrompt", "greetingUnknown", "bot-greeting");
  b.setText("chat-greeting", "botPrompt", "chatGreeting", "bot-chat");

  // The bot. Voice passes the caller's number (the bot trusts caller ID); chat never does, so the bot
  // verifies identity itself (order number + last four digits).
  // A `Failed` close (refusals, hand-offs, fallbacks) reaches the intent's branch or the Error branch: which
  // one is undocumented (local/FIDELITY.md), so Error first reads the outcome the code hook left, like the
  // intent branch does, and only without one is it a bot failure.
  const botBlock = (
    id: string,
    channel: "greeting" | "voice" | "chat",
    onIntent: Record<string, string>,
    onFailure: string,
    onError: string,
  ) =>
    b.add(
      id,
      "ConnectParticipantWithLexBot",
      {
        Text: "$.FlowAttributes.botPrompt",
        LexV2Bot: { AliasArn: placeholder("LexBotAliasArn") },
        LexSessionAttributes:
          channel === "chat"
            ? { locale: LOCALE_ATTRIBUTE, channel: "chat" }
            : {
                callerPhone: "$.CustomerEndpoint.Address",
                // The greeting's lookup: the bot's first turn needs no second Query of the caller's orders.
                "ol:callerOrders": "$.Attributes.callerOrders",
                locale: LOCALE_ATTRIBUTE,
                // How the bot words things: chat has no keypad.
                channel: "voice",
                ...(channel === "greeting" ? GREETING_SESSION_ATTRIBUTES : {}),
                ...VOICE_SESSION_ATTRIBUTES,
              },
      },
      {
        Conditions: Object.entries(onIntent).map(([intent, next]) => equals(intent, next)),
        Errors: errors({
          NoMatchingCondition: onFailure,
          InputTimeLimitExceeded: onFailure,
          NoMatchingError: onError,
        }),
      },
    );
  const intents = (fallback: string) => ({
    ...Object.fromEntries(SELF_SERVICE_INTENTS.map((i) => [i, "intent-outcome"])),
    TransferToAgent: "agent-context",
    // "No" to "anything else?": the bot has said goodbye.
    Deny: "disconnect",
    FallbackIntent: fallback,
  });
  // The greeting is this block's prompt, so whatever the caller says to it (or over it) reaches the bot.
  botBlock("bot-greeting", "greeting", intents("bot-failed"), "bot-failed", "bot-error-outcome");
  botBlock("bot-voice", "voice", intents("bot-failed"), "bot-failed", "bot-error-outcome");
  botBlock("bot-chat", "chat", intents("bot-failed"), "bot-failed", "bot-error-outcome");
  // After "anything else?", no recognizable request means the customer is done.
  botBlock("bot-voice-more", "voice", intents("goodbye"), "goodbye", "more-error-outcome");
  botBlock("bot-chat-more", "chat", intents("goodbye"), "goodbye", "more-error-outcome");
  b.add(
    "bot-error-outcome",
    "Compare",
    { ComparisonValue: "$.Lex.SessionAttributes.outcome" },
    {
      Conditions: [
        equals("handoff", "agent-context"),
        equals("error", "agent-context"),
        equals("done", "save-intent"),
        equals("refused", "save-intent"),
        equals("conflict", "save-intent"),
      ],
      Errors: errors({ NoMatchingCondition: "bot-failed" }),
    },
  );
  // After "anything else?" an outcome may be left from the earlier request: only a hand-off is acted on.
  b.add(
    "more-error-outcome",
    "Compare",
    { ComparisonValue: "$.Lex.SessionAttributes.outcome" },
    {
      Conditions: [equals("handoff", "agent-context"), equals("error", "agent-context")],
      Errors: errors({ NoMatchingCondition: "goodbye" }),
    },
  );

  // The code hook says how the intent ended: a hand-over it announced goes to an agent; a refusal
  // ("already shipped") is an answer, not a bot failure.
  b.add(
    "intent-outcome",
    "Compare",
    { ComparisonValue: "$.Lex.SessionAttributes.outcome" },
    {
      Conditions: [
        equals("handoff", "agent-context"),
        equals("error", "agent-context"),
        equals("done", "save-intent"),
        equals("refused", "save-intent"),
        equals("conflict", "save-intent"),
      ],
      // No outcome means the code hook did not run (e.g. a Lambda error inside Lex): a bot failure.
      Errors: errors({ NoMatchingCondition: "bot-failed" }),
    },
  );
  b.add(
    "save-intent",
    "UpdateContactAttributes",
    { Attributes: { lastIntent: "$.Lex.IntentName" }, TargetContact: "Current" },
    always("anything-else-count"),
  );
  b.add(
    "anything-else-count",
    "Loop",
    { LoopCount: "3" },
    { Conditions: [equals("ContinueLooping", "anything-else"), equals("DoneLooping", "goodbye")] },
  );
  b.setText("anything-else", "botPrompt", "anythingElse", "anything-else-channel");
  b.add(
    "anything-else-channel",
    "Compare",
    { ComparisonValue: "$.Channel" },
    {
      Conditions: [equals("CHAT", "bot-chat-more")],
      Errors: errors({ NoMatchingCondition: "bot-voice-more" }),
    },
  );

  // Two bot failures (no match, a failed intent, errors, timeouts): keypad menu on voice, an agent on chat.
  b.add(
    "bot-failed",
    "Loop",
    { LoopCount: "1" },
    { Conditions: [equals("ContinueLooping", "bot-retry"), equals("DoneLooping", "failed-channel")] },
  );
  b.setText("bot-retry", "botPrompt", "botRetry", "retry-channel");
  b.add(
    "retry-channel",
    "Compare",
    { ComparisonValue: "$.Channel" },
    { Conditions: [equals("CHAT", "bot-chat")], Errors: errors({ NoMatchingCondition: "bot-voice" }) },
  );
  b.add(
    "failed-channel",
    "Compare",
    { ComparisonValue: "$.Channel" },
    {
      Conditions: [equals("CHAT", "failure-context")],
      Errors: errors({ NoMatchingCondition: "keypad-intro" }),
    },
  );
  b.say("keypad-intro", "keypadIntro", "to-keypad");
  b.add(
    "to-keypad",
    "TransferToFlow",
    { ContactFlowId: placeholder("KeypadMenuFlowArn") },
    { Errors: errors({ NoMatchingError: "failure-context" }) },
  );

  // What the agent sees: why the contact came, what the bot was doing.
  b.add(
    "agent-context",
    "UpdateContactAttributes",
    {
      Attributes: {
        handoffReason: "$.Lex.SessionAttributes.handoffReason",
        lastIntent: "$.Lex.SessionAttributes.lastIntent",
        orderId: "$.Lex.SessionAttributes.orderId",
      },
      TargetContact: "Current",
    },
    always("to-agent"),
  );
  b.add(
    "failure-context",
    "UpdateContactAttributes",
    { Attributes: { handoffReason: "botFailure" }, TargetContact: "Current" },
    always("to-agent"),
  );
  b.add(
    "to-agent",
    "TransferToFlow",
    { ContactFlowId: placeholder("AgentTransferFlowArn") },
    { Errors: errors({ NoMatchingError: "technical-error" }) },
  );
  b.say("technical-error", "technicalError", "disconnect");
  b.say("goodbye", "goodbye", "disconnect");
  b.add("disconnect", "DisconnectParticipant", {}, {});

  return b.build("flow-logging", {
    name: "Orderline inbound",
    description:
      "Voice and chat entry: locale, caller-ID greeting, the Lex bot, keypad fallback, agent hand-off.",
    type: "CONTACT_FLOW",
  });
}

/**
 * Sets the Polly voice and the contact language (which picks the Lex bot locale) for the contact's locale,
 * both as `locales/<id>/bot.json` declares them for the bot.
 */
/** "Set voice" parameters for a locale's Polly voice, as `locales/<id>/bot.json` declares it. */
function voiceOf(inputs: FlowInputs, localeId: string) {
  const locale = inputs.locales[localeId];
  if (!locale) throw new Error(`no locale data for ${localeId}`);
  return { TextToSpeechVoice: locale.voiceId, TextToSpeechEngine: locale.engine, TextToSpeechStyle: "None" };
}

function applyLocale(b: FlowBuilder, inputs: FlowInputs, id: string, next: string): void {
  b.byLocale(id, (l) => `${id}-voice-${l}`);
  for (const l of b.locales) {
    const locale = inputs.locales[l];
    if (!locale) throw new Error(`no locale data for ${l}`);
    b.add(
      `${id}-voice-${l}`,
      "UpdateContactTextToSpeechVoice",
      { TextToSpeechVoice: locale.voiceId, TextToSpeechEngine: locale.engine, TextToSpeechStyle: "None" },
      always(`${id}-language-${l}`),
    );
    b.add(
      `${id}-language-${l}`,
      "UpdateContactData",
      { LanguageCode: locale.languageCode },
      always(`${id}-timeouts-${l}`),
    );
    b.add(
      `${id}-timeouts-${l}`,
      "UpdateFlowAttributes",
      {
        FlowAttributes: {
          digitEndTimeoutMs: { Value: DIGIT_END_TIMEOUT_MS[l] ?? DIGIT_END_TIMEOUT_DEFAULT_MS },
        },
      },
      always(next),
    );
  }
}
