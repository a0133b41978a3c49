import { formatSpokenDate, formatSpokenTime, instantToZoned } from "./dates/index.js";
import type { Order } from "./domain/order.js";
import type { Messages } from "./messages.js";

/** Placeholders every order message can use (Lex and keypad alike): item, orderId, date, status, name. */
export function orderParams(
  msg: Messages,
  order: Pick<Order, "orderId" | "itemName" | "shippingDate" | "status" | "customerName">,
) {
  return {
    item: order.itemName,
    orderId: order.orderId,
    date: order.shippingDate ? formatSpokenDate(order.shippingDate, msg.localeId) : "",
    status: msg.t(`status.${order.status}`),
    name: order.customerName,
  };
}

/** "Monday, November 30 at 3 PM" / "11月30日（月）午後3時" in the shop's zone. */
export function spokenDateTime(msg: Messages, timeZone: string, at: Date): string {
  const z = instantToZoned(at, timeZone);
  return msg.t("datetime", {
    date: formatSpokenDate(z.date, msg.localeId),
    time: formatSpokenTime(z.time, msg.localeId),
  });
}
