import { isLocked, type Order } from "../../../fulfillment/src/domain/order.js";
import type {
  ApplyResult,
  BookedCallback,
  BookedCallbackResult,
  BookingRecords,
  CallbackLog,
  CallbackRequest,
  ChangeConfirmation,
  ConfirmationRecords,
  ConfirmedApplyResult,
  Dependencies,
  OrderChange,
  OrderStore,
  PendingSms,
} from "../../../fulfillment/src/ports.js";
import type {
  CallbackBook,
  OpenCallback,
  OutboxEntry,
  OutboxMessage,
  OutboxState,
  SmsOutbox,
  SmsQuota,
} from "../../../fulfillment/src/security/ports.js";

/**
 * The orders table in memory, with DynamoDB's conditional-write semantics (status, date, version, identity,
 * and the verification lock on the item).
 */
export class InMemoryOrderStore implements OrderStore {
  readonly orders = new Map<string, Order>();
  /** The next write loses a race: someone else changed the order just before it. */
  loseNextRace = false;
  /** The next write finds the order locked: failed checks elsewhere locked it just before it (for an hour). */
  lockBeforeNextWrite = false;

  put(order: Order): void {
    this.orders.set(order.orderId, { ...order });
  }

  async get(orderId: string): Promise<Order | null> {
    const o = this.orders.get(orderId);
    return o ? { ...o } : null;
  }

  async findByPhone(customerPhone: string): Promise<Order[]> {
    return [...this.orders.values()].filter((o) => o.customerPhone === customerPhone).map((o) => ({ ...o }));
  }

  async hasOrders(customerPhone: string): Promise<boolean> {
    return [...this.orders.values()].some((o) => o.customerPhone === customerPhone);
  }

  async apply(change: OrderChange): Promise<ApplyResult> {
    const { current, holds } = this.check(change);
    if (!current || !holds) return refusal(change, current);
    return { outcome: "APPLIED", order: this.write(current, change) };
  }

  /** Like the DynamoDB transaction: the order, the text's outbox entry and the allowance, all or nothing. */
  async applyWithConfirmation(
    change: OrderChange,
    confirmation: ChangeConfirmation,
    records: ConfirmationRecords,
  ): Promise<ConfirmedApplyResult> {
    const { outbox, smsQuota } = records;
    if (!(outbox instanceof InMemorySmsOutbox) || !(smsQuota instanceof InMemorySmsQuota)) {
      throw new TypeError("applyWithConfirmation needs the in-memory outbox and text allowance");
    }
    const { current, holds } = this.check(change);
    const existing = outbox.entries.get(outboxKey(change.requestKey));
    const text = existing?.state ?? "NONE";
    if (!current || !holds) {
      const refused = refusal(change, current);
      return refused.outcome === "DUPLICATE" ? { ...refused, text } : refused;
    }
    const { record } = confirmation;
    const phoneNumber = current.customerPhone;
    const allowance =
      record.kind === "send"
        ? smsQuota.check(phoneNumber, record.day, record.perDay, change.requestKey)
        : undefined;
    const entryRefused = record.kind !== "none" && existing !== undefined;
    if (entryRefused || allowance) {
      return {
        outcome: "TEXT_REFUSED",
        text: entryRefused ? text : "NONE",
        ...(allowance ? { allowance } : {}),
      };
    }
    // Every condition holds: now all three writes.
    const order = this.write(current, change);
    if (record.kind === "send") smsQuota.count(phoneNumber, record.day, change.requestKey);
    if (record.kind === "none") return { outcome: "APPLIED", version: order.version, phoneNumber };
    const now = new Date(change.at);
    const entry = outbox.put(
      { requestKey: change.requestKey, phoneNumber, message: confirmation.message, orderId: change.orderId },
      record.kind === "drop" ? "SMS_DROPPED" : "SMS_PENDING",
      now.getTime() + confirmation.leaseMs,
    );
    return { outcome: "APPLIED", version: order.version, phoneNumber, textId: entry.id };
  }

  /** The order as the next write sees it, and whether the change's condition holds on it. */
  private check(change: OrderChange): { current: Order | undefined; holds: boolean } {
    const current = this.orders.get(change.orderId);
    if (current && this.loseNextRace) {
      this.loseNextRace = false;
      current.version += 1;
      current.lastRequest = "shop:back-office";
    }
    if (current && this.lockBeforeNextWrite) {
      this.lockBeforeNextWrite = false;
      current.lockedUntil = Date.parse(change.at) + 3_600_000;
    }
    const now = new Date(change.at);
    const holds =
      current !== undefined &&
      current.status === change.expected.status &&
      current.shippingDate === change.expected.shippingDate &&
      current.version === change.expected.version &&
      (change.identity.kind === "caller"
        ? current.customerPhone === change.identity.customerPhone
        : current.customerPhone.endsWith(change.identity.last4)) &&
      !isLocked(current, now);
    return { current, holds };
  }

