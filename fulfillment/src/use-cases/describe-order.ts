import { todayIn } from "../dates/zoned-time.js";
import { orderParams } from "../spoken.js";
import { message, type OrderView, type Outcome, type UseCaseContext } from "./outcome.js";

/**
 * The status and shipping date of an order the caller may see, in natural speech. Once the date has passed in
 * the shop's zone, an order still placed or shipped is spoken of in the past ("was due to arrive …").
 */
export function describeOrder(ctx: UseCaseContext, order: OrderView): Outcome {
  const past =
    (order.status === "PLACED" || order.status === "SHIPPED") &&
    order.shippingDate < todayIn(ctx.timeZone, ctx.now);
  return {
    kind: "done",
    result: "FOUND",
    message: message(`status.report.${order.status}${past ? ".past" : ""}`, orderParams(ctx.msg, order)),
    notes: [],
    duplicate: false,
    order,
  };
}
