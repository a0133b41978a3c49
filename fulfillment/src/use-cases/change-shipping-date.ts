import { formatSpokenDate } from "../dates/index.js";
import { OrderStatus } from "../domain/order.js";
import { type RequestOrigin, requestKey } from "../domain/request-key.js";
import { checkShippingDate } from "../domain/shipping-date-policy.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { IdentityProof } from "../ports.js";
import { orderParams } from "../spoken.js";
import { applyConfirmedChange } from "./order-change.js";
import {
  lockedOutcome,
  message,
  type OrderView,
  type Outcome,
  smsNotes,
  type UseCaseContext,
} from "./outcome.js";

/** A request to move one order's shipping date to `requested` (`YYYY-MM-DD`), from one conversation. */
export interface ShippingDateRequest {
  order: OrderView;
  requested: string;
  origin: RequestOrigin;
}

/** Only a placed order has a shipping date to move; anything else is refused with its status's reason. */
export function checkOrderChangeable(ctx: UseCaseContext, order: OrderView): Outcome | undefined {
  if (order.status === OrderStatus.Placed) return undefined;
  return {
    kind: "refused",
    result: "NOT_CHANGEABLE",
    message: message(`changeDate.notChangeable.${order.status}`, orderParams(ctx.msg, order)),
  };
}

/**
 * Decides a new shipping date without changing anything: a retry of this very request is answered as done
 * (unless `replay` is false: a dry run only asks), then the order must be placed and the date inside the
 * shop's window (2 to 60 days ahead in its zone by default) and different from the current one. A refused
 * date comes with the window it was judged by and the nearest valid date.
 */
export function checkShippingDateChange(
  ctx: UseCaseContext,
  request: ShippingDateRequest,
  { replay = true }: { replay?: boolean } = {},
): Outcome {
  const { order, requested } = request;
  const dates = dateParams(ctx, order, requested);
  if (replay && order.lastRequest === keyOf(request)) {
    return {
      kind: "done",
      result: "CHANGED",
      message: message("changeDate.done", dates),
      notes: [],
      duplicate: true,
      order,
    };
  }
  const unchangeable = checkOrderChangeable(ctx, order);
  if (unchangeable) return unchangeable;
  const check = checkShippingDate(
    requested,
    order.shippingDate,
    ctx.config.shippingDate,
    ctx.timeZone,
    ctx.now,
  );
  if (check.ok) return { kind: "ready", confirm: message("changeDate.confirm", dates) };
  const spoken = (date: string) => formatSpokenDate(date, ctx.localeId);
  return {
    kind: "suggested",
    result: "INVALID_DATE",
    reason: check.reason,
    message: message(`changeDate.invalid.${check.reason}`, {
      ...orderParams(ctx.msg, order),
      requested: spoken(requested),
      first: spoken(check.first),
      last: spoken(check.last),
    }),
    suggestion: message("changeDate.suggest", { nearest: spoken(check.nearest) }),
    window: { first: check.first, last: check.last, nearest: check.nearest },
  };
}

/**
 * Moves the shipping date {@link checkShippingDateChange} allowed, with one conditional write (status, version
 * and current date as seen) that records the confirmation text with it, then texts the customer on file (once,
 * even when the request is retried).
 */
export async function applyShippingDateChange(
  ctx: UseCaseContext,
  request: ShippingDateRequest,
  identity: IdentityProof,
): Promise<Outcome> {
  const { order, requested } = request;
  const key = keyOf(request);
  const change = {
    orderId: order.orderId,
    requestKey: key,
    expected: { status: OrderStatus.Placed, version: order.version, shippingDate: order.shippingDate },
    identity,
    set: { shippingDate: requested },
    event: `SHIPPING_DATE ${order.shippingDate} -> ${requested}`,
    at: ctx.deps.now().toISOString(),
  };
  const result = await applyConfirmedChange(ctx, order, change, order.shippingDate);
  // Locked after it was read (failed checks in another session): the write's condition refused it.
  if (result.outcome === "LOCKED") {
    securityEvent(ctx.log, SecurityMetric.OrderLocked, { orderId: order.orderId, at: "write" });
    return lockedOutcome();
  }
  if (result.outcome === "CHANGED") {
    const p = orderParams(ctx.msg, order);
    return {
      kind: "conflict",
      result: "CONFLICT",
      message: message("order.justChanged", p),
      order: result.order,
    };
  }
  const duplicate = result.outcome === "DUPLICATE";
  return {
    kind: "done",
    result: "CHANGED",
    message: message("changeDate.done", dateParams(ctx, order, requested)),
    notes: smsNotes(result.sms),
    duplicate,
    order: result.order,
  };
}

/** The order's placeholders plus the move: `from` its current date `to` the requested one. */
export function dateParams(ctx: UseCaseContext, order: OrderView, requested: string) {
  const p = orderParams(ctx.msg, order);
  return { ...p, from: p.date, to: formatSpokenDate(requested, ctx.localeId) };
}

/** One move of one order to one date per conversation. */
function keyOf({ order, requested, origin }: ShippingDateRequest) {
  return requestKey(origin, "changeShippingDate", order.orderId, requested);
}
