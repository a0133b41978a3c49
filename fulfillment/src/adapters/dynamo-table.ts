import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DependencyError } from "../errors.js";

/** Whether DynamoDB refused a write's ConditionExpression (a decision for the caller, not a failure). */
export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
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

  /** Runs one request: an AWS failure becomes `DependencyError`; a refused condition is rethrown as it is. */
  protected async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConditionFailure(error)) throw error;
      throw new DependencyError("dynamodb", error);
    }
  }
}
