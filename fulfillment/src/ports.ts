import type { Order, OrderStatus } from "./domain/order.js";
import type { RequestKey } from "./domain/request-key.js";
import type {
  CallbackBook,
  OutboxState,
  SecurityDependencies,
  SmsOutbox,
  SmsQuota,
} from "./security/ports.js";

/** Who may change the order: the caller on file (voice) or someone who knew the phone number's last four digits. */
export type IdentityProof = { kind: "caller"; customerPhone: string } | { kind: "last4"; last4: string };

/** One change to one order, applied as a single conditional write. */
export interface OrderChange {
  orderId: string;
  /** Same key twice = the same request (retry, double confirm): applied once. */
  requestKey: RequestKey;
  expected: { status: OrderStatus; version: number; shippingDate: string };
  identity: IdentityProof;
  set: { status?: OrderStatus; shippingDate?: string };
  /** What happened, kept in the order's history. */
  event: string;
  at: string;
}

export type ApplyResult =
  | { outcome: "APPLIED"; order: Order }
  /** The same request was applied before: do nothing more (no second SMS). */
  | { outcome: "DUPLICATE"; order: Order }
  /** Someone else changed or removed the order in between. */
  | { outcome: "CHANGED"; order: Order | null }
  /** The order is locked (failed identity checks): nothing written, and nothing of the order returned. */
  | { outcome: "LOCKED" };

/**
 * The confirmation text of an order change, written together with the change (all or nothing), so a change
 * never stands without its text recorded. The text goes to the number the change's identity condition pins:
 * the caller's own (caller ID) or the number on file (read to check the last four digits).
 */
export interface ChangeConfirmation {
  message: string;
  /** The writer's lease on the recorded text: past it, the retry run may send it. */
  leaseMs: number;
  /**
   * How the text is recorded: `send` takes one text of the number's daily allowance for this request (refused
   * when used up) and records the text pending, under the lease; `counted` records it pending, its allowance
   * already taken by this request; `drop` records it as never to be sent (`reason`); `none` writes the change
   * alone (this request's text is recorded already).
   */
  record:
    | { kind: "send"; day: string; perDay: number }
    | { kind: "counted" }
    | { kind: "drop"; reason: string }
    | { kind: "none" };
}

/** Where the outbox entry of this request stands: no entry, or its state. */
export type RecordedText = "NONE" | OutboxState;

/** The outbox and the text allowance the confirmation is recorded in (the same store's kind as the orders). */
export interface ConfirmationRecords {
  outbox: SmsOutbox;
  smsQuota: SmsQuota;
}

export type ConfirmedApplyResult =
  /** Changed, and the text recorded as asked (`textId` when recorded pending or dropped); `version` is the new one. */
  | { outcome: "APPLIED"; version: number; phoneNumber: string; textId?: string }
  /** This request changed the order before: nothing written now. `text`: its outbox entry, if any. */
  | { outcome: "DUPLICATE"; order: Order; text: RecordedText }
  | { outcome: "CHANGED"; order: Order | null }
  | { outcome: "LOCKED" }
  /**
   * The change would have gone through, but the text could not be recorded as asked, so nothing was written:
   * this request's entry exists already (`text`), or the allowance refused (`USED_UP`, or `TAKEN` by this very
   * request before).
   */
  | { outcome: "TEXT_REFUSED"; text: RecordedText; allowance?: "USED_UP" | "TAKEN" };

/** The orders table. Implementations raise `DependencyError` on AWS failures. */
export interface OrderStore {
  /** One order by id; `consistent` for a strongly consistent read (it sees a lock written a moment ago). */
  get(orderId: string, consistent?: boolean): Promise<Order | null>;
  /** The caller's orders through the `customerPhone` index (Query, never Scan). */
  findByPhone(customerPhone: string): Promise<Order[]>;
  /** Whether any order is on file for the number: a count with a limit of one, no order read. */
  hasOrders(customerPhone: string): Promise<boolean>;
  /** Applies a change unless the order changed since it was read or is locked (`lockedUntil` in the future). */
  apply(change: OrderChange): Promise<ApplyResult>;
  /**
   * Applies a change under the same conditions as `apply` and records its confirmation text (outbox entry and
   * daily allowance, in `records`) in the same write: all of it or nothing (one TransactWriteItems on DynamoDB).
   */
  applyWithConfirmation(
    change: OrderChange,
    confirmation: ChangeConfirmation,
    records: ConfirmationRecords,
  ): Promise<ConfirmedApplyResult>;
  /**
   * Marks an existing order locked until `until` (never creates an item for an unknown id, never shortens a
   * lock). Called only when failed identity checks reach the shop's limit.
   */
  lock(orderId: string, until: Date): Promise<void>;
}

