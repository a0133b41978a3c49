/** Order statuses of the public table contract. */
export const OrderStatus = {
  Placed: "PLACED",
  Shipped: "SHIPPED",
  Delivered: "DELIVERED",
  Cancelled: "CANCELLED",
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** An order as the shop wrote it (six contract attributes) plus Orderline's optional `version`. */
export interface Order {
  orderId: string;
  customerPhone: string;
  customerName: string;
  itemName: string;
  /** `YYYY-MM-DD` */
  shippingDate: string;
  status: OrderStatus;
  locale: string;
  /** Optimistic-lock counter; absent on items a shop loaded (treated as 0). */
  version: number;
  /** Key of the last request that changed the order (idempotency). */
  lastRequest?: string;
  /**
   * Epoch ms until which the order is locked by too many failed identity checks (Orderline writes it, only on
   * the order that reached the limit); absent or past = not locked.
   */
  lockedUntil?: number;
}

/** Order ids are 3 to 10 digits (the bot's `OrderId` slot type uses the same rule). */
export const ORDER_ID_PATTERN = /^[0-9]{3,10}$/;

/**
 * The order id in a slot value, a typed answer or keyed digits: full-width digits count, anything between the
 * digits (spaces, dashes, "#", words) is dropped; undefined unless 3 to 10 digits remain. The one order-id parser.
 */
export function parseOrderId(text: string): string | undefined {
  const digits = normalizeDigits(text).replace(/\D/g, "");
  return ORDER_ID_PATTERN.test(digits) ? digits : undefined;
}

/**
 * Whether too many failed identity checks lock the order at `now`: then no channel reads it out or changes it,
 * and the right digits get the answer of wrong ones.
 */
export function isLocked(order: Pick<Order, "lockedUntil">, now: Date): boolean {
  return typeof order.lockedUntil === "number" && order.lockedUntil > now.getTime();
}

/** Orders a customer can still do something about (cancel, move, ask about). */
export function isOpen(order: Pick<Order, "status">): boolean {
  return order.status === OrderStatus.Placed || order.status === OrderStatus.Shipped;
}

export type CancelDecision = "CANCELLABLE" | "ALREADY_CANCELLED" | "NOT_CANCELLABLE";

/** Only placed orders can be cancelled; shipped/delivered ones need a return. */
export function cancelDecision(order: Pick<Order, "status">): CancelDecision {
  if (order.status === OrderStatus.Placed) return "CANCELLABLE";
  if (order.status === OrderStatus.Cancelled) return "ALREADY_CANCELLED";
  return "NOT_CANCELLABLE";
}

/** The open order with the nearest shipping date first, then the rest. */
export function sortByShippingDate<T extends Pick<Order, "shippingDate" | "orderId">>(orders: T[]): T[] {
  return [...orders].sort(
    (a, b) => a.shippingDate.localeCompare(b.shippingDate) || a.orderId.localeCompare(b.orderId),
  );
}

/**
 * The open order a caller most likely calls about: one still being prepared (they can still change it)
 * before one already on its way, then the soonest delivery.
 */
export function likeliestOpenOrder<T extends Pick<Order, "shippingDate" | "orderId" | "status">>(
  orders: T[],
): T | undefined {
  const open = sortByShippingDate(orders.filter(isOpen));
  return open.find((o) => o.status === OrderStatus.Placed) ?? open[0];
}

/** Matches a spoken/typed choice ("the kettle", "ケトルの方", "1002") against candidate orders. */
export function matchOrderChoice<T extends Pick<Order, "orderId" | "itemName">>(
  text: string,
  candidates: T[],
): T | null {
  const orderId = parseOrderId(text);
  if (orderId) {
    const byId = candidates.find((c) => c.orderId === orderId);
    if (byId) return byId;
  }
  const t = text.toLowerCase();
  const scored = candidates
    .map((c) => ({ c, score: itemNameOverlap(t, c.itemName.toLowerCase()) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0) return null;
  if (scored.length > 1 && scored[0]!.score === scored[1]!.score) return null;
  return scored[0]!.c;
}

function itemNameOverlap(text: string, item: string): number {
  if (text.includes(item)) return item.length + 100;
  // Words of the item name (English) or 2-character pieces (Japanese has no spaces).
  const words = item.split(/\s+/).filter((w) => w.length >= 3);
  let score = words.filter((w) => text.includes(w)).reduce((n, w) => n + w.length, 0);
  if (score === 0 && !/\s/.test(item)) {
    for (let i = 0; i + 2 <= item.length; i++) if (text.includes(item.slice(i, i + 2))) score += 1;
  }
  return score;
}

/** Full-width digits → ASCII. */
export function normalizeDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}
