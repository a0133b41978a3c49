import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** The orders table contract (public: shops load their orders with exactly this). */
export const ORDERS_TABLE_DEFAULT = "Orders";
/** GSI on `customerPhone` that finds a caller's orders (Query, never Scan). */
export const CUSTOMER_PHONE_INDEX = "byCustomerPhone";
/** Orderline's own records: scheduled callbacks and SMS kept for retry. */
export const CALLBACKS_TABLE_DEFAULT = "OrderlineCallbacks";

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

/** CreateTable input for the callbacks/outbox table: partition key `callbackId` (S). */
export function callbacksTableSchema(tableName = callbacksTableName()): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "callbackId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "callbackId", KeyType: "HASH" }],
  };
}