  private write(current: Order, change: OrderChange): Order {
    Object.assign(current, change.set, { version: current.version + 1, lastRequest: change.requestKey });
    return { ...current };
  }

  async lock(orderId: string, until: Date): Promise<void> {
    const current = this.orders.get(orderId);
    // Like the conditional UpdateItem: no item for an unknown id, and a longer lock stands.
    if (current && !(current.lockedUntil && current.lockedUntil >= until.getTime())) {
      current.lockedUntil = until.getTime();
    }
  }
}

function refusal(
  change: OrderChange,
  current: Order | undefined,
): Extract<ApplyResult, { outcome: "DUPLICATE" | "CHANGED" | "LOCKED" }> {
  const order = current ? { ...current } : null;
  if (order?.lastRequest === change.requestKey) return { outcome: "DUPLICATE", order };
  if (order && isLocked(order, new Date(change.at))) return { outcome: "LOCKED" };
  return { outcome: "CHANGED", order };
}

const outboxKey = (requestKey: string) => `SMS#${requestKey}`;

/** The SMS outbox in memory (entries by request). */
export class InMemorySmsOutbox implements SmsOutbox {
  readonly entries = new Map<string, OutboxEntry>();

  put(message: OutboxMessage, state: OutboxState, leaseUntil: number): OutboxEntry {
    const entry = { ...message, id: outboxKey(message.requestKey), state, attempts: 0, leaseUntil };
    this.entries.set(entry.id, entry);
    return { ...entry };
  }

  async hold(message: OutboxMessage, leaseMs: number, now: Date) {
    const existing = this.entries.get(outboxKey(message.requestKey));
    if (existing) return { created: false, entry: { ...existing } };
    return { created: true, entry: this.put(message, "SMS_PENDING", now.getTime() + leaseMs) };
  }
  async fill(id: string, phoneNumber: string, message: string) {
    Object.assign(this.mustGet(id), { phoneNumber, message });
  }
  async markSent(id: string) {
    this.mustGet(id).state = "SMS_SENT";
  }
  async drop(id: string) {
    this.mustGet(id).state = "SMS_DROPPED";
  }
  async giveUp(id: string) {
    this.mustGet(id).state = "SMS_GAVE_UP";
  }
  async release(id: string) {
    this.mustGet(id).leaseUntil = 0;
  }
  async due(limit: number, now: Date) {
    return [...this.entries.values()]
      .filter((e) => e.state === "SMS_PENDING" && e.leaseUntil < now.getTime())
      .slice(0, limit)
      .map((e) => ({ ...e }));
  }
  async claim(entry: OutboxEntry, leaseMs: number, now: Date) {
    const e = this.entries.get(entry.id);
    if (e?.state !== "SMS_PENDING" || e.leaseUntil >= now.getTime() || e.attempts !== entry.attempts) {
      return false;
    }
    Object.assign(e, { leaseUntil: now.getTime() + leaseMs, attempts: e.attempts + 1 });
    return true;
  }

  private mustGet(id: string): OutboxEntry {
    const e = this.entries.get(id);
    // Like the DynamoDB adapter's attribute_exists condition.
    if (!e) throw new Error(`no outbox entry ${id}`);
    return e;
  }
}

/** Texts per number per day in memory, idempotent per request like the DynamoDB quota. */
export class InMemorySmsQuota implements SmsQuota {
  readonly days = new Map<string, Set<string>>();

  /** Why a take would be refused now, or undefined when it would be counted. */
  check(
    phoneNumber: string,
    day: string,
    perDay: number,
    requestKey: string,
  ): "USED_UP" | "TAKEN" | undefined {
    const taken = this.days.get(`${phoneNumber}#${day}`) ?? new Set<string>();
    if (taken.has(requestKey)) return "TAKEN";
    return taken.size >= perDay ? "USED_UP" : undefined;
  }

  count(phoneNumber: string, day: string, requestKey: string): void {
    const key = `${phoneNumber}#${day}`;
    this.days.set(key, (this.days.get(key) ?? new Set<string>()).add(requestKey));
  }

  async take(phoneNumber: string, day: string, perDay: number, _now: Date, requestKey: string) {
    const refused = this.check(phoneNumber, day, perDay, requestKey);
    if (refused === "USED_UP") return false;
    this.count(phoneNumber, day, requestKey);
    return true;
  }
}

/** Callback records and SMS kept for retry, in memory. */
export class InMemoryCallbackLog implements CallbackLog {
  readonly callbacks: (CallbackRequest & { contactId: string })[] = [];
  readonly failedSms: { requestKey: string; phoneNumber: string; message: string; error: string }[] = [];
  /** The next `recordBooked` fails like an unavailable DynamoDB (nothing written). */
  failNextBooking = false;

