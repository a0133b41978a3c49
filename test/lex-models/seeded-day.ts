import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OutcomeRecord } from "../../fulfillment/src/observability/outcome-metrics.js";
import type { LexTurnLogEntry } from "../../local/lex/turn-log.js";

/**
 * A known day of conversations for the analytics tests, as the emulator's conversation and outcome logs.
 * Six conversations over the last 20 hours:
 * - s1 en_US CancelOrder: order number, last four, confirm, done (contained, Success, funnel to written + texted)
 * - s2 en_US a missed utterance, then TransferToAgent → handoff customer_request (not contained)
 * - s3 en_US ChangeShippingDate asked for the order number, no answer (Dropped)
 * - s4 en_US two near-duplicate missed utterances (Failure)
 * - s5 en_US CheckOrderStatus done for the caller's order (Success)
 * - s6 ja_JP CancelOrder refused (shipped order), then verification fails → handoff verification_failed
 */
export const SEEDED = {
  conversations: 6,
  contained: 4,
  // s2 ends in TransferToAgent (fulfilled) → Success; s4 in FallbackIntent and s6 in a failed intent → Failure.
  endStates: { Success: 3, Failure: 2, Dropped: 1 },
  utterances: 13,
  missed: 3,
  missedUtterances: ["blorp the flux", "wibble wobble", "wibble wobble!"],
  handoffReasons: [
    { reason: "customer_request", count: 1 },
    { reason: "verification_failed", count: 1 },
  ],
  cancelOrderFunnel: { started: 2, identified: 2, confirmed: 1, written: 1, texted: 1 },
};

interface TurnSpec {
  input: string;
  intent: string;
  action: string;
  state: string;
  slots?: Record<string, string | null>;
  outcome?: string;
  handoffReason?: string;
  confirmationState?: string;
  orderId?: string;
  /** Seconds after the conversation started. */
  after: number;
}

function conversation(
  sessionId: string,
  localeId: string,
  start: Date,
  turns: TurnSpec[],
): LexTurnLogEntry[] {
  return turns.map((t, i) => ({
    at: new Date(start.getTime() + t.after * 1000).toISOString(),
    botId: "ORDERLINE1",
    aliasId: "LIVEALIAS1",
    localeId,
    sessionId,
    inputMode: "Text",
    input: t.input,
    intent: t.intent,
    nluConfidence: t.intent === "FallbackIntent" ? null : 0.9,
    slots: t.slots ?? {},
    dialogAction: t.action as LexTurnLogEntry["dialogAction"],
    intentState: t.state,
    messages: ["…"],
    latencyMs: 20,
    botVersion: "DRAFT",
    channel: "Connect",
    requestId: `${sessionId}-r${i}`,
    ...(t.confirmationState ? { confirmationState: t.confirmationState } : {}),
    ...(t.outcome ? { outcome: t.outcome } : {}),
    ...(t.handoffReason ? { handoffReason: t.handoffReason } : {}),
    ...(t.orderId ? { orderId: t.orderId } : {}),
  }));
}

