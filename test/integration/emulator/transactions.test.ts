import {
  CreateTableCommand,
  type DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbacksTableSchema } from "../../../fulfillment/src/contracts/tables.js";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import { clientsFor } from "./helpers.js";

// TransactWriteItems / TransactGetItems as the API reference describes them, through the real SDK clients:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
const TABLE = "TxItems";
let emu: RunningEmulator;
let clients: ReturnType<typeof clientsFor>;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let seq = 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true, seed: false, codeHook: null });
  clients = clientsFor(emu.url);
  raw = clients.dynamo;
  doc = DynamoDBDocumentClient.from(raw);
  await raw.send(new CreateTableCommand(callbacksTableSchema(TABLE)));
});
afterAll(async () => {
  clients.destroy();
  await emu.stop();
});

/** A fresh item id per test, so the tests share one table. */
const id = (tag: string) => `${tag}#${++seq}`;
const get = async (callbackId: string) =>
  (await doc.send(new GetCommand({ TableName: TABLE, Key: { callbackId }, ConsistentRead: true }))).Item;
const put = (item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: TABLE, Item: item }));

/** The rejection of a transaction, for its name and reasons. */
async function rejection(input: TransactWriteCommandInput): Promise<Error & Record<string, unknown>> {
  try {
    await doc.send(new TransactWriteCommand(input));
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("the transaction was not refused");
}

describe("TransactWriteItems", () => {
  it("applies a Put, an Update, a Delete and a ConditionCheck together", async () => {
    const [a, b, c, d] = [id("put"), id("upd"), id("del"), id("chk")];
    await put({ callbackId: b, count: 1 });
    await put({ callbackId: c, kind: "GONE" });
    await put({ callbackId: d, state: "open" });
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { callbackId: a, kind: "NEW", createdAt: "2026-01-01" },
              ConditionExpression: "attribute_not_exists(callbackId)",
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { callbackId: b },
              UpdateExpression: "ADD #count :one SET tags = :tags",
              ConditionExpression: "#count = :one",
              ExpressionAttributeNames: { "#count": "count" },
              ExpressionAttributeValues: { ":one": 1, ":tags": new Set(["x"]) },
            },
          },
          { Delete: { TableName: TABLE, Key: { callbackId: c } } },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { callbackId: d },
              ConditionExpression: "#s = :open",
              ExpressionAttributeNames: { "#s": "state" },
              ExpressionAttributeValues: { ":open": "open" },
            },
          },
        ],
      }),
    );
    expect(await get(a)).toEqual({ callbackId: a, kind: "NEW", createdAt: "2026-01-01" });
    expect(await get(b)).toEqual({ callbackId: b, count: 2, tags: new Set(["x"]) });
    expect(await get(c)).toBeUndefined();
    expect(await get(d)).toEqual({ callbackId: d, state: "open" });
    // The Put is in the table's index like any other write.
    const indexed = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: "byKind",
        KeyConditionExpression: "kind = :k",
        ExpressionAttributeValues: { ":k": "NEW" },
      }),
    );
    expect(indexed.Items?.map((i) => i.callbackId)).toContain(a);
  });

  it("writes nothing when one condition fails, and gives one reason per action in order (ALL_OLD item on request)", async () => {
    const [a, b, c] = [id("a"), id("b"), id("c")];
    await put({ callbackId: b, count: 5 });
    const error = await rejection({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { callbackId: a, v: 1 } } },
        {
          Update: {
            TableName: TABLE,
            Key: { callbackId: b },
            UpdateExpression: "SET #count = :zero",
            ConditionExpression: "#count < :max",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: { ":zero": 0, ":max": 5 },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { callbackId: c, v: 3 },
            ConditionExpression: "attribute_exists(callbackId)",
          },
        },
      ],
    });
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]",
    );
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    // The raw client's reasons: the item in wire format, only where ALL_OLD was asked for and an item exists.
    expect(error.CancellationReasons).toEqual([
      { Code: "None" },
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { callbackId: { S: b }, count: { N: "5" } },
      },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
    ]);
    expect(await get(a)).toBeUndefined();
    expect(await get(b)).toEqual({ callbackId: b, count: 5 });
    expect(await get(c)).toBeUndefined();
  });

  it("undoes the writes already made when a later write fails, and names that action ValidationError", async () => {
    const [a, b] = [id("a"), id("b")];
    await put({ callbackId: a, v: "before" });
    await put({ callbackId: b, text: "not a number" });
    const error = await rejection({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { callbackId: a, v: "after" } } },
        // Adding a number to a string fails only while the update is applied.
        {
          Update: {
            TableName: TABLE,
            Key: { callbackId: b },
            UpdateExpression: "ADD #t :one",
            ExpressionAttributeNames: { "#t": "text" },
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ],
    });
    expect(error.name).toBe("TransactionCanceledException");
    expect((error.CancellationReasons as { Code: string }[]).map((r) => r.Code)).toEqual([
      "None",
      "ValidationError",
    ]);
    expect(await get(a)).toEqual({ callbackId: a, v: "before" });
    expect(await get(b)).toEqual({ callbackId: b, text: "not a number" });
  });

  it("refuses two actions on one item with a ValidationException", async () => {
    const a = id("twice");
    const error = await rejection({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { callbackId: a, v: 1 } } },
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: { callbackId: a },
            ConditionExpression: "attribute_not_exists(callbackId)",
          },
        },
      ],
    });
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("Transaction request cannot include multiple operations on one item");
    expect(await get(a)).toBeUndefined();
  });

  it.each([
    [0, "greater than or equal to 1"],
    [101, "less than or equal to 100"],
  ])("refuses %i actions with a ValidationException", async (n, bound) => {
    const tag = id("many");
    const error = await rejection({
      TransactItems: Array.from({ length: n }, (_, i) => ({
        Put: { TableName: TABLE, Item: { callbackId: `${tag}-${i}` } },
      })),
    });
    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain(bound);
    expect(await get(`${tag}-0`)).toBeUndefined();
  });

  it("accepts 100 actions", async () => {
    const tag = id("hundred");
    await doc.send(
      new TransactWriteCommand({
        TransactItems: Array.from({ length: 100 }, (_, i) => ({
          Put: { TableName: TABLE, Item: { callbackId: `${tag}-${i}` } },
        })),
      }),
    );
    expect(await get(`${tag}-99`)).toEqual({ callbackId: `${tag}-99` });
  });

  it("answers an unknown table with ResourceNotFoundException and a bad expression with ValidationException", async () => {
    const missing = await rejection({
      TransactItems: [{ Put: { TableName: "NoSuchTable", Item: { callbackId: "x" } } }],
    });
    expect(missing.name).toBe("ResourceNotFoundException");
    const bad = await rejection({
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: { callbackId: id("bad") },
            UpdateExpression: "SET a = :unset",
          },
        },
      ],
    });
    expect(bad.name).toBe("ValidationException");
  });

  it("applies a ClientRequestToken once within 10 minutes, and refuses it with other parameters", async () => {
    const a = id("token");
    await put({ callbackId: a, count: 0 });
    const bump = (by: number): TransactWriteCommandInput => ({
      ClientRequestToken: `token-${a}`,
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: { callbackId: a },
            UpdateExpression: "ADD #count :by",
            ExpressionAttributeNames: { "#count": "count" },
            ExpressionAttributeValues: { ":by": by },
          },
        },
      ],
    });
    await doc.send(new TransactWriteCommand(bump(1)));
    await doc.send(new TransactWriteCommand(bump(1)));
    expect(await get(a)).toEqual({ callbackId: a, count: 1 });
    const mismatch = await rejection(bump(2));
    expect(mismatch.name).toBe("IdempotentParameterMismatchException");
    expect(await get(a)).toEqual({ callbackId: a, count: 1 });
  });

  it("lets exactly one of many concurrent transactions on one item win", async () => {
    const a = id("race");
    await put({ callbackId: a, version: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: TABLE,
                  Key: { callbackId: a },
                  UpdateExpression: "SET version = :next, winner = :me",
                  ConditionExpression: "version = :seen",
                  ExpressionAttributeValues: { ":seen": 0, ":next": 1, ":me": i },
                },
              },
              { Put: { TableName: TABLE, Item: { callbackId: `${a}-by-${i}` } } },
            ],
          }),
        ),
      ),
    );
    const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
    expect(won).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === "rejected") expect((o.reason as Error).name).toBe("TransactionCanceledException");
    }
    expect(await get(a)).toEqual({ callbackId: a, version: 1, winner: won[0] });
    // Only the winner's second write exists: each transaction is all or nothing.
    const seconds = await Promise.all(Array.from({ length: 12 }, (_, i) => get(`${a}-by-${i}`)));
    expect(seconds.flatMap((s, i) => (s ? [i] : []))).toEqual(won);
  });

  it("never shows a single-item read half a transaction", async () => {
    const [a, b] = [id("a"), id("b")];
    await put({ callbackId: a, n: 0 });
    await put({ callbackId: b, n: 0 });
    const move = (n: number) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [a, b].map((callbackId) => ({
            Update: {
              TableName: TABLE,
              Key: { callbackId },
              UpdateExpression: "SET n = :n",
              ExpressionAttributeValues: { ":n": n },
            },
          })),
        }),
      );
    const reads: [unknown, unknown][] = [];
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => move(i + 1)),
      ...Array.from({ length: 10 }, async () => {
        const out = await doc.send(
          new TransactGetCommand({
            TransactItems: [a, b].map((callbackId) => ({ Get: { TableName: TABLE, Key: { callbackId } } })),
          }),
        );
        reads.push([out.Responses?.[0]?.Item?.n, out.Responses?.[1]?.Item?.n]);
      }),
    ]);
    for (const [x, y] of reads) expect(x).toBe(y);
    const [x, y] = [await get(a), await get(b)];
    expect(x?.n).toBe(y?.n);
  });

  it("leaves plain writes working while it holds other items", async () => {
    const a = id("plain");
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { callbackId: a },
        UpdateExpression: "SET v = :v",
        ExpressionAttributeValues: { ":v": 1 },
      }),
    );
    const out = await raw.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { callbackId: { S: a } },
              ConditionExpression: "v = :v",
              ExpressionAttributeValues: { ":v": { N: "1" } },
            },
          },
        ],
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(out.ConsumedCapacity?.[0]).toMatchObject({ TableName: TABLE, CapacityUnits: 2 });
  });
});
