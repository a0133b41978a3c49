import { createHash } from "node:crypto";
import { RECORD_KIND_INDEX, RECORD_TTL_ATTRIBUTE } from "../contracts/tables.js";
import type { ChangeConfirmation, RecordedText } from "../ports.js";
import type {
  CallbackBook,
  FailureCount,
  LockRule,
  OpenCallback,
  OutboxEntry,
  OutboxMessage,
  OutboxState,
  SmsOutbox,
  SmsQuota,
  VerificationLedger,
} from "../security/ports.js";
import { clientToken } from "./connect-callback-scheduler.js";
import {
  type CancellationReason,
  conditionFailed,
  DynamoTable,
  isConditionFailure,
  reasonItem,
  type TransactItem,
} from "./dynamo-table.js";

const HOUR_MS = 3_600_000;
const DAY_S = 86_400;
// A failure list never grows past this: a locked order is not checked again, so only a race can add more.
const FAILURE_LIST_CAP = 64;
// Outbox and callback records carry numbers and texts: DynamoDB deletes them this long after their last use.
const RECORD_TTL_DAYS = 14;

/** A phone number as part of a key: hashed, so keys and index entries carry no number. */
export function phoneKey(phoneNumber: string): string {
  return createHash("sha256").update(`orderline:${phoneNumber}`).digest("hex").slice(0, 32);
}

const epochSeconds = (now: Date, days: number) => Math.floor(now.getTime() / 1000) + days * DAY_S;

/**
 * Wrong identity checks per order (`VERIFY#<orderId>`): the times of the recent failures, appended by one
 * conditional UpdateItem. Locked = `maxFailures` of them inside the window (a sliding window, so no burst at a
 * window boundary doubles the guesses). This ledger only counts; the lock it decides is written on the order
 * item (`OrderStore.lock`), where the reads and writes the dialog makes anyway see it.
 */
