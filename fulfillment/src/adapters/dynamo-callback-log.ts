import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { RECORD_KIND_INDEX } from "../contracts/tables.js";
import type { CallbackLog, CallbackRequest, PendingSms } from "../ports.js";
import { clientToken } from "./connect-callback-scheduler.js";
import { DynamoTable, isConditionFailure } from "./dynamo-table.js";

// SMS waiting for a retry sit under this kind in the `byKind` index until a run claims them.
const SMS_RETRY = "SMS_RETRY";

/** Scheduled callbacks and SMS kept for retry, in Orderline's own table (key `callbackId`). */
export class DynamoCallbackLog extends DynamoTable implements CallbackLog {
  async record(request: CallbackRequest & { contactId: string }): Promise<"CREATED" | "DUPLICATE"> {
    try {
      await this.run(() =>
        this.doc.send(
          new PutCommand({
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
              createdAt: new Date().toISOString(),
            },
            ConditionExpression: "attribute_not_exists(callbackId)",
          }),
        ),
      );
      return "CREATED";
    } catch (error) {
      if (isConditionFailure(error)) return "DUPLICATE";
      throw error;
    }
  }

  async keepFailedSms(entry: { requestKey: string; phoneNumber: string; message: string; error: string }) {
    await this.run(() =>
      this.doc.send(
        new PutCommand({
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
      ),
    );
  }

  async pendingSms(limit: number): Promise<PendingSms[]> {
    const out = await this.run(() =>
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: RECORD_KIND_INDEX,
          KeyConditionExpression: "kind = :k",
          ExpressionAttributeValues: { ":k": SMS_RETRY },
          Limit: limit,
        }),
      ),
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
        this.doc.send(
          new UpdateCommand({
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
        ),
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
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { callbackId: sms.callbackId },
          UpdateExpression: "SET kind = :kind, attempts = :attempts, settledAt = :now",
          ExpressionAttributeValues: {
            ":kind": kind,
            ":attempts": attempts,
            ":now": new Date().toISOString(),
          },
        }),
      ),
    );
  }
}
