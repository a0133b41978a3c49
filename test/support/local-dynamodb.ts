import { CreateTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { callbacksTableSchema, ordersTableSchema } from "../../fulfillment/src/contracts/tables.js";
import { startStandaloneDynamoDb } from "../../local/dynamodb/standalone-server.js";

/** 佐藤 花子's kettle, as a shop loads it (the six contract attributes): the fixture order of tests and benches. */
export const KETTLE_ORDER = {
  orderId: "1001",
  customerPhone: "+819012345678",
  customerName: "佐藤 花子",
  itemName: "電気ケトル",
  shippingDate: "2026-11-26",
  status: "PLACED",
  locale: "ja_JP",
} as const;

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Every DynamoDB operation the client sent, in order (e.g. "QueryCommand"). */
  calls: string[];
  ordersTable: string;
  callbacksTable: string;
  put(item: Record<string, unknown>): Promise<void>;
  /** One item, read consistently (undefined when there is none). */
  get(table: string, key: Record<string, string>): Promise<Record<string, unknown> | undefined>;
  /** Every record's id in the records (callbacks) table, sorted, read consistently. */
  recordIds(): Promise<string[]>;
  stop(): Promise<void>;
}

let tableSeq = 0;

/**
 * The emulator's DynamoDB (in-memory dynalite with transactions) on a free port with fresh orders and callbacks
 * tables, and a client that counts calls.
 */
export async function startLocalDynamo(): Promise<LocalDynamo> {
  const server = await startStandaloneDynamoDb();
  const { endpoint } = server;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "countCalls" },
  );
  tableSeq += 1;
  const ordersTable = `Orders${tableSeq}`;
  const callbacksTable = `Callbacks${tableSeq}`;
  await client.send(new CreateTableCommand(ordersTableSchema(ordersTable)));
  await client.send(new CreateTableCommand(callbacksTableSchema(callbacksTable)));
  calls.length = 0;
  const doc = DynamoDBDocumentClient.from(client);
  return {
    endpoint,
    client,
    doc,
    calls,
    ordersTable,
    callbacksTable,
    async put(item) {
      await doc.send(new PutCommand({ TableName: ordersTable, Item: item }));
      calls.length = 0;
    },
    async get(table, key) {
      return (await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
    },
    async recordIds() {
      const out = await client.send(new ScanCommand({ TableName: callbacksTable, ConsistentRead: true }));
      return (out.Items ?? []).map((i) => String(i.callbackId?.S)).sort();
    },
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
}
