import { RECORD_KIND_INDEX } from "../contracts/tables.js";
import type {
  BookedCallback,
  BookedCallbackResult,
  BookingRecords,
  CallbackLog,
  CallbackRequest,
  PendingSms,
} from "../ports.js";
import { clientToken } from "./connect-callback-scheduler.js";
import {
  confirmationTextActions,
  confirmationTextRefusal,
  DynamoCallbackBook,
  DynamoSmsOutbox,
  DynamoSmsQuota,
} from "./dynamo-security-records.js";
import {
  type CancellationReason,
  conditionCancellation,
  conditionFailed,
  DynamoTable,
  isConditionFailure,
  type TransactItem,
} from "./dynamo-table.js";

// SMS waiting for a retry sit under this kind in the `byKind` index until a run claims them.
const SMS_RETRY = "SMS_RETRY";

/** Scheduled callbacks and SMS kept for retry, in Orderline's own table (key `callbackId`). */
export class DynamoCallbackLog extends DynamoTable implements CallbackLog {
  async record(request: CallbackRequest & { contactId: string }): Promise<"CREATED" | "DUPLICATE"> {
    const { Put: put } = this.recordAction(request);
    try {
      await this.run(() => this.doc.put(put));
      return "CREATED";
    } catch (error) {
      if (isConditionFailure(error)) return "DUPLICATE";
      throw error;
    }
  }

  /**
   * The book's mark, the callback's record, its text's outbox entry and one text of the number's daily allowance
   * in one TransactWriteItems, each action only when asked for. Refusals are told apart from the cancellation
   * reasons, in action order; the outbox entry's (ALL_OLD) gives the state of this request's text without a read.
   * IAM: PutItem/UpdateItem on the records table
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
   */
  async recordBooked(booked: BookedCallback, records: BookingRecords): Promise<BookedCallbackResult> {
    const { callbackBook, outbox, smsQuota } = records;
    if (
      !(callbackBook instanceof DynamoCallbackBook) ||
      !(outbox instanceof DynamoSmsOutbox) ||
      !(smsQuota instanceof DynamoSmsQuota)
    ) {
      throw new TypeError("recordBooked needs the DynamoDB callback book, outbox and text allowance");
    }
    const { request, text, now } = booked;
    const mark = booked.mark
      ? callbackBook.markAction(request.phoneNumber, request.requestKey, request.contactId)
      : undefined;
    const log = booked.record ? this.recordAction(request, now) : undefined;
    const { hold, take } = confirmationTextActions(
      outbox,
      smsQuota,
      { requestKey: request.requestKey, phoneNumber: request.phoneNumber, message: text.message },
      text,
      now,
    );
    const actions: (TransactItem | undefined)[] = [mark, log, hold, take];
    const present = actions.filter((a): a is TransactItem => a !== undefined);
    if (present.length === 0) return { outcome: "WRITTEN" };
    try {
      await this.run(() => this.doc.transactWrite({ TransactItems: present }));
    } catch (error) {
      const cancelled = conditionCancellation(error);
      if (!cancelled) throw error;
      // One reason per action sent, in order: spread back over the four possible actions.
      const reasons: (CancellationReason | undefined)[] = [];
      let next = 0;
      for (const action of actions) reasons.push(action ? cancelled[next++] : undefined);
      const [markReason, logReason, holdReason, takeReason] = reasons;
      return {
        outcome: "REFUSED",
        moved: conditionFailed(markReason),
        recorded: conditionFailed(logReason),
        ...confirmationTextRefusal(outbox, smsQuota, request.requestKey, holdReason, takeReason),
      };
    }
    return { outcome: "WRITTEN", ...(hold ? { textId: hold.Put.Item.callbackId } : {}) };
  }

  /** The callback's record (`CALLBACK#<token>`), created once per request. */
  private recordAction(request: CallbackRequest & { contactId: string }, now = new Date()) {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          callbackId: `CALLBACK#${clientToken(request.requestKey)}`,
          kind: "CALLBACK",
          contactId: request.contactId,
          phoneNumber: request.phoneNumber,
          scheduledAt: request.at.toISOString(),
          locale: request.localeId,
          timeZone: request.timeZone,
          orderId: request.orderId,
          reason: request.reason,
          createdAt: now.toISOString(),
        },
        ConditionExpression: "attribute_not_exists(callbackId)",
      },
    } satisfies TransactItem;
  }

  async keepFailedSms(entry: { requestKey: string; phoneNumber: string; message: string; error: string }) {
    await this.run(() =>
      this.doc.put({
        TableName: this.tableName,
        Item: {
          callbackId: `SMS#${clientToken(entry.requestKey)}`,
          kind: SMS_RETRY,
          attempts: 0,
          phoneNumber: entry.phoneNumber,
          message: entry.message,
          error: entry.error,
          createdAt: new Date().toISOString(),
        },
      }),
    );
  }

  async pendingSms(limit: number): Promise<PendingSms[]> {
    const out = await this.run(() =>
      this.doc.query({
        TableName: this.tableName,
        IndexName: RECORD_KIND_INDEX,
        KeyConditionExpression: "kind = :k",
        ExpressionAttributeValues: { ":k": SMS_RETRY },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      callbackId: String(i.callbackId),
      phoneNumber: String(i.phoneNumber),
      message: String(i.message),
      attempts: Number(i.attempts ?? 0),
    }));
  }

  async claimSms(sms: PendingSms): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.update({
          TableName: this.tableName,
          Key: { callbackId: sms.callbackId },
          UpdateExpression: "SET kind = :sending, claimedAt = :now",
          ConditionExpression: "kind = :retry",
          ExpressionAttributeValues: {
            ":sending": "SMS_SENDING",
            ":retry": SMS_RETRY,
            ":now": new Date().toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async settleSms(sms: PendingSms, sent: boolean, maxAttempts: number): Promise<void> {
    const attempts = sms.attempts + 1;
    const kind = sent ? "SMS_SENT" : attempts >= maxAttempts ? "SMS_GAVE_UP" : SMS_RETRY;
    await this.run(() =>
      this.doc.update({
        TableName: this.tableName,
        Key: { callbackId: sms.callbackId },
        UpdateExpression: "SET kind = :kind, attempts = :attempts, settledAt = :now",
        ExpressionAttributeValues: {
          ":kind": kind,
          ":attempts": attempts,
          ":now": new Date().toISOString(),
        },
      }),
    );
  }
}
