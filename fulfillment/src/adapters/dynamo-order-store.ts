import { CUSTOMER_PHONE_INDEX, ORDER_LOCKED_UNTIL_ATTRIBUTE as LOCKED } from "../contracts/tables.js";
import { isLocked, type Order } from "../domain/order.js";
import { lastFour } from "../domain/phone.js";
import { DependencyError } from "../errors.js";
import type {
  ApplyResult,
  ChangeConfirmation,
  ConfirmationRecords,
  ConfirmedApplyResult,
  OrderChange,
  OrderStore,
} from "../ports.js";
import {
  confirmationTextActions,
  confirmationTextRefusal,
  DynamoSmsOutbox,
  DynamoSmsQuota,
} from "./dynamo-security-records.js";
import {
  type CancellationReason,
  conditionCancellation,
  conditionFailed,
  DynamoTable,
  isConditionFailure,
  reasonItem,
  type TransactItem,
  type UpdateOutput,
} from "./dynamo-table.js";

// Orderline keeps at most this many history entries on an order item.
const HISTORY_LIMIT = 20;

/**
 * Orders in DynamoDB: reads by key or by the caller index; every change is one conditional UpdateItem, or one
 * TransactWriteItems when its confirmation text is recorded with it (`applyWithConfirmation`). The
 * verification lock lives on the order item itself (`lockedUntil`), so the reads the dialog does anyway answer
 * "is it locked?" and every write re-checks it atomically in its condition.
 */
export class DynamoOrderStore extends DynamoTable implements OrderStore {
  async get(orderId: string, consistent = false): Promise<Order | null> {
    const out = await this.run(() =>
      this.doc.get({
        TableName: this.tableName,
        Key: { orderId },
        ConsistentRead: consistent || undefined,
      }),
    );
    return out.Item ? toOrder(out.Item) : null;
  }

  async hasOrders(customerPhone: string): Promise<boolean> {
    const out = await this.run(() =>
      this.doc.query({
        TableName: this.tableName,
        IndexName: CUSTOMER_PHONE_INDEX,
        KeyConditionExpression: "customerPhone = :p",
        ExpressionAttributeValues: { ":p": customerPhone },
        Select: "COUNT",
        Limit: 1,
      }),
    );
    return (out.Count ?? 0) > 0;
  }

  async findByPhone(customerPhone: string): Promise<Order[]> {
    const out = await this.run(() =>
      this.doc.query({
        TableName: this.tableName,
        IndexName: CUSTOMER_PHONE_INDEX,
        KeyConditionExpression: "customerPhone = :p",
        ExpressionAttributeValues: { ":p": customerPhone },
        Limit: 50,
      }),
    );
    return (out.Items ?? []).map(toOrder).filter((o): o is Order => o !== null);
  }