  async record(request: CallbackRequest & { contactId: string }): Promise<"CREATED" | "DUPLICATE"> {
    if (this.callbacks.some((c) => c.requestKey === request.requestKey)) return "DUPLICATE";
    this.callbacks.push(request);
    return "CREATED";
  }
  /** Like the DynamoDB transaction: the book's mark, the record, the text's entry and allowance, all or nothing. */
  async recordBooked(booked: BookedCallback, records: BookingRecords): Promise<BookedCallbackResult> {
    const { callbackBook, outbox, smsQuota } = records;
    if (
      !(callbackBook instanceof InMemoryCallbackBook) ||
      !(outbox instanceof InMemorySmsOutbox) ||
      !(smsQuota instanceof InMemorySmsQuota)
    ) {
      throw new TypeError("recordBooked needs the in-memory callback book, outbox and text allowance");
    }
    if (this.failNextBooking) {
      this.failNextBooking = false;
      throw new Error("DynamoDB unavailable");
    }
    const { request, text, now } = booked;
    const { record } = text;
    const open = callbackBook.open.get(request.phoneNumber);
    const moved = booked.mark && open?.requestKey !== request.requestKey;
    const recorded = booked.record && this.callbacks.some((c) => c.requestKey === request.requestKey);
    const existing = outbox.entries.get(outboxKey(request.requestKey));
    const entryRefused = record.kind !== "none" && existing !== undefined;
    const allowance =
      record.kind === "send"
        ? smsQuota.check(request.phoneNumber, record.day, record.perDay, request.requestKey)
        : undefined;
    if (moved || recorded || entryRefused || allowance) {
      return {
        outcome: "REFUSED",
        moved,
        recorded,
        text: entryRefused && existing ? existing.state : "NONE",
        ...(allowance ? { allowance } : {}),
      };
    }
    // Every condition holds: now all the writes.
    if (booked.mark && open) Object.assign(open, { state: "BOOKED", contactId: request.contactId });
    if (booked.record) this.callbacks.push(request);
    if (record.kind === "send") smsQuota.count(request.phoneNumber, record.day, request.requestKey);
    if (record.kind === "none") return { outcome: "WRITTEN" };
    const entry = outbox.put(
      { requestKey: request.requestKey, phoneNumber: request.phoneNumber, message: text.message },
      record.kind === "drop" ? "SMS_DROPPED" : "SMS_PENDING",
      now.getTime() + text.leaseMs,
    );
    return { outcome: "WRITTEN", textId: entry.id };
  }
  async keepFailedSms(entry: { requestKey: string; phoneNumber: string; message: string; error: string }) {
    this.failedSms.push(entry);
  }
  async pendingSms(): Promise<PendingSms[]> {
    return [];
  }
  async claimSms(): Promise<boolean> {
    return false;
  }
  async settleSms(): Promise<void> {}
}

/** One open callback per number in memory, like the DynamoDB book (a retry of the holding request reserves again). */
export class InMemoryCallbackBook implements CallbackBook {
  readonly open = new Map<string, OpenCallback>();

  async reserve(booking: Omit<OpenCallback, "state" | "attempts">, now: Date) {
    const held = await this.openFor(booking.phoneNumber, now);
    if (held && held.requestKey !== booking.requestKey) return { reserved: false as const, open: held };
    this.open.set(booking.phoneNumber, { ...booking, state: "PENDING", attempts: 0 });
    return { reserved: true as const };
  }
  async openFor(phoneNumber: string, now: Date) {
    const o = this.open.get(phoneNumber);
    return o && o.at.getTime() >= now.getTime() ? { ...o } : null;
  }
  async markBooked(phoneNumber: string, requestKey: string, contactId: string) {
    const o = this.open.get(phoneNumber);
    if (o?.requestKey === requestKey) Object.assign(o, { state: "BOOKED", contactId });
  }
  async release(phoneNumber: string, requestKey: string) {
    if (this.open.get(phoneNumber)?.requestKey === requestKey) this.open.delete(phoneNumber);
  }
  async pending(limit: number) {
    return [...this.open.values()]
      .filter((o) => o.state === "PENDING")
      .slice(0, limit)
      .map((o) => ({ ...o }));
  }
  async settle(phoneNumber: string, requestKey: string, outcome: "RETRY" | "GAVE_UP") {
    const o = this.open.get(phoneNumber);
    if (o?.requestKey !== requestKey) return;
    o.attempts += 1;
    // Given up: off the pending list and no longer holding the number.
    if (outcome === "GAVE_UP") this.open.delete(phoneNumber);
  }
}

/** Every port in memory: the order store, SMS and Connect tasks recorded, a fixed clock. */
export function inMemoryDependencies(now: Date) {
  const orders = new InMemoryOrderStore();
  const callbackLog = new InMemoryCallbackLog();
  const sms: { phoneNumber: string; message: string }[] = [];
  const tasks: CallbackRequest[] = [];
  const deps: Dependencies = {
    orders,
    callbackLog,
    sms: {
      async send(phoneNumber, message) {
        sms.push({ phoneNumber, message });
      },
    },
    callbacks: {
      async schedule(request) {
        tasks.push(request);
        return { contactId: `task-${tasks.length}` };
      },
    },
    now: () => now,
  };
  return { deps, orders, callbackLog, sms, tasks };
}
