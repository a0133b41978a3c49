import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { DependencyError } from "../errors.js";
import type { CallbackLog, CallbackRequest } from "../ports.js";
import { clientToken } from "./connect-callback-scheduler.js";

/** Scheduled callbacks and SMS kept for retry, in Orderline's own table (key `callbackId`). */
export class DynamoCallbackLog implements CallbackLog {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async record(request: CallbackRequest & { contactId: string }): Promise<"CREATED" | "DUPLICATE"> {
    try {
      await this.doc.send(
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
      );
      return "CREATED";
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error)?.name === "ConditionalCheckFailedException"
      ) {
        return "DUPLICATE";
      }
      throw new DependencyError("dynamodb", error);
    }
  }

  async keepFailedSms(entry: { requestKey: string; phoneNumber: string; message: string; error: string }) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            callbackId: `SMS#${clientToken(entry.requestKey)}`,
            kind: "SMS_RETRY",
            phoneNumber: entry.phoneNumber,
            message: entry.message,
            error: entry.error,
            createdAt: new Date().toISOString(),
          },
        }),
      );
    } catch (error) {
      throw new DependencyError("dynamodb", error);
    }
  }
}
