import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  LexRuntimeV2Client,
  RecognizeTextCommand,
  type RecognizeTextCommandOutput,
} from "@aws-sdk/client-lex-runtime-v2";

/** The emulator's fixed ids (local/config.ts) and the shop's US time zone (locales/en_US/bot.json). */
export const BOT = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", localeId: "en_US" } as const;
const SHOP_TIME_ZONE = "America/New_York";
const BATCH = 25;

/** One conversation type of the mixed workload: what the caller says, turn by turn. */
export type FlowName = "status" | "cancel" | "change" | "callback";
export const MIX: readonly FlowName[] = ["status", "cancel", "change", "callback"];

/** SDK clients as an application builds them: defaults only (HTTP/2 for Lex), endpoint and dummy keys. */
export function defaultClients(endpoint: string): { lex: LexRuntimeV2Client; dynamo: DynamoDBClient } {
  const config = {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  return { lex: new LexRuntimeV2Client(config), dynamo: new DynamoDBClient(config) };
}

/** A caller with one open order, seeded before the clock starts. */
export interface BenchCaller {
  phone: string;
  orderId: string;
}

/** `count` callers, each with one PLACED order shipping in 5 days (numbers unique per `offset`). */
export function benchCallers(offset: number, count: number): BenchCaller[] {
  return Array.from({ length: count }, (_, i) => ({
    phone: `+1202${String(5_000_000 + offset + i)}`,
    // Order ids are 3 to 10 digits (the OrderId slot type); 8 + 7 digits keeps them apart from the demo orders.
    orderId: `8${String(offset + i).padStart(7, "0")}`,
  }));
}

/** Writes the callers' orders with BatchWriteItem (25 a request, unprocessed items retried). */
export async function seedCallers(dynamo: DynamoDBClient, table: string, callers: BenchCaller[]) {
  const shippingDate = shopDate(5);
  for (let i = 0; i < callers.length; i += BATCH) {
    let items = callers.slice(i, i + BATCH).map((c) => ({
      PutRequest: {
        Item: {
          orderId: { S: c.orderId },
          customerPhone: { S: c.phone },
          customerName: { S: "Bench Caller" },
          itemName: { S: "kettle" },
          shippingDate: { S: shippingDate },
          status: { S: "PLACED" },
          locale: { S: "en_US" },
        },
      },
    }));
    while (items.length > 0) {
      const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: items } }));
      items = (out.UnprocessedItems?.[table] ?? []) as typeof items;
    }
  }
}

/**
 * What each flow's caller says; the bot must close with `outcome` = `done` after the last line. A change by
 * voice names the order number (caller ID alone is not enough to change an order: the voice step-up).
 */
export function script(flow: FlowName, caller: BenchCaller): string[] {
  switch (flow) {
    case "status":
      return ["where is my order"];
    case "cancel":
      return [`I want to cancel order ${caller.orderId}`, "yes"];
    case "change":
      return [`I want to change the delivery date of order ${caller.orderId}`, shopDate(10), "yes"];
    case "callback":
      return ["can someone call me back", nextWeekday(), "11 am", "yes"];
  }
}

/** One finished conversation: per-turn latency (ms) and whether the bot closed it as done. */
export interface ConversationResult {
  turnsMs: number[];
  ok: boolean;
  error?: string;
}

/**
 * Runs one conversation like Amazon Connect's Lex block: the first turn carries the caller's number as a
 * session attribute, later turns send only the text (Lex keeps the session, Connect does not resend it).
 */
export async function converse(
  lex: LexRuntimeV2Client,
  sessionId: string,
  caller: BenchCaller,
  flow: FlowName,
): Promise<ConversationResult> {
  const turnsMs: number[] = [];
  let last: RecognizeTextCommandOutput | undefined;
  try {
    for (const [i, text] of script(flow, caller).entries()) {
      const t0 = performance.now();
      last = await lex.send(
        new RecognizeTextCommand({
          ...BOT,
          sessionId,
          text,
          requestAttributes: { "x-amz-lex:channels:platform": "Connect" },
          ...(i === 0 ? { sessionState: { sessionAttributes: { callerPhone: caller.phone } } } : {}),
        }),
      );
      turnsMs.push(performance.now() - t0);
    }
  } catch (error) {
    return { turnsMs, ok: false, error: (error as Error).name };
  }
  const state = last?.sessionState;
  const ok = state?.dialogAction?.type === "Close" && state.sessionAttributes?.outcome === "done";
  return { turnsMs, ok, error: ok ? undefined : `${flow} ended ${state?.sessionAttributes?.outcome}` };
}

/** The one-GetItem yardstick every turn figure is compared with. */
export function getItem(dynamo: DynamoDBClient, table: string, orderId: string) {
  return dynamo.send(new GetItemCommand({ TableName: table, Key: { orderId: { S: orderId } } }));
}

/** `YYYY-MM-DD` in the shop's zone, `days` from today. */
export function shopDate(days: number): string {
  const today = new Date(`${zonedToday()}T12:00:00Z`);
  today.setUTCDate(today.getUTCDate() + days);
  return today.toISOString().slice(0, 10);
}

/** The next Monday–Friday after today in the shop's zone (callbacks are taken in business hours). */
function nextWeekday(): string {
  for (let d = 1; d < 8; d++) {
    const day = new Date(`${shopDate(d)}T12:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) return shopDate(d);
  }
  return shopDate(1);
}

function zonedToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: SHOP_TIME_ZONE }).format(new Date());
}
