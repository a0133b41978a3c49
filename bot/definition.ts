import type { BotDefinition, SlotDefinition } from "./types.js";

/** Public intent names: flows, tests and users depend on them. */
export const IntentName = {
  CancelOrder: "CancelOrder",
  ChangeShippingDate: "ChangeShippingDate",
  RequestCallback: "RequestCallback",
  CheckOrderStatus: "CheckOrderStatus",
  TransferToAgent: "TransferToAgent",
  FallbackIntent: "FallbackIntent",
} as const;
export type IntentName = (typeof IntentName)[keyof typeof IntentName];

// Lex retries a slot prompt this many times before giving up on the slot.
const SLOT_RETRIES = 2;

const orderId: SlotDefinition = {
  name: "OrderId",
  slotType: "OrderNumber",
  required: false,
  allowDtmf: true,
  maxRetries: SLOT_RETRIES,
};
const phoneLast4: SlotDefinition = {
  name: "PhoneLast4",
  slotType: "PhoneLast4Digits",
  required: false,
  obfuscated: true,
  allowDtmf: true,
  maxRetries: SLOT_RETRIES,
};

/** The one Orderline bot definition, shared by the CDK stack and the local emulator. */
export const botDefinition: BotDefinition = {
  name: "Orderline",
  description:
    "Orderline self-service: cancel orders, change shipping dates, request callbacks, order status.",
  idleSessionTtlInSeconds: 300,
  slotTypes: [
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
      slots: [orderId, phoneLast4],
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
        },
        phoneLast4,
      ],
      confirmation: true,
      dialogCodeHook: true,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.RequestCallback,
      slots: [
        { name: "CallbackDate", slotType: "AMAZON.Date", required: false, maxRetries: SLOT_RETRIES },
        { name: "CallbackTime", slotType: "AMAZON.Time", required: false, maxRetries: SLOT_RETRIES },
        {
          name: "CallbackNumber",
          slotType: "AMAZON.PhoneNumber",
          required: false,
          allowDtmf: true,
          maxRetries: SLOT_RETRIES,
        },
        { ...orderId, required: false },
      ],
      confirmation: true,
      dialogCodeHook: true,
      fulfillmentCodeHook: true,
    },
    {
      name: IntentName.CheckOrderStatus,
      slots: [orderId, phoneLast4],
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
      name: IntentName.FallbackIntent,
      parentIntentSignature: "AMAZON.FallbackIntent",
      slots: [],
      confirmation: false,
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    },
  ],
};
