import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** The orders table contract (public: shops load their orders with exactly this). */
export const ORDERS_TABLE_DEFAULT = "Orders";
/** GSI on `customerPhone` that finds a caller's orders (Query, never Scan). */
export const CUSTOMER_PHONE_INDEX = "byCustomerPhone";
/** Orderline's own records: scheduled callbacks and SMS kept for retry. */
export const CALLBACKS_TABLE_DEFAULT = "OrderlineCallbacks";
/** GSI on `kind` (+ `createdAt`) that finds the SMS waiting for a retry (Query, never Scan). */
export const RECORD_KIND_INDEX = "byKind";

export function ordersTableName(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORDERS_TABLE || ORDERS_TABLE_DEFAULT;
}
export function callbacksTableName(env: NodeJS.ProcessEnv = process.env): string {
  return env.CALLBACKS_TABLE || CALLBACKS_TABLE_DEFAULT;
}

/** CreateTable input for the orders table (used by the emulator and tests; CDK mirrors it). */
export function ordersTableSchema(tableName = ordersTableName()): CreateTableCommandInput {
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
export function callbacksTableSchema(tableName = callbacksTableName()): CreateTableCommandInput {
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
