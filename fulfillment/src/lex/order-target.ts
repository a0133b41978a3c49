import { createHash, randomInt } from "node:crypto";
import { loadBotText } from "../../../locales/index.js";
import { matchItemName } from "../domain/item-name.js";
import {
  isLocked,
  isOpen,
  matchOrderChoice,
  normalizeDigits,
  type Order,
  parseOrderId,
  sortByShippingDate,
} from "../domain/order.js";
import { lastFour } from "../domain/phone.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { IdentityProof } from "../ports.js";
import { notifyBySms } from "../services/sms-confirmations.js";
import { countVerificationFailure } from "../services/verification-failures.js";
import { type OrderView, toOrderView } from "../use-cases/outcome.js";
import { scalarSlot, slotReadings, slotText } from "./event.js";
import type { LexResult } from "./response.js";
import { bump, readJsonAttr, type Turn } from "./turn.js";

/** What Orderline remembers of a verified order between turns (no phone digits). */
export interface OrderSnapshot {
  orderId: string;
  itemName: string;
  customerName: string;
  status: Order["status"];
  shippingDate: string;
  version: number;
  proof: "caller" | "last4";
  /** The voice caller also said or keyed the order number (the step-up factor for changes). */
  stepUp?: boolean;
  /** Epoch ms: the order was locked by failed checks when it was read (from the same read, no other). */
  lockedUntil?: number;
}

export type Target = { order: OrderSnapshot; identity: IdentityProof } | { result: LexResult };

const ORDER = "ol:order";
const CANDIDATES = "ol:orders";
/** The session attribute the inbound flow fills with lookupCaller's `callerOrders` (voice only). */
export const GREETING_ORDERS = "ol:callerOrders";
const FAILURES = "ol:verifyFailures";
// Caller ID can be spoofed: by voice, these need one more factor than the number calling (ShopConfig.voiceStepUp).
const CHANGING_INTENTS = new Set(["CancelOrder", "ChangeShippingDate"]);

/**
 * Finds the order the customer means and proves they may act on it:
 * a voice caller's own orders need no questions; otherwise the order number and the last four digits of the
 * phone number on the order. Three failures end with an agent and reveal nothing about the order.
 */
