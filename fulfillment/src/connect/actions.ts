import type { Logger } from "@aws-lambda-powertools/logger";
import type { ShopConfig } from "../config.js";
import { timeZoneFor } from "../config.js";
import { formatSpokenDate, parseKeypadDate } from "../dates/index.js";
import {
  isLocked,
  isOpen,
  likeliestOpenOrder,
  type Order,
  parseOrderId,
  sortByShippingDate,
} from "../domain/order.js";
import { isFromConversation, type RequestOrigin } from "../domain/request-key.js";
import { Messages } from "../messages.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { Dependencies, IdentityProof } from "../ports.js";
import { applyCancelOrder, checkCancelOrder } from "../use-cases/cancel-order.js";
import { applyShippingDateChange, checkShippingDateChange } from "../use-cases/change-shipping-date.js";
import { describeOrder as describe } from "../use-cases/describe-order.js";
import { type MessageRef, messagesOf, type Outcome, speak, toOrderView } from "../use-cases/outcome.js";
import { checkCallbackTimeRequest, scheduleCallback } from "../use-cases/schedule-callback.js";
import { type ContactFlowEvent, callerOf } from "./event.js";

/** Connect needs a flat map of strings (`STRING_MAP`), under 32 KB. */
export type StringMap = Record<string, string>;

export interface ActionContext {
  event: ContactFlowEvent;
  params: Record<string, string>;
  caller: string | undefined;
  contactId: string;
  msg: Messages;
  localeId: string;
  timeZone: string;
  deps: Dependencies;
  config: ShopConfig;
  log: Logger;
  now: Date;
  /** This contact, the origin of its requests' idempotency keys. */
  origin: RequestOrigin;
}

export function createActionContext(
  event: ContactFlowEvent,
  localeId: string,
  deps: Dependencies,
  config: ShopConfig,
  log: Logger,
): ActionContext {
  const msg = new Messages(localeId, config.defaultLocale);
  return {
    event,
    params: event.Details.Parameters ?? {},
    caller: callerOf(event),
    contactId: event.Details.ContactData.ContactId,
    msg,
    localeId: msg.localeId,
    timeZone: timeZoneFor(config, msg.localeId),
    deps,
    config,
    log,
    now: deps.now(),
    origin: { channel: "connect", conversationId: event.Details.ContactData.ContactId },
  };
}

// Connect keeps at most 32 KB of contact attributes: a longer history is read by the bot itself instead.
const MAX_GREETING_ORDERS = 10;

/** Greeting data for the caller ID: name and the open order with the nearest shipping date. */
export async function lookupCaller(ctx: ActionContext): Promise<StringMap> {
  const base = {
    known: "false",
    customerName: "",
    openOrderCount: "0",
    greetAbout: "none",
    latestOrderId: "",
    latestItemName: "",
    latestShippingDate: "",
    locale: ctx.localeId,
  };
  if (!ctx.caller) return base;
  const orders = await ctx.deps.orders.findByPhone(ctx.caller);
  if (orders.length === 0) return base;
  const open = sortByShippingDate(orders.filter(isOpen));
  // The greeting asks about one order: the one the caller most likely means. Contact attributes and flow logs
  // carry no full name and no order detail unless the shop opts in (ShopConfig.greetLatestOrder, issue 11):
  // caller ID can be spoofed, and whoever spoofs it would hear them.
  // Never a locked order: the greeting would read it out to whoever holds the phone.
  const latest = ctx.config.greetLatestOrder
    ? likeliestOpenOrder(orders.filter((o) => !isLocked(o, ctx.now)))
    : undefined;
  return {
    // Handed to the bot by the flow (session attribute ol:callerOrders): its first turn reads no orders again.
    // Order detail in contact attributes (and flow logs) only with the shop's opt-in (issue 11).
    ...(ctx.config.greetLatestOrder && orders.length <= MAX_GREETING_ORDERS
      ? { callerOrders: JSON.stringify(orders.map(toOrderView)) }
      : {}),
    known: "true",
    customerName: ctx.config.greetLatestOrder ? orders[0]!.customerName : "",
    greetingName: greetingName(orders[0]!.customerName),
    openOrderCount: String(open.length),
    // What the flow's greeting asks about: "order" (are you calling about your …?) or nothing ("none").
    greetAbout: latest ? "order" : "none",
    latestOrderId: latest?.orderId ?? "",
    latestItemName: latest?.itemName ?? "",
    latestShippingDate: latest ? formatSpokenDate(latest.shippingDate, ctx.localeId) : "",
    locale: orders[0]!.locale || ctx.localeId,
  };
}

