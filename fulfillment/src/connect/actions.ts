import type { Logger } from "@aws-lambda-powertools/logger";
import type { ShopConfig } from "../config.js";
import { timeZoneFor } from "../config.js";
import { formatSpokenDate, parseKeypadDate } from "../dates/index.js";
import { checkCallbackTime, earliestCallback } from "../domain/callback-policy.js";
import { isOpen, isValidOrderId, type Order, OrderStatus, sortByShippingDate } from "../domain/order.js";
import { formatPhoneForSpeech } from "../domain/phone.js";
import { checkShippingDate } from "../domain/shipping-date-policy.js";
import { Messages } from "../messages.js";
import type { Dependencies } from "../ports.js";
import { cancelOrder, changeShippingDate, textCallback, textOrderChange } from "../services/order-actions.js";
import { orderParams, spokenDateTime } from "../spoken.js";
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
  };
}

/** Greeting data for the caller ID: name and the open order with the nearest shipping date. */
export async function lookupCaller(ctx: ActionContext): Promise<StringMap> {
  const base = {
    known: "false",
    customerName: "",
    openOrderCount: "0",
    latestOrderId: "",
    latestItemName: "",
    latestShippingDate: "",
    locale: ctx.localeId,
  };
  if (!ctx.caller) return base;
  const orders = await ctx.deps.orders.findByPhone(ctx.caller);
  if (orders.length === 0) return base;
  const open = sortByShippingDate(orders.filter(isOpen));
  const latest = open[0];
  return {
    known: "true",
    customerName: orders[0]!.customerName,
    greetingName: greetingName(orders[0]!.customerName),
    openOrderCount: String(open.length),
    latestOrderId: latest?.orderId ?? "",
    latestItemName: latest?.itemName ?? "",
    latestShippingDate: latest ? formatSpokenDate(latest.shippingDate, ctx.localeId) : "",
    locale: orders[0]!.locale || ctx.localeId,
  };
}

type Found = { order: Order } | { reply: StringMap };