export async function resolveOrder(turn: Turn): Promise<Target> {
  const { reply } = turn;
  const intentName = turn.event.sessionState.intent.name;
  const requestedId = requestedOrderId(turn);
  const last4 = requestedLast4(turn);
  if (requestedId && !reply.slots.OrderId) reply.slots.OrderId = scalarSlot(requestedId);

  // A one-time code texted to the number on file (ShopConfig.voiceStepUp = "smsCode") is being answered.
  const pendingCode = reply.attrs[STEP_UP_CODE] ? await checkStepUpCode(turn) : undefined;
  if (pendingCode) return pendingCode;

  const snapshot = readJsonAttr<OrderSnapshot>(reply.attrs, ORDER);
  // Caller ID holds for the whole call; the last four digits are checked against the order every time they are
  // given (they are never kept in the session), further down.
  if (snapshot?.proof === "caller" && (!requestedId || requestedId === snapshot.orderId)) {
    if (isLocked(snapshot, turn.now)) return { result: lockedAnswer(turn, snapshot.orderId) };
    const identity = proofFor(turn, snapshot, last4);
    if (identity) return { order: snapshot, identity };
  }

  if (turn.callerPhone) {
    let candidates = readJsonAttr<OrderSnapshot[]>(reply.attrs, CANDIDATES);
    if (!candidates) {
      // A voice call's greeting already read the caller's orders (Connect Lambda lookupCaller); the flow
      // passes them in, so the first turn does not repeat that Query. A conditional write still checks versions.
      const orders =
        readJsonAttr<OrderView[]>(reply.attrs, GREETING_ORDERS) ??
        (await turn.deps.orders.findByPhone(turn.callerPhone));
      delete reply.attrs[GREETING_ORDERS];
      candidates = sortByShippingDate(orders.filter(isOpen))
        .slice(0, 5)
        .map((o) => toSnapshot(o, "caller"));
      // Closed orders still count when the customer names them (e.g. the status of a delivered order).
      const closed = orders.filter((o) => !isOpen(o)).map((o) => toSnapshot(o, "caller"));
      reply.attrs[CANDIDATES] = JSON.stringify(candidates);
      if (requestedId) {
        const hit = [...candidates, ...closed].find((c) => c.orderId === requestedId);
        if (hit) return remember(turn, { ...hit, stepUp: true });
      }
    }
    if (requestedId) {
      const hit = candidates.find((c) => c.orderId === requestedId);
      if (hit) return remember(turn, { ...hit, stepUp: true });
      // Not (an open order) of this caller: verify like chat.
    } else {
      const choice =
        namedChoice(turn, candidates) ??
        (turn.asked === "OrderId" ? matchOrderChoice(turn.transcript, candidates) : null);
      const picked = choice ?? (candidates.length === 1 ? candidates[0] : undefined);
      // A locked order asks for no step-up factor and gets no code texted: it goes to an agent.
      if (picked && isLocked(picked, turn.now)) return { result: lockedAnswer(turn, picked.orderId) };
      if (picked && needsStepUp(turn)) {
        // Caller ID alone hears status; a change needs the order number too.
        return {
          result: reply.elicitSlot("OrderId", turn.msg.t("verify.stepUp", { item: picked.itemName })),
        };
      }
      if (picked && needsSmsCode(turn)) return { result: await sendStepUpCode(turn, picked) };
      if (picked) return remember(turn, picked);
      if (candidates.length > 1) {
        const list = candidates.map((c) =>
          turn.msg.t("order.listItem", { item: c.itemName, orderId: c.orderId }),
        );
        return {
          result: reply.elicitSlot(
            "OrderId",
            channelText(turn, "order.askWhich", {
              count: candidates.length,
              list: list.join(turn.msg.t("list.separator")),
            }),
          ),
        };
      }
      return { result: reply.elicitSlot("OrderId", channelText(turn, "order.noneOnFile")) };
    }
  }

  // A follow-up request in the same chat is about the order verified before: only the digits are asked again
  // (they are never kept in the session).
  const remembered =
    snapshot?.proof === "last4" && (!requestedId || requestedId === snapshot.orderId)
      ? snapshot.orderId
      : undefined;
  const orderId = requestedId ?? remembered;
  if (!orderId) return { result: reply.elicitSlot("OrderId", slotPrompt(turn, intentName, "OrderId")) };
  if (!last4) {
    const prompt = remembered
      ? turn.msg.t("verify.again", { orderId })
      : slotPrompt(turn, intentName, "PhoneLast4");
    if (remembered) reply.slots.OrderId = scalarSlot(orderId);
    return { result: reply.elicitSlot("PhoneLast4", prompt) };
  }

  // The read the check needs anyway carries the lock (no ledger read): a locked order is decided before the
  // digits are compared, so the right digits get the same answer as wrong ones (an agent), and nothing is counted.
  // Strongly consistent, like the ledger read it replaces: a lock written a moment ago by a parallel guess counts.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html
  const order = await turn.deps.orders.get(orderId, true);
  if (order && isLocked(order, turn.now)) return { result: lockedAnswer(turn, orderId) };
  if (order?.customerPhone && lastFour(order.customerPhone) === last4) {
    delete reply.attrs[FAILURES];
    return remember(turn, toSnapshot(order, "last4"));
  }
  // Not found and not matching sound the same: nothing about the order is revealed. Failures count per order
  // in DynamoDB, across sessions; the session's own count only decides when this conversation gives up.
  const failures = bump(reply.attrs, FAILURES);
  reply.slots.OrderId = null;
  reply.slots.PhoneLast4 = null;
  const counted = await countVerificationFailure(
    turn.deps,
    turn.log,
    orderId,
    turn.config.verificationLock,
    turn.now,
  );
  securityEvent(turn.log, SecurityMetric.VerificationFailure, {
    orderId,
    contactId: turn.event.sessionId,
    channel: turn.callerPhone ? "voice" : "lex",
    intent: intentName,
    sessionFailures: failures,
    orderFailures: counted.failures,
  });
  if (counted.locked) {
    securityEvent(turn.log, SecurityMetric.OrderLocked, {
      orderId,
      contactId: turn.event.sessionId,
      channel: "lex",
    });
  }
  if (counted.locked || failures >= turn.config.maxVerificationAttempts) {
    reply.attrs.handoffReason = "verification_failed";
    reply.attrs.outcome = "handoff";
    return { result: reply.close("Failed", turn.msg.t("verify.giveUp")) };
  }
  return { result: reply.elicitSlot("OrderId", turn.msg.t("verify.retry")) };
}

/** Updates the remembered snapshot after a change or a fresh read. */
export function rememberOrder(turn: Turn, order: OrderView, proof: OrderSnapshot["proof"]): OrderSnapshot {
  const before = readJsonAttr<OrderSnapshot>(turn.reply.attrs, ORDER);
  // The step-up factor given for this order still counts after it changed (a retry, a follow-up request).
  const stepUp = before?.orderId === order.orderId && before.stepUp ? { stepUp: true } : {};
  const snap = { ...toSnapshot(order, proof), ...stepUp };
  turn.reply.attrs[ORDER] = JSON.stringify(snap);
  const candidates = readJsonAttr<OrderSnapshot[]>(turn.reply.attrs, CANDIDATES);
  if (candidates) {
    turn.reply.attrs[CANDIDATES] = JSON.stringify(
      candidates
        .map((c) => (c.orderId === snap.orderId ? { ...snap, proof: c.proof } : c))
        .filter((c) => isOpen(c)),
    );
  }
  return snap;
}