type Found = { order: Order; identity: IdentityProof } | { reply: StringMap };

/**
 * The keypad's answer for an order locked by failed identity checks (in any session or channel): what a failed
 * check ends with in Lex, and `ERROR`, the result every keypad branch hands to an agent.
 */
function lockedReply(ctx: ActionContext): StringMap {
  return { result: "ERROR", handoffReason: "verification_failed", message: ctx.msg.t("verify.giveUp") };
}

/**
 * The caller's order: the keyed number, or their only open order. Only the caller's own orders are found, and
 * a locked one (the lock is on the item the read returns) goes to an agent, described and changed by no one.
 */
async function callersOrder(ctx: ActionContext, forChange = false): Promise<Found> {
  const found = await findCallersOrder(ctx, forChange);
  if ("order" in found && isLocked(found.order, ctx.now)) {
    const { orderId } = found.order;
    securityEvent(ctx.log, SecurityMetric.OrderLocked, {
      orderId,
      contactId: ctx.contactId,
      channel: "connect",
    });
    return { reply: lockedReply(ctx) };
  }
  return found;
}

async function findCallersOrder(ctx: ActionContext, forChange: boolean): Promise<Found> {
  const keyed = ctx.params.orderId ?? "";
  if (!ctx.caller) return { reply: { result: "NOT_FOUND", message: ctx.msg.t("keypad.notFound") } };
  // Caller ID alone hears status; a change needs the order number keyed too (ShopConfig.voiceStepUp).
  if (forChange && !/\d/.test(keyed)) {
    return {
      reply: { result: "CHOOSE", openOrderCount: "1", message: ctx.msg.t("keypad.choose", { count: 1 }) },
    };
  }
  const identity = { kind: "caller" as const, customerPhone: ctx.caller };
  if (/\d/.test(keyed)) {
    const orderId = parseOrderId(keyed);
    // Strongly consistent: a lock written a moment ago is seen here, as on the last-four check.
    const order = orderId ? await ctx.deps.orders.get(orderId, true) : null;
    if (!order || order.customerPhone !== ctx.caller) {
      return { reply: { result: "NOT_FOUND", message: ctx.msg.t("keypad.notFound") } };
    }
    return { order, identity };
  }
  const orders = await ctx.deps.orders.findByPhone(ctx.caller);
  const open = sortByShippingDate(orders.filter(isOpen));
  if (open.length === 1) return { order: open[0]!, identity };
  // A retry (Connect re-invokes a Lambda that timed out) finds the order this contact already changed.
  const changedHere = orders.find((o) => isFromConversation(o.lastRequest, ctx.origin));
  if (open.length === 0 && changedHere) return { order: changedHere, identity };
  if (open.length > 1) {
    return {
      reply: {
        result: "CHOOSE",
        openOrderCount: String(open.length),
        message: ctx.msg.t("keypad.choose", { count: open.length }),
      },
    };
  }
  return { reply: { result: "NOT_FOUND", message: ctx.msg.t("keypad.notFound") } };
}

/**
 * The keypad's own wording for messages that Lex phrases as a question it can follow up by voice ("shall I use
 * that?"): same parameters, a keypad sentence. Every other message is the same key in both channels.
 */
const KEYPAD_WORDING: Record<string, string> = {
  "changeDate.confirm": "keypad.changeDate.confirm",
  "changeDate.suggest": "keypad.nearest",
  "callback.suggest": "keypad.callback.invalid",
  "callback.done": "keypad.callback.done",
};

/** A use case's message as the keypad says it. */
export function keypadMessage(ref: MessageRef): MessageRef {
  // The status report is one keypad sentence for every status ("… is {status}, scheduled for {date}").
  if (ref.key.startsWith("status.report.")) return { key: "keypad.found", params: ref.params };
  return { key: KEYPAD_WORDING[ref.key] ?? ref.key, params: ref.params };
}

