import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { DependencyError } from "../errors.js";

/** Whether DynamoDB refused a write's ConditionExpression (a decision for the caller, not a failure). */
export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/** One action of a TransactWriteItems, as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** One action's answer in a cancelled transaction: `None`, or why it failed (the item as it is, if asked for). */
export interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

/**
 * The reasons of a transaction DynamoDB cancelled only because conditions were not met (one per action, in
 * order), else undefined: any other cause (a conflict, throttling, a validation error) is a failure.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export function conditionCancellation(error: unknown): CancellationReason[] | undefined {
  if ((error as Error)?.name !== "TransactionCanceledException") return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  if (!Array.isArray(reasons)) return undefined;
  const onlyConditions = reasons.every((r) => r.Code === "None" || r.Code === "ConditionalCheckFailed");
  return onlyConditions && reasons.some((r) => r.Code === "ConditionalCheckFailed") ? reasons : undefined;
}

/** Whether a transaction action's condition failed. */
export function conditionFailed(reason: CancellationReason | undefined): boolean {
  return reason?.Code === "ConditionalCheckFailed";
}

/** A cancellation reason's item: the document client leaves exception fields in DynamoDB's wire format. */
export function reasonItem(reason: CancellationReason | undefined): Record<string, unknown> {
  return reason?.Item ? unmarshall(reason.Item) : {};
}

/** One DynamoDB table behind the document client, the common plumbing of Orderline's adapters. */
export abstract class DynamoTable {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    protected readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /**
   * Runs one request: an AWS failure becomes `DependencyError`; a refused condition (or a transaction cancelled
   * by refused conditions) is rethrown as it is.
   */
  protected async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConditionFailure(error) || conditionCancellation(error)) throw error;
      throw new DependencyError("dynamodb", error);
    }
  }
}
