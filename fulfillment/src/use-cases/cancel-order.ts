import { cancelDecision, OrderStatus } from "../domain/order.js";
import { type RequestOrigin, requestKey } from "../domain/request-key.js";
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

/** A request to cancel one order, from one conversation. */
export interface CancelRequest {
  order: OrderView;
  origin: RequestOrigin;
}

/**
 * Decides a cancellation without changing anything: a retry of this very request is answered as done; only a
 * placed order can be cancelled (shipped and delivered ones need a return).
 */
export function checkCancelOrder(ctx: UseCaseContext, request: CancelRequest): Outcome {
  const { order } = request;
  const p = orderParams(ctx.msg, order);
  // Connect re-invokes a Lambda that timed out: the change already stands, so answer like the first time.
  if (order.status === OrderStatus.Cancelled && order.lastRequest === keyOf(request)) {
    return {
      kind: "done",
      result: "CANCELLED",
      message: message("cancel.done", p),
      notes: [],
      duplicate: true,
      order,
    };
  }
  switch (cancelDecision(order)) {
    case "ALREADY_CANCELLED":
      return { kind: "refused", result: "ALREADY_CANCELLED", message: message("cancel.already", p) };
    case "NOT_CANCELLABLE":
      return {
        kind: "refused",
        result: "NOT_CANCELLABLE",
        message: message(`cancel.notCancellable.${order.status}`, p),
      };
    case "CANCELLABLE":
      return { kind: "ready", confirm: message("cancel.confirm", p) };
  }
}

/**
 * Cancels an order {@link checkCancelOrder} allowed: PLACED → CANCELLED with one conditional write that also
 * expects the version and date seen and records the confirmation SMS with it, then sends the SMS (once, even
 * when the request is retried).
 */
export async function applyCancelOrder(
  ctx: UseCaseContext,
  request: CancelRequest,
  identity: IdentityProof,
): Promise<Outcome> {
  const { order } = request;
  const p = orderParams(ctx.msg, order);
  const key = keyOf(request);
  const change = {
    orderId: order.orderId,
    requestKey: key,
    expected: { status: OrderStatus.Placed, version: order.version, shippingDate: order.shippingDate },
    identity,
    set: { status: OrderStatus.Cancelled },
    event: "CANCELLED",
    at: ctx.deps.now().toISOString(),
  };
  const result = await applyConfirmedChange(ctx, order, change);
  // Locked after it was read (failed checks in another session): the write's condition refused it.
  if (result.outcome === "LOCKED") {
    securityEvent(ctx.log, SecurityMetric.OrderLocked, { orderId: order.orderId, at: "write" });
    return lockedOutcome();
  }
  if (result.outcome === "CHANGED") {
    if (result.order?.status === OrderStatus.Cancelled) {
      return { kind: "refused", result: "ALREADY_CANCELLED", message: message("cancel.already", p) };
    }
    return {
      kind: "conflict",
      result: "CONFLICT",
      message: message("order.justChanged", p),
      order: result.order,
    };
  }
  const duplicate = result.outcome === "DUPLICATE";
  ctx.log.info("order cancelled", { orderId: order.orderId, duplicate });
  return {
    kind: "done",
    result: "CANCELLED",
    message: message("cancel.done", p),
    notes: smsNotes(result.sms),
    duplicate,
    order: result.order,
  };
}

/** One cancellation of one order per conversation. */
function keyOf({ order, origin }: CancelRequest) {
  return requestKey(origin, "cancelOrder", order.orderId);
}
