import type { Logger } from "@aws-lambda-powertools/logger";
import type { ShopConfig } from "../config.js";
import type { Order } from "../domain/order.js";
import type { MessageParams, Messages } from "../messages.js";
import type { Dependencies } from "../ports.js";
import type { SmsDelivery } from "../services/sms-confirmations.js";

/** What a use case sees of the conversation: the Lex `Turn` and the keypad's `ActionContext` both fit. */
export interface UseCaseContext {
  deps: Dependencies;
  config: ShopConfig;
  log: Logger;
  /** The caller's language: message parameters are spoken forms in it. */
  msg: Messages;
  localeId: string;
  /** The shop's zone for this locale: every date rule is judged in it. */
  timeZone: string;
  now: Date;
}

/** A message by key with its `{placeholders}`: what both channels say for one situation. */
export interface MessageRef {
  key: string;
  params: MessageParams;
}

/** The window a date or time was judged by, and the valid value nearest the request. */
export interface Window<T> {
  first: T;
  last: T;
  nearest: T;
}

/** The order fields the use cases read: a fresh `Order` (keypad) or the Lex session's snapshot. */
export type OrderView = Pick<
  Order,
  "orderId" | "itemName" | "customerName" | "status" | "shippingDate" | "version" | "lockedUntil"
> & {
  lastRequest?: string;
  /** The order's language: its confirmation text is written in it, together with the change. */
  locale?: string;
};

/**
 * Just the `OrderView` fields of an order (no phone number, history or request key): what a session may carry.
 * The language travels with it, so the confirmation text can be written with the change (no read first).
 * The lock travels with it, so the greeting's Query also answers "is it locked?" (no second read).
 */
export function toOrderView(o: OrderView): OrderView {
  return {
    orderId: o.orderId,
    itemName: o.itemName,
    customerName: o.customerName,
    status: o.status,
    shippingDate: o.shippingDate,
    version: o.version,
    ...(o.locale ? { locale: o.locale } : {}),
    ...(typeof o.lockedUntil === "number" ? { lockedUntil: o.lockedUntil } : {}),
  };
}

/**
 * The one answer of every use case, decided once and translated by each channel: Lex renders it as a dialog
 * action, the keypad as Connect's string map (`result` is the keypad's result code).
 */
export type Outcome =
  /** The request may go ahead; `confirm` is what to ask before it does. */
  | { kind: "ready"; confirm: MessageRef }
  /** Done (or found): `notes` follow the message (e.g. the SMS may be late). */
  | {
      kind: "done";
      result: "CANCELLED" | "CHANGED" | "SCHEDULED" | "FOUND";
      message: MessageRef;
      notes: MessageRef[];
      /** A retry of a request already done: nothing was written or sent again. */
      duplicate: boolean;
      /** The order as it now is (a fresh read or the write's result). */
      order?: OrderView;
      scheduledAt?: Date;
    }
  /** The rules say no, and nothing else would do. */
  | {
      kind: "refused";
      result:
        | "ALREADY_CANCELLED"
        | "NOT_CANCELLABLE"
        | "NOT_CHANGEABLE"
        | "NO_SLOT"
        /** The number may not get a callback: premium rate, shared cost, satellite, unknown type, or country. */
        | "NUMBER_NOT_ALLOWED"
        /** The number has an open callback already (said with its time). */
        | "ALREADY_BOOKED";
      message: MessageRef;
    }
  /** The rules say no to this date or time, and offer the nearest valid one. */
  | {
      kind: "suggested";
      result: "INVALID_DATE";
      reason: "TOO_SOON" | "TOO_LATE" | "SAME_DATE";
      message: MessageRef;
      suggestion: MessageRef;
      window: Window<string>;
    }
  | {
      kind: "suggested";
      result: "INVALID_TIME";
      reason: "TOO_SOON" | "TOO_LATE" | "OUTSIDE_HOURS" | "NO_SLOT";
      message: MessageRef;
      suggestion: MessageRef;
      window: Window<Date | null> & { nearest: Date };
    }
  /** Someone else changed the order between reading and writing: nothing was changed. */
  | { kind: "conflict"; result: "CONFLICT"; message: MessageRef; order: Order | null }
  /**
   * Too many failed identity checks locked the order (seen at the write, atomically): nothing was changed, and
   * the caller hears what a failed check says and goes to an agent.
   */
  | { kind: "locked"; result: "LOCKED"; message: MessageRef };

/** The messages of an outcome in the order they are said (the confirmation of a `ready` one). */
export function messagesOf(outcome: Outcome): MessageRef[] {
  switch (outcome.kind) {
    case "ready":
      return [outcome.confirm];
    case "done":
      return [outcome.message, ...outcome.notes];
    case "suggested":
      return [outcome.message, outcome.suggestion];
    default:
      return [outcome.message];
  }
}

/** Says messages in the caller's language, one after the other. */
export function speak(msg: Messages, refs: MessageRef[]): string {
  return refs.map((r) => msg.t(r.key, r.params)).join(" ");
}

/** A message reference. */
export function message(key: string, params: MessageParams = {}): MessageRef {
  return { key, params };
}

/** A locked order's answer in every channel: exactly what a failed identity check ends with. */
export function lockedOutcome(): Outcome {
  return { kind: "locked", result: "LOCKED", message: message("verify.giveUp") };
}

/** What the caller hears about the confirmation text: a note only when it may arrive late. */
export function smsNotes(delivery: SmsDelivery): MessageRef[] {
  return delivery === "DELAYED" ? [message("sms.late")] : [];
}
