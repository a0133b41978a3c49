import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The public table contract: shops load their orders into the orders table with exactly these keys, and the
 * CDK app, the emulator, the adapters and the tests all build their tables from the schemas below.
 */

/**
 * Attributes Orderline itself writes on an order item, besides the shop's six: `version` (optimistic lock),
 * `lastRequest`, `updatedAt` and `history` on every change, and `lockedUntil` (Number, epoch milliseconds) on
 * an order whose identity checks failed the shop's limit (`verificationLock`) — only that order, only then, and
 * never on an id that has no item. While `lockedUntil` is in the future no channel reads the order out or
 * changes it (the caller goes to an agent); a past value is ignored. Shops leave these attributes alone (a full
 * PutItem that drops `lockedUntil` lifts the lock; the failure count in `VERIFY#<orderId>` stays).
 */
export const ORDER_LOCKED_UNTIL_ATTRIBUTE = "lockedUntil";

/** Default orders table name (the Lambdas get the deployed name from `ORDERS_TABLE`). */
export const ORDERS_TABLE_DEFAULT = "Orders";
/** GSI on `customerPhone` that finds a caller's orders (Query, never Scan). */
export const CUSTOMER_PHONE_INDEX = "byCustomerPhone";
/** Default name of Orderline's own records: scheduled callbacks and SMS kept for retry (`CALLBACKS_TABLE`). */
export const CALLBACKS_TABLE_DEFAULT = "OrderlineCallbacks";
/** GSI on `kind` (+ `createdAt`) that finds the SMS waiting for a retry (Query, never Scan). */
export const RECORD_KIND_INDEX = "byKind";
/**
 * TTL attribute (epoch seconds) of Orderline's own records: callbacks, the SMS outbox, failure counters and
 * daily text counts hold numbers and texts, and DynamoDB deletes them after this time.
 */
export const RECORD_TTL_ATTRIBUTE = "expiresAt";

/** CreateTable input for the orders table (used by the emulator and tests; CDK mirrors it). */
export function ordersTableSchema(tableName: string = ORDERS_TABLE_DEFAULT): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "orderId", AttributeType: "S" },
      { AttributeName: "customerPhone", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: CUSTOMER_PHONE_INDEX,
        KeySchema: [{ AttributeName: "customerPhone", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}

/** CreateTable input for the callbacks/outbox table: partition key `callbackId` (S), GSI `byKind`. */
export function callbacksTableSchema(tableName: string = CALLBACKS_TABLE_DEFAULT): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "callbackId", AttributeType: "S" },
      { AttributeName: "kind", AttributeType: "S" },
      { AttributeName: "createdAt", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "callbackId", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: RECORD_KIND_INDEX,
        KeySchema: [
          { AttributeName: "kind", KeyType: "HASH" },
          { AttributeName: "createdAt", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}
