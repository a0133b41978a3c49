import { formatSpokenDate, formatSpokenTime, instantToZoned } from "../dates/index.js";
import type { OrderSnapshot } from "./order-target.js";
import type { Turn } from "./turn.js";

/** Placeholders every order message can use: item, orderId, date (spoken), status (spoken), name. */
export function orderParams(
  turn: Turn,
  order: Pick<OrderSnapshot, "orderId" | "itemName" | "shippingDate" | "status" | "customerName">,
) {
  return {
    item: order.itemName,
    orderId: order.orderId,
    date: order.shippingDate ? formatSpokenDate(order.shippingDate, turn.localeId) : "",
    status: turn.msg.t(`status.${order.status}`),
    name: order.customerName,
  };
}

/** "Monday, November 30 at 3 PM" / "11月30日（月）午後3時" in the shop's zone. */
export function spokenInstant(turn: Turn, at: Date): string {
  const z = instantToZoned(at, turn.timeZone);
  return turn.msg.t("datetime", {
    date: formatSpokenDate(z.date, turn.localeId),
    time: formatSpokenTime(z.time, turn.localeId),
  });
}
