import type { EmulatorContext } from "../context.js";
import { scanAll } from "../seed/emulator-dynamodb.js";

type AttributeValue = Record<string, unknown>;

/** Every item of the orders table as plain JSON, read with DynamoDB `Scan` through the emulator's dispatcher. */
export async function scanOrders(
  ctx: EmulatorContext,
  tableName = ctx.tables.orders,
): Promise<Record<string, unknown>[]> {
  return (await scanAll(ctx, tableName)).map(fromItem);
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
