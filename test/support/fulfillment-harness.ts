import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoCallbackLog } from "../../fulfillment/src/adapters/dynamo-callback-log.js";
import { DynamoOrderStore } from "../../fulfillment/src/adapters/dynamo-order-store.js";
import {
  DynamoCallbackBook,
  DynamoSmsOutbox,
  DynamoSmsQuota,
  DynamoVerificationLedger,
} from "../../fulfillment/src/adapters/dynamo-security-records.js";
import { loadShopConfig, type ShopConfig } from "../../fulfillment/src/config.js";
import { createConnectHandler } from "../../fulfillment/src/connect-handler.js";
import type { CodeHookEvent, Intent, Slots } from "../../fulfillment/src/contracts/lex-v2.js";
import { createLexHandler } from "../../fulfillment/src/lex-handler.js";
import type { CallbackRequest, Dependencies } from "../../fulfillment/src/ports.js";
import type { LocalDynamo } from "./local-dynamodb.js";

export interface SentSms {
  phoneNumber: string;
  message: string;
}

/**
 * Handlers wired to a real (local) DynamoDB, with SMS and Connect tasks recorded in memory. With `security`,
 * the guards' DynamoDB records too (failure ledger, text quota, SMS outbox, callback book), on the same client.
 */
export function createHarness(
  db: LocalDynamo,
  opts: { now?: Date; failSms?: boolean; config?: Partial<ShopConfig>; security?: boolean } = {},
) {
  const sms: SentSms[] = [];
  const tasks: CallbackRequest[] = [];
  const clock = { now: opts.now ?? new Date("2026-11-20T01:00:00Z") };
  const deps: Dependencies = {
    orders: new DynamoOrderStore(db.client, db.ordersTable),
    callbackLog: new DynamoCallbackLog(db.client, db.callbacksTable),
    sms: {
      async send(phoneNumber, message) {
        if (opts.failSms) throw new Error("SNS down");
        sms.push({ phoneNumber, message });
      },
    },
    callbacks: {
      async schedule(request) {
        const seen = tasks.findIndex((t) => t.requestKey === request.requestKey);
        if (seen < 0) tasks.push(request);
        return { contactId: `task-${seen < 0 ? tasks.length : seen + 1}` };
      },
    },
    now: () => clock.now,
    ...(opts.security
      ? {
          security: {
            ledger: new DynamoVerificationLedger(db.client, db.callbacksTable),
            smsQuota: new DynamoSmsQuota(db.client, db.callbacksTable),
            outbox: new DynamoSmsOutbox(db.client, db.callbacksTable),
            callbackBook: new DynamoCallbackBook(db.client, db.callbacksTable),
          },
        }
      : {}),
  };
  const config = { ...loadShopConfig({}), ...opts.config };
  const log = new Logger({ serviceName: "test", logLevel: "SILENT" });
  return {
    deps,
    config,
    sms,
    tasks,
    clock,
    lex: createLexHandler(deps, config, log),
    connect: createConnectHandler(deps, config, log),
  };
}

export type Harness = ReturnType<typeof createHarness>;

export interface LexTurnInput {
  intent: string;
  localeId?: string;
  sessionId?: string;
  transcript?: string;
  slots?: Record<string, string | null>;
  attrs?: Record<string, string>;
  confirmation?: "None" | "Confirmed" | "Denied";
  source?: "DialogCodeHook" | "FulfillmentCodeHook";
  inputMode?: "Text" | "Speech" | "DTMF";
}

/** A Lex V2 code-hook event (messageVersion 1.0) as Lex sends it. */
export function lexEvent(input: LexTurnInput): CodeHookEvent {
  const slots: Slots = {};
  for (const [k, v] of Object.entries(input.slots ?? {})) {
    slots[k] =
      v === null
        ? null
        : { shape: "Scalar", value: { originalValue: v, interpretedValue: v, resolvedValues: [v] } };
  }
  const intent: Intent = {
    name: input.intent,
    slots,
    state: "InProgress",
    confirmationState: input.confirmation ?? "None",
  };
  return {
    messageVersion: "1.0",
    invocationSource: input.source ?? "DialogCodeHook",
    inputMode: input.inputMode ?? "Text",
    responseContentType: "text/plain; charset=utf-8",
    sessionId: input.sessionId ?? "session-1",
    inputTranscript: input.transcript ?? "",
    bot: {
      id: "ORDERLINE1",
      name: "Orderline",
      aliasId: "TSTALIASID",
      aliasName: "TestBotAlias",
      localeId: input.localeId ?? "en_US",
      version: "DRAFT",
    },
    interpretations: [{ intent, nluConfidence: 0.9, interpretationSource: "Lex" }],
    proposedNextState: undefined,
    requestAttributes: {},
    sessionState: { sessionAttributes: input.attrs ?? {}, intent, activeContexts: [] },
    transcriptions: [],
  };
}

/** A Connect ContactFlowEvent for the Connect-invoked Lambda. */
export function contactFlowEvent(
  parameters: Record<string, string>,
  opts: { from?: string | null; contactId?: string; languageCode?: string; channel?: string } = {},
) {
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        Attributes: {},
        Channel: opts.channel ?? "VOICE",
        ContactId: opts.contactId ?? "contact-1",
        CustomerEndpoint:
          opts.from === null ? null : { Address: opts.from ?? "+819012345678", Type: "TELEPHONE_NUMBER" },
        InitialContactId: opts.contactId ?? "contact-1",
        InitiationMethod: "INBOUND",
        InstanceARN: "arn:aws:connect:us-east-1:123456789012:instance/local",
        LanguageCode: opts.languageCode ?? "ja-JP",
        Name: "ContactFlowEvent",
        SystemEndpoint: { Address: "+81312345678", Type: "TELEPHONE_NUMBER" },
      },
      Parameters: parameters,
    },
  };
}