/** Forgets the order (e.g. it changed under us) so the next turn reads it again. */
export function forgetOrder(turn: Turn): void {
  delete turn.reply.attrs[ORDER];
  delete turn.reply.attrs[CANDIDATES];
}

/** The i-th prompt variation of a slot from the bot definition's text. */
export function slotPrompt(turn: Turn, intentName: string, slotName: string, variant = 0): string {
  const prompts = loadBotText(turn.localeId).intents[intentName]?.slots?.[slotName]?.prompts ?? [];
  const text = prompts[variant % Math.max(prompts.length, 1)] ?? turn.msg.t("slot.generic");
  // Chat has no keypad: the prompt's keypad sentence is left out there.
  return turn.channel === "chat" ? withoutKeypad(text) : text;
}

// The keypad sentences of the locales' prompts ("You can also key it in and press pound.", 「…シャープを…。」).
const KEYPAD_SENTENCE = /\s*[^.。!?！？]*(?:press pound|key (?:it|them) in|シャープ)[^.。!?！？]*[.。]/giu;

/** A message in the channel's wording: `<key>.chat` in chat when the locale has one. */
export function channelText(turn: Turn, key: string, params: Record<string, string | number> = {}): string {
  const chatKey = `${key}.chat`;
  return turn.msg.t(turn.channel === "chat" && turn.msg.has(chatKey) ? chatKey : key, params);
}

/** A prompt without its keypad sentences (for chat). */
export function withoutKeypad(text: string): string {
  return text.replace(KEYPAD_SENTENCE, "").trim();
}

/**
 * The caller's own open order they named (the `ItemName` slot: exact, partial or kana-folded match) or said
 * yes to at the greeting (`ol:chosenOrder`); never an order outside `candidates`.
 */
function namedChoice(turn: Turn, candidates: OrderSnapshot[]): OrderSnapshot | null {
  // As said first, then as Lex resolved it (a reading the slot type lists as a synonym of a catalog name).
  for (const item of slotReadings(turn.reply.slots, "ItemName")) {
    const named = matchItemName(item, candidates);
    if (named.length === 1) return named[0]!;
  }
  const chosen = turn.reply.attrs["ol:chosenOrder"];
  return candidates.find((c) => c.orderId === chosen) ?? null;
}

/** Hands a locked order over to an agent, saying exactly what a failed check says. */
function lockedAnswer(turn: Turn, orderId: string): LexResult {
  securityEvent(turn.log, SecurityMetric.OrderLocked, {
    orderId,
    contactId: turn.event.sessionId,
    channel: "lex",
  });
  forgetOrder(turn);
  turn.reply.slots.OrderId = null;
  turn.reply.slots.PhoneLast4 = null;
  turn.reply.attrs.handoffReason = "verification_failed";
  turn.reply.attrs.outcome = "handoff";
  return turn.reply.close("Failed", turn.msg.t("verify.giveUp"));
}

function needsSmsCode(turn: Turn): boolean {
  return (
    Boolean(turn.callerPhone) &&
    CHANGING_INTENTS.has(turn.event.sessionState.intent.name) &&
    turn.config.voiceStepUp === "smsCode"
  );
}

// The pending one-time code: its hash (sealed with the session), the order it unlocks, and the tries used.
const STEP_UP_CODE = "ol:stepUpCode";
const STEP_UP_ORDER = "ol:stepUpOrder";
const STEP_UP_TRIES = "ol:stepUpTries";
const CODE_TRIES = 3;

function codeHash(code: string, orderId: string, sessionId: string): string {
  return createHash("sha256").update(`${sessionId}:${orderId}:${code}`).digest("base64url");
}

/** Texts a six-digit code to the number on file (the caller ID's own orders only) and asks for it. */
async function sendStepUpCode(turn: Turn, picked: OrderSnapshot): Promise<LexResult> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  turn.reply.attrs[STEP_UP_CODE] = codeHash(code, picked.orderId, turn.event.sessionId);
  turn.reply.attrs[STEP_UP_ORDER] = JSON.stringify(picked);
  turn.reply.attrs[STEP_UP_TRIES] = "0";
  // The code goes to the number on the order (the caller ID matched it), never to one the caller names: whoever
  // spoofs caller ID does not receive it.
  const key = `${turn.event.sessionId}:stepUp:${picked.orderId}:${turn.now.getTime()}`;
  const text = turn.msg.t("sms.stepUpCode", { code });
  await notifyBySms(turn.deps, turn.log, turn.callerPhone ?? "", text, key, turn.config.smsPerNumberPerDay);
  return turn.reply.elicitSlot("OrderId", turn.msg.t("verify.smsCode"));
}