/** Connect's string map for a use case's outcome: `result` and the speakable `message`, plus `extra` fields. */
function toStringMap(ctx: ActionContext, outcome: Outcome, extra: StringMap = {}): StringMap {
  const message = speak(ctx.msg, messagesOf(outcome).map(keypadMessage));
  // The keypad flow knows one code for "no time to offer", with or without a suggestion.
  if (outcome.kind === "locked") return lockedReply(ctx);
  const result =
    outcome.kind === "ready" ? "VALID" : outcome.result === "NO_SLOT" ? "INVALID_TIME" : outcome.result;
  const fields: StringMap = {};
  if (outcome.kind === "suggested" && outcome.result === "INVALID_DATE") {
    fields.nearestDate = outcome.window.nearest.replaceAll("-", "");
  }
  if (outcome.kind === "done" && outcome.scheduledAt) fields.scheduledAt = outcome.scheduledAt.toISOString();
  return { result, ...extra, ...fields, message };
}

function orderFields(ctx: ActionContext, o: Order): StringMap {
  return {
    orderId: o.orderId,
    itemName: o.itemName,
    status: o.status,
    shippingDate: formatSpokenDate(o.shippingDate, ctx.localeId),
  };
}

/** The `date` parameter keyed as `YYYYMMDD`, as `YYYY-MM-DD`; undefined when it is no calendar date. */
function keyedDate(ctx: ActionContext): string | undefined {
  return parseKeypadDate((ctx.params.date ?? "").replace(/\D/g, "")) ?? undefined;
}

/** `describeOrder`: the caller's order, read out. */
export async function describeOrder(ctx: ActionContext): Promise<StringMap> {
  const found = await callersOrder(ctx);
  if ("reply" in found) return found.reply;
  return toStringMap(ctx, describe(ctx, found.order), orderFields(ctx, found.order));
}

/** `cancelOrder`: decides and cancels in one step (the flow has already asked the caller). */
export async function cancelOrderAction(ctx: ActionContext): Promise<StringMap> {
  const found = await callersOrder(ctx, true);
  if ("reply" in found) return found.reply;
  const request = { order: found.order, origin: ctx.origin };
  const decision = checkCancelOrder(ctx, request);
  if (decision.kind !== "ready") return toStringMap(ctx, decision);
  return toStringMap(ctx, await applyCancelOrder(ctx, request, found.identity));
}

/** `changeShippingDate`: `date` as `YYYYMMDD`; `dryRun` only checks it and phrases the question. */
export async function changeShippingDateAction(ctx: ActionContext): Promise<StringMap> {
  const requested = keyedDate(ctx);
  if (!requested) return { result: "INVALID_DATE", spokenDate: "", message: ctx.msg.t("keypad.invalidDate") };
  const found = await callersOrder(ctx, true);
  if ("reply" in found) return { spokenDate: "", ...found.reply };
  const spokenDate = { spokenDate: formatSpokenDate(requested, ctx.localeId) };
  const request = { order: found.order, requested, origin: ctx.origin };
  const dryRun = ctx.params.dryRun === "true";
  const decision = checkShippingDateChange(ctx, request, { replay: !dryRun });
  if (decision.kind !== "ready" || dryRun) return toStringMap(ctx, decision, spokenDate);
  return toStringMap(ctx, await applyShippingDateChange(ctx, request, found.identity), spokenDate);
}

/** `requestCallback`: the keyed `date` (`YYYYMMDD`) and `time` (`HHMM`), else the first free slot. */
export async function requestCallbackAction(ctx: ActionContext): Promise<StringMap> {
  if (!ctx.caller) return { result: "ERROR", message: ctx.msg.t("callback.number.INVALID") };
  const date = keyedDate(ctx);
  const hhmm = (ctx.params.time ?? "").replace(/\D/g, "");
  const when =
    date && /^([01]\d|2[0-3])[0-5]\d$/.test(hhmm)
      ? { date, time: `${hhmm.slice(0, 2)}:${hhmm.slice(2)}` }
      : ("asap" as const);
  const check = checkCallbackTimeRequest(ctx, when);
  if (check.kind !== "ready") return toStringMap(ctx, check);
  const outcome = await scheduleCallback(ctx, {
    origin: ctx.origin,
    phoneNumber: ctx.caller,
    at: check.at,
    reason: "Callback requested on the keypad menu",
  });
  return toStringMap(ctx, outcome);
}

/**
 * How a caller is addressed: the first word of the name as the shop wrote it — the family name in Japanese
 * order (佐藤 花子 → 佐藤様), the given name in Western order (Jane Smith → Jane).
 */
export function greetingName(fullName: string): string {
  return fullName.trim().split(/[\s\u3000]+/)[0] ?? "";
}
