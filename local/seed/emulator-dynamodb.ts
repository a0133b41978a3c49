import type { EmulatorContext } from "../context.js";

type AttributeValue = Record<string, unknown>;

/**
 * One DynamoDB API call through the emulator's own dispatcher (no socket, no SDK): for the emulator's
 * admin endpoints, which need the table as it is, not a client.
 */
export async function callDynamoDb<T>(
  ctx: EmulatorContext,
  operation: string,
  body: Record<string, unknown>,
): Promise<T> {
  const res = await ctx.dispatch({
    method: "POST",
    path: "/",
    query: new URLSearchParams(),
    headers: {
      "x-amz-target": `DynamoDB_20120810.${operation}`,
      "content-type": "application/x-amz-json-1.0",
      host: new URL(ctx.endpoint).host,
      // The DynamoDB API rejects unsigned calls; the emulator checks the header's shape, not the signature.
      authorization: `AWS4-HMAC-SHA256 Credential=local/20200101/${ctx.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      "x-amz-date": "20200101T000000Z",
    },
    body: Buffer.from(JSON.stringify(body)),
  });
  const parsed = JSON.parse(String(res.body ?? "{}")) as T & { message?: string; __type?: string };
  if (res.status !== 200) {
    throw new Error(`DynamoDB ${operation}: ${parsed.message ?? parsed.__type ?? `status ${res.status}`}`);
  }
  return parsed;
}

/** Every item of a table, page by page, in DynamoDB's typed JSON. */
export async function scanAll(
  ctx: EmulatorContext,
  tableName: string,
  projection?: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await callDynamoDb<{
      Items?: Record<string, AttributeValue>[];
      LastEvaluatedKey?: Record<string, AttributeValue>;
    }>(ctx, "Scan", {
      TableName: tableName,
      ExclusiveStartKey: start,
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