/** Checks the answer to a pending code: the order with its step-up, a retry, or an agent. */
async function checkStepUpCode(turn: Turn): Promise<Target | undefined> {
  const { reply } = turn;
  const picked = readJsonAttr<OrderSnapshot>(reply.attrs, STEP_UP_ORDER);
  const said = normalizeDigits(slotText(reply.slots, "OrderId") ?? turn.transcript).replace(/\D/g, "");
  const clear = () => {
    for (const k of [STEP_UP_CODE, STEP_UP_ORDER, STEP_UP_TRIES]) delete reply.attrs[k];
  };
  if (!picked || turn.asked !== "OrderId") {
    clear();
    return undefined;
  }
  if (
    said.length === 6 &&
    codeHash(said, picked.orderId, turn.event.sessionId) === reply.attrs[STEP_UP_CODE]
  ) {
    clear();
    reply.slots.OrderId = scalarSlot(picked.orderId);
    return remember(turn, { ...picked, stepUp: true });
  }
  reply.slots.OrderId = null;
  const tries = bump(reply.attrs, STEP_UP_TRIES);
  const counted = await countVerificationFailure(
    turn.deps,
    turn.log,
    picked.orderId,
    turn.config.verificationLock,
    turn.now,
  );
  securityEvent(turn.log, SecurityMetric.VerificationFailure, {
    orderId: picked.orderId,
    contactId: turn.event.sessionId,
    channel: "voice",
    factor: "smsCode",
  });
  if (counted.locked || tries >= CODE_TRIES) {
    clear();
    return { result: lockedAnswer(turn, picked.orderId) };
  }
  return { result: reply.elicitSlot("OrderId", turn.msg.t("verify.smsCodeRetry")) };
}

function needsStepUp(turn: Turn): boolean {
  return (
    Boolean(turn.callerPhone) &&
    CHANGING_INTENTS.has(turn.event.sessionState.intent.name) &&
    turn.config.voiceStepUp === "orderNumber"
  );
}

/**
 * Keeps the verified order for the next turns. The lock is judged from the read the snapshot came from (the
 * greeting's or this call's Query, or the last-four check's GetItem): a lock recorded after that read is still
 * enforced by the write's condition (`OrderStore.apply`).
 */
function remember(turn: Turn, snap: OrderSnapshot): Target {
  if (isLocked(snap, turn.now)) return { result: lockedAnswer(turn, snap.orderId) };
  turn.reply.attrs[ORDER] = JSON.stringify(snap);
  turn.reply.attrs.orderId = snap.orderId;
  const identity = proofFor(turn, snap, requestedLast4(turn));
  if (!identity) throw new Error("remembered an order without proof");
  return { order: snap, identity };
}

function proofFor(turn: Turn, snap: OrderSnapshot, last4: string | undefined): IdentityProof | null {
  if (snap.proof === "caller" && turn.callerPhone) {
    if (needsStepUp(turn) && !snap.stepUp) return null;
    return { kind: "caller", customerPhone: turn.callerPhone };
  }
  if (snap.proof === "last4" && last4) return { kind: "last4", last4 };
  return null;
}

function toSnapshot(o: OrderView, proof: OrderSnapshot["proof"]): OrderSnapshot {
  return { ...toOrderView(o), proof };
}

function requestedOrderId(turn: Turn): string | undefined {
  const fromSlot = slotText(turn.reply.slots, "OrderId");
  const candidate = fromSlot ?? (turn.asked === "OrderId" ? digitsIn(turn.transcript) : undefined);
  return candidate ? parseOrderId(candidate) : undefined;
}

function requestedLast4(turn: Turn): string | undefined {
  const fromSlot = slotText(turn.reply.slots, "PhoneLast4");
  const candidate = fromSlot ?? (turn.asked === "PhoneLast4" ? digitsIn(turn.transcript) : undefined);
  const digits = candidate ? normalizeDigits(candidate).replace(/\D/g, "") : "";
  if (/^\d{4}$/.test(digits)) {
    if (!turn.reply.slots.PhoneLast4) turn.reply.slots.PhoneLast4 = scalarSlot(digits);
    return digits;
  }
  return undefined;
}

/** A run of digits typed or keyed as the answer (spaces and dashes between digits allowed). */
function digitsIn(text: string): string | undefined {
  const m = normalizeDigits(text).match(/\d[\d\s-]*\d|\d/);
  return m ? m[0].replace(/[\s-]/g, "") : undefined;
}
