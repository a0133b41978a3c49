import {
  type BotDefinition,
  type ContextDefinition,
  SLOT_CAPTURE_DEFAULT,
  type SlotDefinition,
} from "./types.js";

/** Public intent names: flows, tests and users depend on them. */
export const IntentName = {
  CancelOrder: "CancelOrder",
  ChangeShippingDate: "ChangeShippingDate",
  RequestCallback: "RequestCallback",
  CheckOrderStatus: "CheckOrderStatus",
  TransferToAgent: "TransferToAgent",
  /** Yes to the question just asked (only while a question context is active). */
  Affirm: "Affirm",
  /** No to the question just asked (only while a question context is active). */
  Deny: "Deny",
  /** The caller withdraws or negates a request ("don't cancel", 「やっぱりやめます」): never acts. */
  NeverMind: "NeverMind",
  /** Greetings, thanks and chit-chat: a short friendly answer, not a failure. */
  SmallTalk: "SmallTalk",
  FallbackIntent: "FallbackIntent",
} as const;
export type IntentName = (typeof IntentName)[keyof typeof IntentName];

/**
 * The questions Orderline asks whose short answers need the question to mean anything. Each is a Lex V2
 * context; the asking turn activates it together with {@link QuestionContext.YesNo}, the input context of
 * Affirm and Deny (Lex requires *all* input contexts of an intent, so one shared context lets the same
 * yes/no intents answer every question, and the specific one tells the code hook which question it was).
 */
export const QuestionContext = {
  /** "Is there anything else I can help you with?" (after a request, asked by the bot or the flow). */
  AnythingElse: "AnythingElse",
  /** The greeting's "are you calling about your {item} order?". */
  GreetingOrder: "GreetingOrder",
  /** "The earliest I can offer is …; shall I book that?" (a date or time the bot proposed). */
  OfferedTime: "OfferedTime",
  /** Active whenever one of the above is: the input context of Affirm and Deny. */
  YesNo: "YesNoQuestion",
} as const;
export type QuestionContext = (typeof QuestionContext)[keyof typeof QuestionContext];

// A question is answered on the next turn or two; a minute and a half covers a slow caller, not a new topic.
const QUESTION_TURNS = 2;
const QUESTION_SECONDS = 90;
const contexts: ContextDefinition[] = Object.values(QuestionContext).map((name) => ({
  name,
  timeToLiveInSeconds: QUESTION_SECONDS,
  turnsToLive: QUESTION_TURNS,
}));

/** The contexts the turn that asks `question` activates (the question's own and the yes/no context). */
export function askingContexts(question: Exclude<QuestionContext, "YesNoQuestion">): string[] {
  return [question, QuestionContext.YesNo];
}

// Lex retries a slot prompt this many times before giving up on the slot.
const SLOT_RETRIES = 2;
// Every slot runs the code hook after each answer, filled or not (rendered to SlotCaptureSetting).
const capture = SLOT_CAPTURE_DEFAULT;

const orderId: SlotDefinition = {
  name: "OrderId",
  slotType: "OrderNumber",
  required: false,
  allowDtmf: true,
  maxRetries: SLOT_RETRIES,
  capture,
};
/** The product the caller names ("the desk lamp", 「加湿器」): matched against the caller's own orders only. */
const itemName: SlotDefinition = {
  name: "ItemName",
  slotType: "ItemName",
  required: false,
  maxRetries: SLOT_RETRIES,
  capture,
};
const phoneLast4: SlotDefinition = {
  name: "PhoneLast4",
  slotType: "PhoneLast4Digits",
  required: false,
  obfuscated: true,
  allowDtmf: true,
  maxRetries: SLOT_RETRIES,
  capture,
};

/** The one Orderline bot definition, shared by the CDK stack and the local emulator. */
export const botDefinition: BotDefinition = {
  name: "Orderline",
  description:
    "Orderline self-service: cancel orders, change shipping dates, request callbacks, order status.",
  idleSessionTtlInSeconds: 300,
  contexts,
  slotTypes: [
    // Item names as the caller says them: ORIGINAL_VALUE keeps any product, not only the sample values.
    { name: "ItemName", resolutionStrategy: "ORIGINAL_VALUE" },
    // Order numbers are 3 to 10 digits, spoken, typed or keyed.
    {
      name: "OrderNumber",
      parentSlotTypeSignature: "AMAZON.AlphaNumeric",
      regex: "[0-9]{3,10}",
      resolutionStrategy: "ORIGINAL_VALUE",
    },
    {
      name: "PhoneLast4Digits",
      parentSlotTypeSignature: "AMAZON.AlphaNumeric",
      regex: "[0-9]{4}",
      resolutionStrategy: "ORIGINAL_VALUE",
    },
  ],
  intents: [
    {
      name: IntentName.CancelOrder,
      slots: [orderId, phoneLast4, itemName],
      outputContexts: askingContexts(QuestionContext.AnythingElse),
      confirmation: true,
      dialogCodeHook: true,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.ChangeShippingDate,
      slots: [
        orderId,
        {
          name: "ShippingDate",
          slotType: "AMAZON.Date",
          required: true,
          maxRetries: SLOT_RETRIES,
          allowDtmf: true,
          capture,
        },
        phoneLast4,
        itemName,
      ],
      outputContexts: askingContexts(QuestionContext.AnythingElse),
      confirmation: true,
      dialogCodeHook: true,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.RequestCallback,
      slots: [
        { name: "CallbackDate", slotType: "AMAZON.Date", required: false, maxRetries: SLOT_RETRIES, capture },
        { name: "CallbackTime", slotType: "AMAZON.Time", required: false, maxRetries: SLOT_RETRIES, capture },
        {
          name: "CallbackNumber",
          slotType: "AMAZON.PhoneNumber",
          required: false,
          // A full phone number: masked in Lex conversation logs and the emulator's turn log (issue 11).
          obfuscated: true,
          allowDtmf: true,
          maxRetries: SLOT_RETRIES,
          capture,
        },
        { ...orderId, required: false },
        itemName,
      ],
      outputContexts: askingContexts(QuestionContext.AnythingElse),
      confirmation: true,
      dialogCodeHook: true,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.CheckOrderStatus,
      slots: [orderId, phoneLast4, itemName],
      outputContexts: askingContexts(QuestionContext.AnythingElse),
      confirmation: false,
      dialogCodeHook: true,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.TransferToAgent,
      slots: [],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.Affirm,
      slots: [],
      inputContexts: [QuestionContext.YesNo],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.Deny,
      slots: [],
      inputContexts: [QuestionContext.YesNo],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.NeverMind,
      slots: [],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.SmallTalk,
      slots: [],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.FallbackIntent,
      parentIntentSignature: "AMAZON.FallbackIntent",
      slots: [],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
  ],
};
