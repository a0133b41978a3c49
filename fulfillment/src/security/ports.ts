/**
 * Ports of the abuse and identity guards. They keep their state in DynamoDB (Orderline's own records table),
 * never in the Lex session, which any client with `lex:RecognizeText` can write.
 */

/**
 * Wrong identity checks counted per order, across every session and channel: the source of truth of the count.
 * It is never read to decide a lock: the lock it decides is written on the order (`OrderStore.lock`).
 */
export interface VerificationLedger {
  /** Counts one wrong check (one conditional UpdateItem); `locked` (and until when) once the limit is reached. */
  recordFailure(orderId: string, rule: LockRule, now: Date): Promise<FailureCount>;
}

/** The failures inside the window; at the limit, the order is locked until `lockedUntil`. */
export type FailureCount =
  | { failures: number; locked: false }
  | { failures: number; locked: true; lockedUntil: Date };

/** The shop's lock rule (`ShopConfig.verificationLock`). */
export interface LockRule {
  maxFailures: number;
  windowHours: number;
}

/** Texts per number per day. */
export interface SmsQuota {
  /**
   * Takes one text from the number's daily allowance for one request; false when it is used up (the text is not
   * sent). Idempotent per `requestKey`: a retry of the request is counted once and answered true again, so it
   * may run before the request's outbox entry tells a first attempt from a retry.
   */
  take(phoneNumber: string, day: string, perDay: number, now: Date, requestKey: string): Promise<boolean>;
}

/** What an outbox entry texts, and, for a text about an order change, the change it depends on. */
export interface OutboxMessage {
  /** Stable per request: a retry of the request finds the same entry. */
  requestKey: string;
  phoneNumber?: string;
  message?: string;
  /** Set when the entry is held before an order write: it is sent only if the order shows this request. */
  orderId?: string;
  /** How to rebuild the text from the order when the writer died before filling it in. */
  template?: { localeId: string; previousDate?: string };
}

export type OutboxState = "SMS_PENDING" | "SMS_SENT" | "SMS_GAVE_UP" | "SMS_DROPPED";

/** One outbox entry as the sender sees it. */
export interface OutboxEntry extends OutboxMessage {
  id: string;
  state: OutboxState;
  attempts: number;
  leaseUntil: number;
}

/**
 * The SMS outbox: a text is recorded before anything it confirms is written, under a lease held by the writer.
 * A text whose lease expired (the writer died or SNS failed) is claimed by the retry run, with a new lease, and
 * sent or given up visibly after N attempts. Nothing stays "sending" forever.
 */
export interface SmsOutbox {
  /** Records a text under a lease; `EXISTS` (with the entry) when this request recorded one before. */
  hold(entry: OutboxMessage, leaseMs: number, now: Date): Promise<{ created: boolean; entry: OutboxEntry }>;
  /** Fills in the number and text once known (after the order write). */
  fill(id: string, phoneNumber: string, message: string): Promise<void>;
  /** The text went out. */
  markSent(id: string, now: Date): Promise<void>;
  /** The change it depended on did not happen, or the number's quota is used up: never send it. */
  drop(id: string, reason: string, now: Date): Promise<void>;
  /** Lets the retry run take it at once (SNS failed in-line). */
  release(id: string): Promise<void>;
  /** Pending entries whose lease has expired. */
  due(limit: number, now: Date): Promise<OutboxEntry[]>;
  /** Takes an expired entry for one attempt, with a new lease; false when another run took it first. */
  claim(entry: OutboxEntry, leaseMs: number, now: Date): Promise<boolean>;
  /** After the last attempt failed: kept, visibly, as `SMS_GAVE_UP`. */
  giveUp(id: string, reason: string, now: Date): Promise<void>;
}

/** An open callback of one phone number. */
export interface OpenCallback {
  requestKey: string;
  phoneNumber: string;
  at: Date;
  state: "PENDING" | "BOOKED";
  contactId?: string;
  localeId: string;
  timeZone: string;
  orderId?: string;
  reason: string;
  attempts: number;
}

/**
 * At most one open callback per phone number, recorded BEFORE the Connect task is started: the task's
 * ClientToken comes from the record, so a retry (or the retry run) never books twice.
 */
export interface CallbackBook {
  /** Reserves the number for this request; the open callback that holds it otherwise. */
  reserve(
    booking: Omit<OpenCallback, "state" | "attempts">,
    now: Date,
  ): Promise<{ reserved: true } | { reserved: false; open: OpenCallback }>;
  /** The open callback of a number, if any (its time has not passed). */
  openFor(phoneNumber: string, now: Date): Promise<OpenCallback | null>;
  /** The task exists. */
  markBooked(phoneNumber: string, requestKey: string, contactId: string): Promise<void>;
  /** Frees the number (the customer moved the callback: the new request reserves it again). */
  release(phoneNumber: string, requestKey: string): Promise<void>;
  /** Reservations whose task is not confirmed yet, for the retry run. */
  pending(limit: number): Promise<OpenCallback[]>;
  /** Counts an attempt of the retry run; after the last one the reservation is given up visibly. */
  settle(phoneNumber: string, requestKey: string, outcome: "RETRY" | "GAVE_UP"): Promise<void>;
}

/** Everything the guards need, injected like the other ports. */
export interface SecurityDependencies {
  ledger: VerificationLedger;
  smsQuota: SmsQuota;
  outbox: SmsOutbox;
  callbackBook: CallbackBook;
}