export class DynamoVerificationLedger extends DynamoTable implements VerificationLedger {
  async recordFailure(orderId: string, rule: LockRule, now: Date) {
    try {
      const out = await this.run(() =>
        this.doc.update({
          TableName: this.tableName,
          Key: { callbackId: key(orderId) },
          UpdateExpression: `SET fails = list_append(if_not_exists(fails, :empty), :now), ${RECORD_TTL_ATTRIBUTE} = :ttl`,
          ConditionExpression: "attribute_not_exists(fails) OR size(fails) < :cap",
          ExpressionAttributeValues: {
            ":empty": [],
            ":now": [now.getTime()],
            ":cap": FAILURE_LIST_CAP,
            ":ttl": epochSeconds(now, Math.ceil(rule.windowHours / 24) + 1),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      const fails = out.Attributes?.fails;
      await this.trim(orderId, fails, rule.maxFailures);
      return lockOf(fails, rule, now);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Full list: only a flood of parallel guesses gets here; it stays locked for a whole window.
      return {
        failures: FAILURE_LIST_CAP,
        locked: true,
        lockedUntil: new Date(now.getTime() + rule.windowHours * HOUR_MS),
      };
    }
  }

  /** Keeps the newest `maxFailures` entries (only they can decide a lock); housekeeping, failures ignored. */
  private async trim(orderId: string, fails: unknown, maxFailures: number): Promise<void> {
    if (!Array.isArray(fails) || fails.length <= maxFailures * 2) return;
    const removals = Array.from({ length: fails.length - maxFailures }, (_, i) => `fails[${i}]`);
    await this.doc
      .update({
        TableName: this.tableName,
        Key: { callbackId: key(orderId) },
        UpdateExpression: `REMOVE ${removals.join(", ")}`,
      })
      .catch(() => undefined);
  }
}

function key(orderId: string): string {
  return `VERIFY#${orderId}`;
}

/**
 * The failures inside the window and, once they reach the limit, when the lock lapses: when the
 * `maxFailures`-th newest failure leaves the window (a locked order records no more failures, so that moment
 * stands until then).
 */
export function lockOf(fails: unknown, rule: LockRule, now: Date): FailureCount {
  const since = now.getTime() - rule.windowHours * HOUR_MS;
  const recent = (Array.isArray(fails) ? fails.map(Number) : [])
    .filter((t) => t > since)
    .sort((a, b) => b - a);
  const decisive = recent[rule.maxFailures - 1];
  if (decisive === undefined) return { failures: recent.length, locked: false };
  return {
    failures: recent.length,
    locked: true,
    lockedUntil: new Date(decisive + rule.windowHours * HOUR_MS),
  };
}

/**
 * Texts per number per shop-local day (`SMSDAY#<hash>#<day>`): one conditional UpdateItem that adds 1 to `sent`
 * and the request's hash to `requests`, unless the allowance is used up or this request took its text already.
 * Only a refusal reads the item back (consistently), to tell "used up" from "this request's retry".
 */
export class DynamoSmsQuota extends DynamoTable implements SmsQuota {
  async take(
    phoneNumber: string,
    day: string,
    perDay: number,
    now: Date,
    requestKey: string,
  ): Promise<boolean> {
    const { Update: update } = this.takeAction(phoneNumber, day, perDay, now, requestKey);
    try {
      await this.run(() => this.doc.update({ ...update, ReturnValuesOnConditionCheckFailure: undefined }));
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const out = await this.run(() =>
        this.doc.get({ TableName: this.tableName, Key: update.Key, ConsistentRead: true }),
      );
      return this.takenBy(out.Item, requestKey);
    }
  }

  /**
   * The same take as one action of a transaction (the order change it confirms is another); when refused, the
   * transaction's reason carries the item, for `takenBy`.
   */
  takeAction(phoneNumber: string, day: string, perDay: number, now: Date, requestKey: string) {
    const request = requestHash(requestKey);
    return {
      Update: {
        TableName: this.tableName,
        Key: { callbackId: `SMSDAY#${phoneKey(phoneNumber)}#${day}` },
        // ADD to a string set: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD
        UpdateExpression: `ADD sent :one, requests :request SET ${RECORD_TTL_ATTRIBUTE} = :ttl`,
        ConditionExpression: "(attribute_not_exists(sent) OR sent < :max) AND NOT contains(requests, :hash)",
        ExpressionAttributeValues: {
          ":one": 1,
          ":request": new Set([request]),
          ":hash": request,
          ":max": perDay,
          ":ttl": epochSeconds(now, 2),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
      },
    } satisfies TransactItem;
  }

  /** Whether a refused take's item shows this request's text counted already (a retry), not a used-up day. */
  takenBy(item: Record<string, unknown> | undefined, requestKey: string): boolean {
    const requests = item?.requests;
    return requests instanceof Set && requests.has(requestHash(requestKey));
  }
}

/** A request key as the quota keeps it: short, and naming no conversation. */
function requestHash(requestKey: string): string {
  return createHash("sha256").update(`orderline:${requestKey}`).digest("base64url").slice(0, 16);
}

/** The SMS outbox (`SMS#<token>`, kind = state, in the `byKind` index while pending). */
export class DynamoSmsOutbox extends DynamoTable implements SmsOutbox {
  async hold(entry: OutboxMessage, leaseMs: number, now: Date) {
    const { Put: put } = this.holdAction(entry, leaseMs, now);
    try {
      await this.run(() => this.doc.put({ ...put, ReturnValuesOnConditionCheckFailure: undefined }));
      return { created: true, entry: toEntry(put.Item) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const out = await this.run(() =>
        this.doc.get({
          TableName: this.tableName,
          Key: { callbackId: put.Item.callbackId },
          ConsistentRead: true,
        }),
      );
      return { created: false, entry: toEntry(out.Item ?? put.Item) };
    }
  }

  /**
   * The same record as one action of a transaction (the order change it confirms is another): created only when
   * this request has none; when refused, the transaction's reason carries the existing entry (`stateOf`). With
   * `dropReason` the text is recorded as never to be sent (the number's allowance is used up).
   */
  holdAction(entry: OutboxMessage, leaseMs: number, now: Date, dropReason?: string) {
    const item = {
      callbackId: outboxId(entry.requestKey),
      kind: (dropReason ? "SMS_DROPPED" : "SMS_PENDING") satisfies OutboxState,
      requestKey: entry.requestKey,
      phoneNumber: entry.phoneNumber,
      message: entry.message,
      orderId: entry.orderId,
      template: entry.template,
      attempts: 0,
      leaseUntil: now.getTime() + leaseMs,
      createdAt: now.toISOString(),
      ...(dropReason ? { settledAt: now.toISOString(), reason: dropReason } : {}),
      [RECORD_TTL_ATTRIBUTE]: epochSeconds(now, RECORD_TTL_DAYS),
    };
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: "attribute_not_exists(callbackId)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
      },
    } satisfies TransactItem;
  }

  /** The state of an outbox item (as a refused `holdAction` returned it). */
  stateOf(item: Record<string, unknown>): OutboxState {
    return toEntry(item).state;
  }

  async fill(id: string, phoneNumber: string, message: string): Promise<void> {
    await this.update(id, "SET phoneNumber = :p, message = :m", { ":p": phoneNumber, ":m": message });
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.settle(id, "SMS_SENT", now);
  }

  async drop(id: string, reason: string, now: Date): Promise<void> {
    await this.settle(id, "SMS_DROPPED", now, reason);
  }

  async giveUp(id: string, reason: string, now: Date): Promise<void> {
    await this.settle(id, "SMS_GAVE_UP", now, reason);
  }

  async release(id: string): Promise<void> {
    await this.update(id, "SET leaseUntil = :zero", { ":zero": 0 });
  }

  async due(limit: number, now: Date): Promise<OutboxEntry[]> {
    const out = await this.run(() =>
      this.doc.query({
        TableName: this.tableName,
        IndexName: RECORD_KIND_INDEX,
        KeyConditionExpression: "kind = :k",
        FilterExpression: "leaseUntil < :now",
        ExpressionAttributeValues: { ":k": "SMS_PENDING", ":now": now.getTime() },
      }),
    );
    return (out.Items ?? []).slice(0, limit).map(toEntry);
  }

  async claim(entry: OutboxEntry, leaseMs: number, now: Date): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.update({
          TableName: this.tableName,
          Key: { callbackId: entry.id },
          UpdateExpression: "SET leaseUntil = :lease, attempts = :next",
          ConditionExpression: "kind = :pending AND leaseUntil < :now AND attempts = :seen",
          ExpressionAttributeValues: {
            ":lease": now.getTime() + leaseMs,
            ":next": entry.attempts + 1,
            ":pending": "SMS_PENDING",
            ":now": now.getTime(),
            ":seen": entry.attempts,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async settle(id: string, state: OutboxState, now: Date, reason?: string): Promise<void> {
    await this.update(
      id,
      reason ? "SET kind = :state, settledAt = :at, reason = :reason" : "SET kind = :state, settledAt = :at",
      { ":state": state, ":at": now.toISOString(), ...(reason ? { ":reason": reason } : {}) },
    );
  }

  private async update(id: string, expression: string, values: Record<string, unknown>): Promise<void> {
    await this.run(() =>
      this.doc.update({
        TableName: this.tableName,
        Key: { callbackId: id },
        UpdateExpression: expression,
        ConditionExpression: "attribute_exists(callbackId)",
        ExpressionAttributeValues: values,
      }),
    );
  }
}

/** The outbox entry id of a request. */
export function outboxId(requestKey: string): string {
  return `SMS#${clientToken(requestKey)}`;
}

function toEntry(i: Record<string, unknown>): OutboxEntry {
  const template = i.template as OutboxEntry["template"];
  return {
    id: String(i.callbackId),
    state: String(i.kind) as OutboxState,
    requestKey: String(i.requestKey ?? ""),
    phoneNumber: typeof i.phoneNumber === "string" ? i.phoneNumber : undefined,
    message: typeof i.message === "string" ? i.message : undefined,
    orderId: typeof i.orderId === "string" ? i.orderId : undefined,
    template: template && typeof template === "object" ? template : undefined,
    attempts: Number(i.attempts ?? 0),
    leaseUntil: Number(i.leaseUntil ?? 0),
  };
}

/** One open callback per number (`OPENCB#<hash>`): recorded before the Connect task is started. */
export class DynamoCallbackBook extends DynamoTable implements CallbackBook {
  async reserve(
    booking: Omit<OpenCallback, "state" | "attempts">,
    now: Date,
  ): Promise<{ reserved: true } | { reserved: false; open: OpenCallback }> {
    const item = {
      callbackId: openKey(booking.phoneNumber),
      kind: "CALLBACK_PENDING",
      requestKey: booking.requestKey,
      phoneNumber: booking.phoneNumber,
      scheduledAt: booking.at.toISOString(),
      localeId: booking.localeId,
      timeZone: booking.timeZone,
      orderId: booking.orderId,
      reason: booking.reason,
      attempts: 0,
      createdAt: now.toISOString(),
      [RECORD_TTL_ATTRIBUTE]: epochSeconds(booking.at, RECORD_TTL_DAYS),
    };
    try {
      await this.run(() =>
        this.doc.put({
          TableName: this.tableName,
          Item: item,
          // Free: no record, its time has passed, it was given up, or this very request holds it (a retry).
          ConditionExpression:
            "attribute_not_exists(callbackId) OR scheduledAt < :now OR kind = :gaveUp OR requestKey = :rk",
          ExpressionAttributeValues: {
            ":now": now.toISOString(),
            ":gaveUp": "CALLBACK_GAVE_UP",
            ":rk": booking.requestKey,
          },
        }),
      );
      return { reserved: true as const };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const open = await this.openFor(booking.phoneNumber, now);
      // Freed in between (its time passed this very moment): the next request books.
      if (!open) return this.reserve(booking, now);
      return { reserved: false as const, open };
    }
  }

  async openFor(phoneNumber: string, now: Date): Promise<OpenCallback | null> {
    const out = await this.run(() =>
      this.doc.get({
        TableName: this.tableName,
        Key: { callbackId: openKey(phoneNumber) },
        ConsistentRead: true,
      }),
    );
    const i = out.Item;
    if (!i || i.kind === "CALLBACK_GAVE_UP" || String(i.scheduledAt) < now.toISOString()) return null;
    return toOpenCallback(i);
  }

  async markBooked(phoneNumber: string, requestKey: string, contactId: string): Promise<void> {
    const { Update: update } = this.markAction(phoneNumber, requestKey, contactId);
    await this.run(() =>
      this.doc.update({ ...update, ReturnValuesOnConditionCheckFailure: undefined }),
    ).catch((error) => {
      // Someone moved the callback in between: their record stands.
      if (!isConditionFailure(error)) throw error;
    });
  }

  /**
   * The same mark as one action of a transaction (the callback's record and text are others); refused when the
   * reservation is no longer this request's.
   */
  markAction(phoneNumber: string, requestKey: string, contactId: string) {
    return {
      Update: {
        TableName: this.tableName,
        Key: { callbackId: openKey(phoneNumber) },
        UpdateExpression: "SET kind = :booked, contactId = :c",
        ConditionExpression: "requestKey = :rk",
        ExpressionAttributeValues: { ":booked": "CALLBACK_BOOKED", ":c": contactId, ":rk": requestKey },
        ReturnValuesOnConditionCheckFailure: "NONE" as const,
      },
    } satisfies TransactItem;
  }

  async release(phoneNumber: string, requestKey: string): Promise<void> {
    await this.run(() =>
      this.doc.delete({
        TableName: this.tableName,
        Key: { callbackId: openKey(phoneNumber) },
        ConditionExpression: "requestKey = :rk",
        ExpressionAttributeValues: { ":rk": requestKey },
      }),
    ).catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
  }

  async pending(limit: number): Promise<OpenCallback[]> {
    const out = await this.run(() =>
      this.doc.query({
        TableName: this.tableName,
        IndexName: RECORD_KIND_INDEX,
        KeyConditionExpression: "kind = :k",
        ExpressionAttributeValues: { ":k": "CALLBACK_PENDING" },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toOpenCallback);
  }

  async settle(phoneNumber: string, requestKey: string, outcome: "RETRY" | "GAVE_UP"): Promise<void> {
    await this.run(() =>
      this.doc.update({
        TableName: this.tableName,
        Key: { callbackId: openKey(phoneNumber) },
        UpdateExpression:
          outcome === "GAVE_UP" ? "SET kind = :gaveUp ADD attempts :one" : "ADD attempts :one",
        ConditionExpression: "requestKey = :rk",
        ExpressionAttributeValues: {
          ":rk": requestKey,
          ":one": 1,
          ...(outcome === "GAVE_UP" ? { ":gaveUp": "CALLBACK_GAVE_UP" } : {}),
        },
      }),
    ).catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
  }
}

function openKey(phoneNumber: string): string {
  return `OPENCB#${phoneKey(phoneNumber)}`;
}

function toOpenCallback(i: Record<string, unknown>): OpenCallback {
  return {
    requestKey: String(i.requestKey),
    phoneNumber: String(i.phoneNumber),
    at: new Date(String(i.scheduledAt)),
    state: i.kind === "CALLBACK_BOOKED" ? "BOOKED" : "PENDING",
    contactId: typeof i.contactId === "string" ? i.contactId : undefined,
    localeId: String(i.localeId ?? ""),
    timeZone: String(i.timeZone ?? "UTC"),
    orderId: typeof i.orderId === "string" ? i.orderId : undefined,
    reason: String(i.reason ?? ""),
    attempts: Number(i.attempts ?? 0),
  };
}

/**
 * A confirmation text as actions of the transaction it is written with (an order change, a booked callback): its
 * outbox entry unless `record` is `none`, and one text of the number's daily allowance when it is `send`.
 */
export function confirmationTextActions(
  outbox: DynamoSmsOutbox,
  smsQuota: DynamoSmsQuota,
  text: OutboxMessage & { phoneNumber: string },
  confirmation: ChangeConfirmation,
  now: Date,
) {
  const { record } = confirmation;
  const hold =
    record.kind === "none"
      ? undefined
      : outbox.holdAction(
          text,
          confirmation.leaseMs,
          now,
          record.kind === "drop" ? record.reason : undefined,
        );
  const take =
    record.kind === "send"
      ? smsQuota.takeAction(text.phoneNumber, record.day, record.perDay, now, text.requestKey)
      : undefined;
  return { hold, take };
}

/**
 * Why a cancelled transaction refused its confirmation text, from its two actions' reasons: this request's entry
 * exists already (`text`), or the allowance refused (`TAKEN` by this request before, else `USED_UP`).
 */
export function confirmationTextRefusal(
  outbox: DynamoSmsOutbox,
  smsQuota: DynamoSmsQuota,
  requestKey: string,
  holdReason: CancellationReason | undefined,
  takeReason: CancellationReason | undefined,
): { text: RecordedText; allowance?: "TAKEN" | "USED_UP" } {
  const text = conditionFailed(holdReason) ? outbox.stateOf(reasonItem(holdReason)) : "NONE";
  if (!conditionFailed(takeReason)) return { text };
  return { text, allowance: smsQuota.takenBy(reasonItem(takeReason), requestKey) ? "TAKEN" : "USED_UP" };
}
