import type { EmulatorContext } from "../context.js";
import { demoOrders, toDynamoItem } from "./demo-orders.js";
import { callDynamoDb, scanAll } from "./emulator-dynamodb.js";

/** What `resetDemo` did. */
export interface DemoResetResult {
  /** Orders removed (demo or not). */
  removed: number;
  /** Demo orders written back. */
  restored: number;
}

// BatchWriteItem takes at most 25 requests.
const BATCH = 25;

/**
 * Restores the demo: the orders table holds exactly the demo orders again (shipping dates relative to
 * today), and the SMS outbox and callbacks list are emptied. Calls in progress are left alone.
 */
export async function resetDemo(ctx: EmulatorContext, now: Date = new Date()): Promise<DemoResetResult> {
  const table = ctx.tables.orders;
  const keys = await scanAll(ctx, table, "orderId");
  for (let i = 0; i < keys.length; i += BATCH) {
    await writeBatch(
      ctx,
      table,
      keys.slice(i, i + BATCH).map((Key) => ({ DeleteRequest: { Key } })),
    );
  }
  const orders = demoOrders(now);
  for (let i = 0; i < orders.length; i += BATCH) {
    await writeBatch(
      ctx,
      table,
      orders.slice(i, i + BATCH).map((o) => ({ PutRequest: { Item: toDynamoItem(o) } })),
    );
  }
  ctx.sms.clear();
  ctx.callbacks.clear();
  return { removed: keys.length, restored: orders.length };
}

async function writeBatch(ctx: EmulatorContext, table: string, requests: unknown[]): Promise<void> {
  let pending: unknown[] = requests;
  // Unprocessed items are retried; DynamoDB returns them under load, dynalite rarely does.
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const out = await callDynamoDb<{ UnprocessedItems?: Record<string, unknown[]> }>(ctx, "BatchWriteItem", {
      RequestItems: { [table]: pending },
    });
    pending = out.UnprocessedItems?.[table] ?? [];
  }
  if (pending.length > 0) throw new Error(`${pending.length} demo order writes were not processed`);
}