/** The caller's order: the keyed number, or their only open order. Only the caller's own orders are found. */
async function callersOrder(ctx: ActionContext): Promise<Found> {
  const keyed = (ctx.params.orderId ?? "").replace(/\D/g, "");
  if (!ctx.caller) return { reply: { result: "NOT_FOUND", message: ctx.msg.t("keypad.notFound") } };
  if (keyed) {
    const order = isValidOrderId(keyed) ? await ctx.deps.orders.get(keyed) : null;
    if (!order || order.customerPhone !== ctx.caller) {
      return { reply: { result: "NOT_FOUND", message: ctx.msg.t("keypad.notFound") } };
    }
    return { order };
  }
  const orders = await ctx.deps.orders.findByPhone(ctx.caller);
  const open = sortByShippingDate(orders.filter(isOpen));
  if (open.length === 1) return { order: open[0]! };
  // A retry (Connect re-invokes a Lambda that timed out) finds the order this contact already changed.
  const changedHere = orders.find((o) => o.lastRequest?.startsWith(`connect:${ctx.contactId}:`));
  if (open.length === 0 && changedHere) return { order: changedHere };
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

function orderFields(ctx: ActionContext, o: Order): StringMap {
  return {
    orderId: o.orderId,
    itemName: o.itemName,
    status: o.status,
    shippingDate: formatSpokenDate(o.shippingDate, ctx.localeId),
  };
}

export async function describeOrder(ctx: ActionContext): Promise<StringMap> {
  const found = await callersOrder(ctx);
  if ("reply" in found) return found.reply;
  return {
    result: "FOUND",
    ...orderFields(ctx, found.order),
    message: ctx.msg.t("keypad.found", orderParams(ctx.msg, found.order)),
  };
}

export async function cancelOrderAction(ctx: ActionContext): Promise<StringMap> {
  const found = await callersOrder(ctx);
  if ("reply" in found) return found.reply;
  const order = found.order;
  const p = orderParams(ctx.msg, order);
  const requestKey = `connect:${ctx.contactId}:cancelOrder:${order.orderId}`;
  // A retry of a request that already went through is answered like the first time, without a second SMS.
  const identity = { kind: "caller" as const, customerPhone: ctx.caller! };
  const outcome =
    order.status === OrderStatus.Cancelled && order.lastRequest === requestKey
      ? ({ kind: "CANCELLED", order, duplicate: true } as const)
      : await cancelOrder(ctx.deps, order, identity, requestKey);
  switch (outcome.kind) {
    case "ALREADY_CANCELLED":
      return { result: "ALREADY_CANCELLED", message: ctx.msg.t("cancel.already", p) };
    case "NOT_CANCELLABLE":
      return { result: "NOT_CANCELLABLE", message: ctx.msg.t(`cancel.notCancellable.${outcome.status}`, p) };
    case "CHANGED":
      return { result: "CONFLICT", message: ctx.msg.t("order.justChanged", p) };
    case "CANCELLED": {
      const message = await textOrderChange(
        ctx.deps,
        ctx.log,
        ctx.msg,
        outcome,
        requestKey,
        ctx.msg.t("cancel.done", p),
      );
      return { result: "CANCELLED", message };
    }
  }
}

export async function changeShippingDateAction(ctx: ActionContext): Promise<StringMap> {
  const requested = parseKeypadDate((ctx.params.date ?? "").replace(/\D/g, ""));
  if (!requested) return { result: "INVALID_DATE", spokenDate: "", message: ctx.msg.t("keypad.invalidDate") };
  const found = await callersOrder(ctx);
  if ("reply" in found) return { spokenDate: "", ...found.reply };
  const order = found.order;
  const p = orderParams(ctx.msg, order);
  const spokenDate = formatSpokenDate(requested, ctx.localeId);
  const requestKey = `connect:${ctx.contactId}:changeShippingDate:${order.orderId}:${requested}`;
  const dates = { ...p, from: p.date, to: spokenDate };
  if (order.lastRequest === requestKey && ctx.params.dryRun !== "true") {
    return { result: "CHANGED", spokenDate, message: ctx.msg.t("changeDate.done", dates) };
  }
  if (order.status !== OrderStatus.Placed) {
    return {
      result: "NOT_CHANGEABLE",
      spokenDate,
      message: ctx.msg.t(`changeDate.notChangeable.${order.status}`, p),
    };
  }
  const check = checkShippingDate(
    requested,
    order.shippingDate,
    ctx.config.shippingDate,
    ctx.timeZone,
    ctx.now,
  );
  if (!check.ok) {
    const reason = ctx.msg.t(`changeDate.invalid.${check.reason}`, {
      ...p,
      requested: spokenDate,
      first: formatSpokenDate(check.nearest, ctx.localeId),
      last: formatSpokenDate(check.nearest, ctx.localeId),
    });
    return {
      result: "INVALID_DATE",
      spokenDate,
      nearestDate: check.nearest.replaceAll("-", ""),
      message: `${reason} ${ctx.msg.t("keypad.nearest", { nearest: formatSpokenDate(check.nearest, ctx.localeId) })}`,
    };
  }
  if (ctx.params.dryRun === "true") {
    return { result: "VALID", spokenDate, message: ctx.msg.t("keypad.changeDate.confirm", dates) };
  }
  const identity = { kind: "caller" as const, customerPhone: ctx.caller! };
  const outcome = await changeShippingDate(ctx.deps, order, identity, requested, requestKey);
  if (outcome.kind === "NOT_CHANGEABLE") {
    return {
      result: "NOT_CHANGEABLE",
      spokenDate,
      message: ctx.msg.t(`changeDate.notChangeable.${outcome.status}`, p),
    };
  }
  if (outcome.kind === "CHANGED")
    return { result: "CONFLICT", spokenDate, message: ctx.msg.t("order.justChanged", p) };
  const message = await textOrderChange(
    ctx.deps,
    ctx.log,
    ctx.msg,
    outcome,
    requestKey,
    ctx.msg.t("changeDate.done", dates),
  );
  return { result: "CHANGED", spokenDate, message };
}

export async function requestCallbackAction(ctx: ActionContext): Promise<StringMap> {
  if (!ctx.caller) return { result: "ERROR", message: ctx.msg.t("callback.number.INVALID") };
  const rules = { ...ctx.config.callback, businessHours: ctx.config.businessHours };
  const date = parseKeypadDate((ctx.params.date ?? "").replace(/\D/g, ""));
  const hhmm = (ctx.params.time ?? "").replace(/\D/g, "");
  let at: Date | null;
  if (date && /^([01]\d|2[0-3])[0-5]\d$/.test(hhmm)) {
    const check = checkCallbackTime(
      date,
      `${hhmm.slice(0, 2)}:${hhmm.slice(2)}`,
      rules,
      ctx.timeZone,
      ctx.now,
    );
    if (!check.ok) {
      return {
        result: "INVALID_TIME",
        message: ctx.msg.t("keypad.callback.invalid", {
          nearest: check.nearest ? spokenDateTime(ctx.msg, ctx.timeZone, check.nearest) : "",
        }),
      };
    }
    at = check.at;
  } else {
    at = earliestCallback(rules, ctx.timeZone, ctx.now);
  }
  if (!at) return { result: "INVALID_TIME", message: ctx.msg.t("callback.giveUp") };
  const request = {
    requestKey: `connect:${ctx.contactId}:requestCallback:${at.toISOString()}`,
    phoneNumber: ctx.caller,
    at,
    localeId: ctx.localeId,
    timeZone: ctx.timeZone,
    reason: "Callback requested on the keypad menu",
  };
  const { contactId } = await ctx.deps.callbacks.schedule(request);
  const recorded = await ctx.deps.callbackLog.record({ ...request, contactId });
  const p = { when: spokenDateTime(ctx.msg, ctx.timeZone, at), number: formatPhoneForSpeech(ctx.caller) };
  const reply = ctx.msg.t("keypad.callback.done", p);
  const message =
    recorded === "CREATED"
      ? await textCallback(ctx.deps, ctx.log, ctx.msg, ctx.caller, p, request.requestKey, reply)
      : reply;
  return {
    result: "SCHEDULED",
    scheduledAt: at.toISOString(),
    message,
  };
}

/**
 * How a caller is addressed: the first word of the name as the shop wrote it — the family name in Japanese
 * order (佐藤 花子 → 佐藤様), the given name in Western order (Jane Smith → Jane).
 */
export function greetingName(fullName: string): string {
  return fullName.trim().split(/[\s\u3000]+/)[0] ?? "";
}