  async apply(change: OrderChange): Promise<ApplyResult> {
    const write = await this.conditionalWrite(change);
    if ("outcome" in write) return write;
    let out: UpdateOutput;
    try {
      out = await this.run(() => this.doc.update({ ...write.update, ReturnValues: "ALL_NEW" }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Lost the race, a retry of a request already applied, or a lock: one extra read, only on this path
      // (strongly consistent, so a lock written a moment ago is seen and answered as a lock, not a change).
      return refusal(change, await this.get(change.orderId, true));
    }
    const order = toOrder(out.Attributes ?? {});
    if (!order) throw new DependencyError("dynamodb", new Error("UpdateItem returned no attributes"));
    await this.trimHistory(change.orderId, out.Attributes?.history);
    return { outcome: "APPLIED", order };
  }

  /**
   * The change, its text's outbox entry and one text of the number's daily allowance in one TransactWriteItems
   * (all or nothing: a change never stands without its text recorded). Refusals are told apart from the
   * cancellation reasons, whose items (ReturnValuesOnConditionCheckFailure ALL_OLD) replace a read: the order's
   * shows a retry, a lock or someone else's change; the entry's and the allowance's say why the text was refused.
   * IAM: the actions need UpdateItem on the orders table and PutItem/UpdateItem on the records table
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
   */
  async applyWithConfirmation(
    change: OrderChange,
    confirmation: ChangeConfirmation,
    records: ConfirmationRecords,
  ): Promise<ConfirmedApplyResult> {
    const { outbox, smsQuota } = records;
    if (!(outbox instanceof DynamoSmsOutbox) || !(smsQuota instanceof DynamoSmsQuota)) {
      throw new TypeError("applyWithConfirmation needs the DynamoDB outbox and text allowance");
    }
    const write = await this.conditionalWrite(change);
    if ("outcome" in write) return write;
    const { hold, take } = confirmationTextActions(
      outbox,
      smsQuota,
      {
        requestKey: change.requestKey,
        phoneNumber: write.phoneNumber,
        message: confirmation.message,
        orderId: change.orderId,
      },
      confirmation,
      new Date(change.at),
    );
    const actions: TransactItem[] = [
      { Update: { ...write.update, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
      ...(hold ? [hold] : []),
      ...(take ? [take] : []),
    ];
    try {
      await this.run(() => this.doc.transactWrite({ TransactItems: actions }));
    } catch (error) {
      const reasons = conditionCancellation(error);
      if (!reasons) throw error;
      const [orderReason, holdReason, takeReason] = [
        reasons[0],
        hold ? reasons[1] : undefined,
        take ? reasons.at(-1) : undefined,
      ];
      const text = confirmationTextRefusal(outbox, smsQuota, change.requestKey, holdReason, takeReason);
      if (conditionFailed(orderReason)) {
        const result = refusal(change, orderOf(orderReason));
        return result.outcome === "DUPLICATE" ? { ...result, text: text.text } : result;
      }
      return { outcome: "TEXT_REFUSED", ...text };
    }
    const version = change.expected.version + 1;
    await this.trimHistoryOf(change.orderId, version);
    return {
      outcome: "APPLIED",
      version,
      phoneNumber: write.phoneNumber,
      ...(hold ? { textId: hold.Put.Item.callbackId } : {}),
    };
  }

  /**
   * The conditional UpdateItem of a change: status, date, version, caller and lock in one condition. For a
   * last-four proof the order is read first (DynamoDB has no ends_with): a lock or a mismatch answers at once.
   */
  private async conditionalWrite(
    change: OrderChange,
  ): Promise<
    { update: OrderUpdate; phoneNumber: string } | Extract<ApplyResult, { outcome: "LOCKED" | "CHANGED" }>
  > {
    const names: Record<string, string> = {
      "#status": "status",
      "#version": "version",
      "#history": "history",
    };
    const values: Record<string, unknown> = {
      ":expectedStatus": change.expected.status,
      ":one": 1,
      ":zero": 0,
      ":empty": [],
      ":entry": [{ at: change.at, event: change.event, request: change.requestKey }],
      ":request": change.requestKey,
      ":at": change.at,
    };
    const sets = [
      "#version = if_not_exists(#version, :zero) + :one",
      "updatedAt = :at",
      "lastRequest = :request",
      "#history = list_append(if_not_exists(#history, :empty), :entry)",
    ];
    if (change.set.status) {
      sets.push("#status = :newStatus");
      values[":newStatus"] = change.set.status;
    }
    if (change.set.shippingDate) {
      sets.push("shippingDate = :newDate");
      values[":newDate"] = change.set.shippingDate;
    }
    // Items a shop loaded have no version: then the current date must still match too.
    const conditions = ["#status = :expectedStatus", "shippingDate = :expectedDate"];
    values[":expectedDate"] = change.expected.shippingDate;
    // A lock recorded after the order was read still stops the write: the check and the write are one request.
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
    conditions.push(`(attribute_not_exists(${LOCKED}) OR ${LOCKED} < :now)`);
    values[":now"] = Date.parse(change.at);
    if (change.expected.version === 0) conditions.push("attribute_not_exists(#version)");
    else {
      conditions.push("#version = :expectedVersion");
      values[":expectedVersion"] = change.expected.version;
    }
    let phoneNumber: string;
    if (change.identity.kind === "caller") {
      conditions.push("customerPhone = :caller");
      values[":caller"] = change.identity.customerPhone;
      phoneNumber = change.identity.customerPhone;
    } else {
      // DynamoDB has no ends_with (and contains() matches any four-digit run, e.g. "2025" in +12025550123):
      // compare the exact last four with the number read now, then require that very number in the write.
      const current = await this.get(change.orderId, true);
      if (current && isLocked(current, new Date(change.at))) return { outcome: "LOCKED" };
      if (!current?.customerPhone || lastFour(current.customerPhone) !== change.identity.last4) {
        return { outcome: "CHANGED", order: null };
      }
      conditions.push("customerPhone = :onFile");
      values[":onFile"] = current.customerPhone;
      phoneNumber = current.customerPhone;
    }
    return {
      phoneNumber,
      update: {
        TableName: this.tableName,
        Key: { orderId: change.orderId },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: conditions.join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  async lock(orderId: string, until: Date): Promise<void> {
    await this.run(() =>
      this.doc.update({
        TableName: this.tableName,
        Key: { orderId },
        UpdateExpression: `SET ${LOCKED} = :until`,
        // UpdateItem creates a missing item: attribute_exists keeps an unknown (guessed) id from getting one.
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
        ConditionExpression: `attribute_exists(orderId) AND (attribute_not_exists(${LOCKED}) OR ${LOCKED} < :until)`,
        ExpressionAttributeValues: { ":until": until.getTime() },
      }),
    ).catch((error: unknown) => {
      // No such order, or a longer lock stands already: nothing to do.
      if (!isConditionFailure(error)) throw error;
    });
  }

  /**
   * After a transactional change (which returns no item): each change appends one history entry and one
   * version, so only an order changed more than HISTORY_LIMIT times needs its history read and trimmed.
   */
  private async trimHistoryOf(orderId: string, version: number): Promise<void> {
    if (version <= HISTORY_LIMIT) return;
    try {
      const out = await this.doc.get({
        TableName: this.tableName,
        Key: { orderId },
        ProjectionExpression: "#history",
        ExpressionAttributeNames: { "#history": "history" },
        ConsistentRead: true,
      });
      await this.trimHistory(orderId, out.Item?.history);
    } catch {
      // Trimming is housekeeping; the change itself already stands.
    }
  }

  /** Keeps the history bounded; rare (only past the limit), so it costs nothing on the usual path. */
  private async trimHistory(orderId: string, history: unknown): Promise<void> {
    if (!Array.isArray(history) || history.length <= HISTORY_LIMIT) return;
    const removals = Array.from({ length: history.length - HISTORY_LIMIT }, (_, i) => `#history[${i}]`);
    try {
      await this.doc.update({
        TableName: this.tableName,
        Key: { orderId },
        UpdateExpression: `REMOVE ${removals.join(", ")}`,
        ExpressionAttributeNames: { "#history": "history" },
      });
    } catch {
      // Trimming is housekeeping; the change itself already stands.
    }
  }
}

type OrderUpdate = NonNullable<TransactItem["Update"]>;

/** How a refused change is answered, from the order as it is now (no item: someone removed it). */
function refusal(
  change: OrderChange,
  current: Order | null,
): Extract<ApplyResult, { outcome: "DUPLICATE" | "CHANGED" | "LOCKED" }> {
  if (current?.lastRequest === change.requestKey) return { outcome: "DUPLICATE", order: current };
  if (current && isLocked(current, new Date(change.at))) return { outcome: "LOCKED" };
  return { outcome: "CHANGED", order: current };
}

/** The order a refused action's reason carries (ALL_OLD), null when there is no item. */
function orderOf(reason: CancellationReason | undefined): Order | null {
  return reason?.Item ? toOrder(reasonItem(reason)) : null;
}

/** Reads an item defensively: shops write items by hand, so anything may be missing or mistyped. */
export function toOrder(item: Record<string, unknown>): Order | null {
  const s = (k: string) => (typeof item[k] === "string" ? (item[k] as string) : "");
  const status = s("status").toUpperCase();
  if (!s("orderId") || !["PLACED", "SHIPPED", "DELIVERED", "CANCELLED"].includes(status)) return null;
  const version = typeof item.version === "number" ? item.version : Number(item.version ?? 0) || 0;
  const locked = item[LOCKED];
  const lockedUntil = typeof locked === "number" ? { lockedUntil: locked } : {};
  return {
    orderId: s("orderId"),
    customerPhone: s("customerPhone"),
    customerName: s("customerName"),
    itemName: s("itemName"),
    shippingDate: s("shippingDate"),
    status: status as Order["status"],
    locale: s("locale"),
    version,
    lastRequest: s("lastRequest") || undefined,
    ...lockedUntil,
  };
}