/** Writes the seeded day into `<dataDir>/lex/`; `now` is the end of the day. */
export function seedDay(dataDir: string, now: Date): void {
  const h = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
  const turns = [
    ...conversation("s1", "en_US", h(20), [
      {
        after: 0,
        input: "cancel my order",
        intent: "CancelOrder",
        action: "ElicitSlot",
        state: "InProgress",
        slots: { OrderId: null, PhoneLast4: null },
      },
      {
        after: 10,
        input: "1001",
        intent: "CancelOrder",
        action: "ElicitSlot",
        state: "InProgress",
        slots: { OrderId: "1001", PhoneLast4: null },
      },
      {
        after: 20,
        input: "{PhoneLast4}",
        intent: "CancelOrder",
        action: "ConfirmIntent",
        state: "InProgress",
        orderId: "1001",
      },
      {
        after: 30,
        input: "yes",
        intent: "CancelOrder",
        action: "Close",
        state: "Fulfilled",
        confirmationState: "Confirmed",
        outcome: "done",
        orderId: "1001",
      },
    ]),
    ...conversation("s2", "en_US", h(15), [
      {
        after: 0,
        input: "blorp the flux",
        intent: "FallbackIntent",
        action: "ElicitIntent",
        state: "Failed",
        outcome: "fallback",
      },
      {
        after: 8,
        input: "agent please",
        intent: "TransferToAgent",
        action: "Close",
        state: "Fulfilled",
        outcome: "handoff",
        handoffReason: "customer_request",
      },
    ]),
    ...conversation("s3", "en_US", h(10), [
      {
        after: 0,
        input: "change my delivery date",
        intent: "ChangeShippingDate",
        action: "ElicitSlot",
        state: "InProgress",
        slots: { OrderId: null },
      },
    ]),
    ...conversation("s4", "en_US", h(6), [
      {
        after: 0,
        input: "wibble wobble",
        intent: "FallbackIntent",
        action: "ElicitIntent",
        state: "Failed",
        outcome: "fallback",
      },
      {
        after: 9,
        input: "wibble wobble!",
        intent: "FallbackIntent",
        action: "ElicitIntent",
        state: "Failed",
        outcome: "fallback",
      },
    ]),
    ...conversation("s5", "en_US", h(3), [
      {
        after: 0,
        input: "where is my order",
        intent: "CheckOrderStatus",
        action: "Close",
        state: "Fulfilled",
        outcome: "done",
        orderId: "1002",
      },
    ]),
    ...conversation("s6", "ja_JP", h(2), [
      {
        after: 0,
        input: "注文をキャンセルしたい",
        intent: "CancelOrder",
        action: "ElicitSlot",
        state: "InProgress",
        slots: { OrderId: null },
      },
      {
        after: 12,
        input: "2002",
        intent: "CancelOrder",
        action: "ElicitSlot",
        state: "InProgress",
        slots: { OrderId: "2002", PhoneLast4: null },
      },
      {
        after: 25,
        input: "{PhoneLast4}",
        intent: "CancelOrder",
        action: "Close",
        state: "Failed",
        outcome: "handoff",
        handoffReason: "verification_failed",
        orderId: "2002",
      },
    ]),
  ];
  // What the Lambdas' outcome metrics said about the same conversations.
  const rec = (hoursAgo: number, r: Omit<OutcomeRecord, "at" | "source" | "channel">): OutcomeRecord => ({
    at: h(hoursAgo).toISOString(),
    source: "lex",
    channel: "Connect",
    ...r,
  });
  const outcomes: OutcomeRecord[] = [
    rec(20, { intent: "CancelOrder", locale: "en_US", stages: ["started"], conversationStart: true }),
    rec(19.99, { intent: "CancelOrder", locale: "en_US", stages: ["identified"] }),
    rec(19.98, {
      intent: "CancelOrder",
      locale: "en_US",
      outcome: "done",
      stages: ["confirmed", "written", "texted"],
    }),
    rec(15, {
      intent: "FallbackIntent",
      locale: "en_US",
      stages: [],
      fallbackFrom: "none",
      conversationStart: true,
    }),
    rec(14.99, {
      intent: "TransferToAgent",
      locale: "en_US",
      stages: ["started"],
      outcome: "handoff",
      handoffReason: "customer_request",
    }),
    rec(10, { intent: "ChangeShippingDate", locale: "en_US", stages: ["started"], conversationStart: true }),
    rec(6, {
      intent: "FallbackIntent",
      locale: "en_US",
      stages: [],
      fallbackFrom: "none",
      conversationStart: true,
    }),
    rec(5.99, { intent: "FallbackIntent", locale: "en_US", stages: [], fallbackFrom: "none" }),
    rec(3, {
      intent: "CheckOrderStatus",
      locale: "en_US",
      stages: ["started", "identified"],
      outcome: "done",
      conversationStart: true,
    }),
    rec(2, { intent: "CancelOrder", locale: "ja_JP", stages: ["started"], conversationStart: true }),
    rec(1.99, {
      intent: "CancelOrder",
      locale: "ja_JP",
      stages: ["identified"],
      outcome: "handoff",
      handoffReason: "verification_failed",
    }),
  ];
  mkdirSync(join(dataDir, "lex"), { recursive: true });
  writeFileSync(
    join(dataDir, "lex", "conversations.jsonl"),
    turns.map((t) => `${JSON.stringify(t)}\n`).join(""),
  );
  writeFileSync(
    join(dataDir, "lex", "outcomes.jsonl"),
    outcomes.map((o) => `${JSON.stringify(o)}\n`).join(""),
  );
}