export interface SmsSender {
  /** Sends one SMS. Raises `DependencyError` when SNS fails. */
  send(phoneNumber: string, message: string): Promise<void>;
}

export interface CallbackRequest {
  /** Stable per request: Connect's ClientToken and the record's key. */
  requestKey: RequestKey;
  phoneNumber: string;
  at: Date;
  localeId: string;
  timeZone: string;
  orderId?: string;
  reason: string;
}

export interface CallbackScheduler {
  /** Creates a scheduled Amazon Connect task (idempotent on `requestKey`). */
  schedule(request: CallbackRequest): Promise<{ contactId: string }>;
}

/**
 * What confirms a callback once its Connect task exists, written together (all or nothing), so a booked callback
 * never stands without its record or its text: the book's reservation marked booked (`mark`), the callback's
 * record (`record`) and its confirmation text (`text.record`, as for an order change; `none`: no text now).
 */
export interface BookedCallback {
  request: CallbackRequest & { contactId: string };
  mark: boolean;
  record: boolean;
  text: ChangeConfirmation;
  /** When it is written: the text's lease and the records' expiry count from here. */
  now: Date;
}

/** The book, outbox and text allowance a booked callback is written with (the same store's kind as the log). */
export interface BookingRecords extends ConfirmationRecords {
  callbackBook: CallbackBook;
}

export type BookedCallbackResult =
  /** Everything asked for is written; `textId` when the text was recorded (pending or dropped). */
  | { outcome: "WRITTEN"; textId?: string }
  /**
   * Nothing written, because a part could not be written as asked: the reservation is no longer this request's
   * (`moved`: someone moved the callback), the callback is recorded already (`recorded`: a retry), this request's
   * text is recorded already (`text`), or the allowance refused (`USED_UP`, or `TAKEN` by this request before).
   */
  | {
      outcome: "REFUSED";
      moved: boolean;
      recorded: boolean;
      text: RecordedText;
      allowance?: "USED_UP" | "TAKEN";
    };

export interface CallbackLog {
  /** Records a scheduled callback once; `DUPLICATE` when this request was recorded before. */
  record(request: CallbackRequest & { contactId: string }): Promise<"CREATED" | "DUPLICATE">;
  /**
   * Marks the book's reservation booked, records the callback and its confirmation text (outbox entry and daily
   * allowance) in one write: all of it or nothing (one TransactWriteItems on DynamoDB).
   */
  recordBooked(booked: BookedCallback, records: BookingRecords): Promise<BookedCallbackResult>;
  /** Keeps an SMS that could not be sent, for a later retry. */
  keepFailedSms(entry: {
    requestKey: string;
    phoneNumber: string;
    message: string;
    error: string;
  }): Promise<void>;
  /** The oldest SMS waiting for a retry. */
  pendingSms(limit: number): Promise<PendingSms[]>;
  /** Takes one pending SMS for sending; false when another run took it first. */
  claimSms(sms: PendingSms): Promise<boolean>;
  /** Records how a retry went: sent, or back in the queue (given up after `maxAttempts`). */
  settleSms(sms: PendingSms, sent: boolean, maxAttempts: number): Promise<void>;
}

export interface PendingSms {
  callbackId: string;
  phoneNumber: string;
  message: string;
  attempts: number;
}

/** Everything a handler needs, injected (tests pass fakes or local endpoints). */
export interface Dependencies {
  orders: OrderStore;
  sms: SmsSender;
  callbacks: CallbackScheduler;
  callbackLog: CallbackLog;
  now: () => Date;
  /**
   * Identity and abuse guards (failure counts, text quota, SMS outbox, one open callback per number), kept in
   * DynamoDB. The AWS wiring always sets them; in-memory test fakes may leave them out (no guard then).
   */
  security?: SecurityDependencies;
}
