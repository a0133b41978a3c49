import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import {
  conditionCancellation,
  DynamoDocuments,
  isConditionFailure,
  reasonItem,
  type TransactItem,
} from "../../../fulfillment/src/adapters/dynamo-table.js";

const S = (s: string) => ({ S: s });
/** An item as DynamoDB returns it: every attribute type the adapters write or read. */
const WIRE_ITEM = {
  orderId: S("1001"),
  version: { N: "3" },
  history: { L: [{ M: { at: S("2026-11-20T01:00:00.000Z"), request: S("rq-1") } }] },
  requests: { SS: ["a", "b"] },
  counts: { NS: ["1", "2"] },
  gone: { NULL: true },
  paid: { BOOL: false },
  template: { M: { localeId: S("en_US") } },
};

const RESPONSES: Record<string, unknown> = {
  GetItem: { Item: WIRE_ITEM },
  PutItem: { Attributes: WIRE_ITEM },
  UpdateItem: { Attributes: WIRE_ITEM },
  DeleteItem: { Attributes: WIRE_ITEM },
  Query: { Count: 2, Items: [WIRE_ITEM, { orderId: S("1002") }], LastEvaluatedKey: { orderId: S("1002") } },
  TransactWriteItems: {},
};

/** A client over an in-process transport that keeps each request's target and body and answers from RESPONSES. */
function capturingClient(options: { cacheMiddleware?: boolean; error?: unknown } = {}) {
  const sent: { target: string; body: string }[] = [];
  const client = new DynamoDBClient({
    region: "us-east-1",
    endpoint: "http://localhost:4566",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    cacheMiddleware: options.cacheMiddleware,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body: unknown }) {
        const target = String(request.headers["x-amz-target"]).split(".")[1] ?? "";
        const body = request.body;
        sent.push({
          target,
          body: typeof body === "string" ? body : new TextDecoder().decode(body as Uint8Array),
        });
        const answer = options.error ?? RESPONSES[target];
        return {
          response: {
            statusCode: options.error ? 400 : 200,
            headers: { "content-type": "application/x-amz-json-1.0" },
            body: Buffer.from(JSON.stringify(answer)),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  });
  return { client, sent };
}

/** The same call through the facade and through the document client it replaces: same request, same answer. */
async function sameAsDocumentClient<T>(
  viaFacade: (docs: DynamoDocuments) => Promise<T>,
  viaDocumentClient: (doc: DynamoDBDocumentClient) => Promise<T>,
) {
  const ours = capturingClient({ cacheMiddleware: true });
  const theirs = capturingClient();
  const doc = DynamoDBDocumentClient.from(theirs.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const docs = new DynamoDocuments(ours.client);
  // Twice: the second call runs on the handler cached for the command class.
  const answers = [await viaFacade(docs), await viaFacade(docs)];
  const expected = await viaDocumentClient(doc);
  expect(ours.sent).toHaveLength(2);
  expect(ours.sent[0]).toEqual(theirs.sent[0]);
  expect(ours.sent[1]).toEqual(theirs.sent[0]);
  const { $metadata: _ours, ...answer } = answers[1] as T & { $metadata: unknown };
  const { $metadata: _theirs, ...expectedAnswer } = expected as T & { $metadata: unknown };
  expect(answer).toEqual(expectedAnswer);
  return { sent: ours.sent[0]!, answer };
}

describe("DynamoDocuments", () => {
  it("reads an item as the document client did", async () => {
    const input = { TableName: "Orders", Key: { orderId: "1001" }, ConsistentRead: undefined };
    const { answer } = await sameAsDocumentClient(
      (docs) => docs.get(input),
      (doc) => doc.send(new GetCommand(input)),
    );
    expect(answer.Item).toEqual({
      orderId: "1001",
      version: 3,
      history: [{ at: "2026-11-20T01:00:00.000Z", request: "rq-1" }],
      requests: new Set(["a", "b"]),
      counts: new Set([1, 2]),
      gone: null,
      paid: false,
      template: { localeId: "en_US" },
    });
  });

  it("writes an item, leaving out undefined attributes, as the document client did", async () => {
    const input = {
      TableName: "Callbacks",
      Item: {
        callbackId: "SMS#1",
        message: undefined,
        attempts: 0,
        template: { localeId: "en_US", previousDate: undefined },
        tags: [1, "two", null, undefined],
        requests: new Set(["r1"]),
      },
      ConditionExpression: "attribute_not_exists(callbackId) OR requestKey = :rk",
      ExpressionAttributeValues: { ":rk": "rq-1" },
      ReturnValuesOnConditionCheckFailure: undefined,
    };
    const { sent } = await sameAsDocumentClient(
      (docs) => docs.put(input),
      (doc) => doc.send(new PutCommand(input)),
    );
    expect(JSON.parse(sent.body).Item).toEqual({
      callbackId: { S: "SMS#1" },
      attempts: { N: "0" },
      template: { M: { localeId: { S: "en_US" } } },
      tags: { L: [{ N: "1" }, { S: "two" }, { NULL: true }] },
      requests: { SS: ["r1"] },
    });
  });

  it("updates with expression values and returns the new item as the document client did", async () => {
    const input = {
      TableName: "Orders",
      Key: { orderId: "1001" },
      UpdateExpression: "SET #history = list_append(if_not_exists(#history, :empty), :entry) ADD requests :r",
      ConditionExpression: "#version = :v",
      ExpressionAttributeNames: { "#history": "history", "#version": "version" },
      ExpressionAttributeValues: { ":empty": [], ":entry": [{ at: "now" }], ":r": new Set(["x"]), ":v": 2 },
      ReturnValues: "ALL_NEW" as const,
    };
    const { answer } = await sameAsDocumentClient(
      (docs) => docs.update(input),
      (doc) => doc.send(new UpdateCommand(input)),
    );
    expect(answer.Attributes?.version).toBe(3);
  });

  it("deletes conditionally as the document client did", async () => {
    const input = {
      TableName: "Callbacks",
      Key: { callbackId: "OPENCB#1" },
      ConditionExpression: "requestKey = :rk",
      ExpressionAttributeValues: { ":rk": "rq-1" },
    };
    await sameAsDocumentClient(
      (docs) => docs.delete(input),
      (doc) => doc.send(new DeleteCommand(input)),
    );
  });

  it("queries an index, from a start key, as the document client did", async () => {
    const input = {
      TableName: "Orders",
      IndexName: "byPhone",
      KeyConditionExpression: "customerPhone = :p",
      ExpressionAttributeValues: { ":p": "+12025550123" },
      ExclusiveStartKey: { orderId: "1000", customerPhone: "+12025550123" },
      Limit: 50,
    };
    const { answer } = await sameAsDocumentClient(
      (docs) => docs.query(input),
      (doc) => doc.send(new QueryCommand(input)),
    );
    expect(answer.Items?.map((i) => i.orderId)).toEqual(["1001", "1002"]);
    expect(answer.LastEvaluatedKey).toEqual({ orderId: "1002" });
  });

  it("writes a transaction of every action kind as the document client did", async () => {
    const actions: TransactItem[] = [
      {
        Update: {
          TableName: "Orders",
          Key: { orderId: "1001" },
          UpdateExpression: "SET #s = :s",
          ConditionExpression: "#s = :old",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":s": "CANCELLED", ":old": "PLACED" },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        Put: {
          TableName: "Callbacks",
          Item: { callbackId: "SMS#1", orderId: undefined, leaseUntil: 5 },
          ConditionExpression: "attribute_not_exists(callbackId)",
        },
      },
      { Delete: { TableName: "Callbacks", Key: { callbackId: "OPENCB#1" } } },
      {
        ConditionCheck: {
          TableName: "Callbacks",
          Key: { callbackId: "SMSDAY#1" },
          ConditionExpression: "sent < :max",
          ExpressionAttributeValues: { ":max": 3 },
        },
      },
    ];
    const input = { TransactItems: actions, ClientRequestToken: "token-1" };
    await sameAsDocumentClient(
      (docs) => docs.transactWrite(input),
      (doc) => doc.send(new TransactWriteCommand(input)),
    );
  });

  it("leaves a refused condition and a cancelled transaction's reasons as DynamoDB sent them", async () => {
    const refused = capturingClient({
      cacheMiddleware: true,
      error: { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "no" },
    });
    const error = await new DynamoDocuments(refused.client)
      .update({ TableName: "Orders", Key: { orderId: "1001" }, UpdateExpression: "REMOVE x" })
      .catch((e: unknown) => e);
    expect(isConditionFailure(error)).toBe(true);

    const cancelled = capturingClient({
      cacheMiddleware: true,
      error: {
        __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        Message: "Transaction cancelled",
        CancellationReasons: [{ Code: "ConditionalCheckFailed", Item: WIRE_ITEM }, { Code: "None" }],
      },
    });
    const cancellation = await new DynamoDocuments(cancelled.client)
      .transactWrite({ TransactItems: [{ Delete: { TableName: "Callbacks", Key: { callbackId: "x" } } }] })
      .catch((e: unknown) => e);
    const reasons = conditionCancellation(cancellation);
    expect(reasons?.[0]?.Item).toEqual(WIRE_ITEM);
    expect(reasonItem(reasons?.[0])).toMatchObject({ orderId: "1001", version: 3 });
  });

  it("works on a client with cacheMiddleware, which the document client refuses", () => {
    const { client } = capturingClient({ cacheMiddleware: true });
    expect(() => DynamoDBDocumentClient.from(client)).toThrow(/cacheMiddleware/);
    expect(() => new DynamoDocuments(client)).not.toThrow();
  });
});
