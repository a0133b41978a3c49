import type { EmulatorContext } from "../context.js";

type AttributeValue = Record<string, unknown>;

/** Every item of the orders table as plain JSON, read with DynamoDB `Scan` through the emulator's dispatcher. */
export async function scanOrders(
  ctx: EmulatorContext,
  tableName = ctx.tables.orders,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const res = await ctx.dispatch({
      method: "POST",
      path: "/",
      query: new URLSearchParams(),
      headers: {
        "x-amz-target": "DynamoDB_20120810.Scan",
        "content-type": "application/x-amz-json-1.0",
        host: new URL(ctx.endpoint).host,
        // The DynamoDB API rejects unsigned calls; the emulator checks the header's shape, not the signature.
        authorization: `AWS4-HMAC-SHA256 Credential=local/20200101/${ctx.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
        "x-amz-date": "20200101T000000Z",
      },
      body: Buffer.from(JSON.stringify({ TableName: tableName, ExclusiveStartKey: start })),
    });
    const page = JSON.parse(String(res.body ?? "{}")) as {
      Items?: Record<string, AttributeValue>[];
      LastEvaluatedKey?: Record<string, AttributeValue>;
      message?: string;
    };
    if (res.status !== 200) throw new Error(page.message ?? `Scan answered ${res.status}`);
    for (const item of page.Items ?? []) items.push(fromItem(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** DynamoDB's typed JSON (`{"S":"x"}`, `{"N":"1"}`, ...) as plain values; sets become arrays. */
export function fromItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttribute(v)]));
}

function fromAttribute(value: AttributeValue): unknown {
  const [type, v] = Object.entries(value)[0] ?? ["NULL", true];
  switch (type) {
    case "S":
    case "B":
    case "BOOL":
      return v;
    case "N":
      return Number(v);
    case "NULL":
      return null;
    case "SS":
    case "BS":
      return v;
    case "NS":
      return (v as string[]).map(Number);
    case "L":
      return (v as AttributeValue[]).map(fromAttribute);
    case "M":
      return fromItem(v as Record<string, AttributeValue>);
    default:
      return v;
  }
}
