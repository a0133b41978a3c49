import { orderParams } from "../spoken.js";
import { message, type OrderView, type Outcome, type UseCaseContext } from "./outcome.js";

/** The status and shipping date of an order the caller may see, in natural speech. */
export function describeOrder(ctx: UseCaseContext, order: OrderView): Outcome {
  return {
    kind: "done",
    result: "FOUND",
    message: message(`status.report.${order.status}`, orderParams(ctx.msg, order)),
    notes: [],
    duplicate: false,
    order,
  };
}
