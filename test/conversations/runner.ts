import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type LexRuntimeV2Client, RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { parse } from "yaml";
import { z } from "zod";
import { askingContexts } from "../../bot/definition.js";
import { maskPhone } from "../../fulfillment/src/domain/phone.js";

/** Conversation suites as data: `test/conversations/*.yaml`, run against the emulator or a deployed bot. */

const slotExpectation = z.union([z.string(), z.null()]);
const turnSchema = z.object({
  user: z.string(),
  /** Keyed on the phone keypad: sent with `x-amz-lex:dtmf-transcript`. */
  dtmf: z.boolean().optional(),
  expect: z
    .object({
      intent: z.string().optional(),
      state: z.string().optional(),
      dialogAction: z.string().optional(),
      slotToElicit: z.string().optional(),
      /** Slot → interpretedValue; `null` = empty; `${today+N}` = N days from today in the locale's zone. */
      slots: z.record(z.string(), slotExpectation).optional(),
      /** Every string must appear in the bot's messages (case-insensitive). */
      botSays: z.array(z.string()).optional(),
      botNotSays: z.array(z.string()).optional(),
      sessionAttributes: z.record(z.string(), z.string()).optional(),
    })
    .default({}),
});

export const orderSchema = z.object({
  orderId: z.string(),
  customerPhone: z.string(),
  customerName: z.string(),
  itemName: z.string(),
  /** Shipping date as days from today in the order locale's zone. */
  shipInDays: z.number().int(),
  status: z.enum(["PLACED", "SHIPPED", "DELIVERED", "CANCELLED"]),
  locale: z.string(),
});

const conversationSchema = z.object({
  name: z.string(),
  locale: z.enum(["en_US", "ja_JP"]),
  /** voice = a Connect phone call (Speech), chat = Connect chat, text = a plain Lex client. */
  channel: z.enum(["voice", "chat", "text"]).default("text"),
  /** The caller's number (session attribute `callerPhone`), as the Connect flow passes it. */
  caller: z.string().optional(),
  /** More session attributes the Connect flow passes on the first turn (e.g. the greeting's order). */
  attributes: z.record(z.string(), z.string()).default({}),
  /**
   * A question asked before the first turn (e.g. the greeting's "are you calling about your kettle?"): its
   * Lex contexts are active for the first turn, as the asking side (the flow, via PutSession) leaves them.
   */
  asked: z
    .object({
      question: z.enum(["AnythingElse", "GreetingOrder", "OfferedTime"]),
      attributes: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  orders: z.array(orderSchema).default([]),
  turns: z.array(turnSchema).min(1),
  final: z
    .object({
      orders: z
        .record(z.string(), z.object({ status: z.string().optional(), shippingDate: z.string().optional() }))
        .optional(),
      /** SMS sent during this conversation: how many, and to whom. */
      sms: z
        .object({
          count: z.number().int(),
          to: z.string().optional(),
          contains: z.array(z.string()).optional(),
        })
        .optional(),
      callbacks: z
        .object({
          count: z.number().int(),
          phoneNumber: z.string().optional(),
          orderId: z.string().optional(),
        })
        .optional(),
    })
    .default({}),
});

export type Conversation = z.infer<typeof conversationSchema>;
export type ConversationOrder = z.infer<typeof orderSchema>;
const suiteSchema = z.object({ conversations: z.array(conversationSchema).min(1) });

export interface ConversationSuite {
  file: string;
  conversations: Conversation[];
}

/** Loads and validates every `*.yaml` suite in a folder (sorted by file name). */
export function loadSuites(dir: string): ConversationSuite[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const parsed = suiteSchema.safeParse(parse(readFileSync(join(dir, file), "utf8")));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return { file, conversations: parsed.data.conversations };
    });
}

/** Where a conversation runs: the Lex bot and, when local, the emulator's outboxes. */
export interface ConversationTarget {
  lex: LexRuntimeV2Client;
  botId: string;
  botAliasId: string;
  /** Orders table access (load orders, check the final state). */
  orders?: { doc: DynamoDBDocumentClient; tableName: string };
  /** The emulator's `/_local/sms` and `/_local/callbacks` (absent against AWS: those checks are skipped). */
  outbox?: {
    sms(): Promise<{ phoneNumber: string; message: string }[]>;
    callbacks(): Promise<{ phoneNumber: string; orderId: string | null }[]>;
  };
  timeZoneOf(localeId: string): string;
}

export interface TurnRecord {
  user: string;
  bot: string[];
  intent?: string;
  state?: string;
  dialogAction?: string;
  slotToElicit?: string;
  slots: Record<string, string | null>;
  confidence?: number;
}

export interface ConversationResult {
  name: string;
  failures: string[];
  transcript: TurnRecord[];
}

/** Runs one conversation turn by turn through the real Lex runtime client and checks every expectation. */
export async function runConversation(
  conv: Conversation,
  target: ConversationTarget,
): Promise<ConversationResult> {
  const failures: string[] = [];
  const transcript: TurnRecord[] = [];
  const zone = target.timeZoneOf(conv.locale);
  for (const order of conv.orders) {
    if (!target.orders) break;
    const { shipInDays, ...item } = order;
    await target.orders.doc.send(
      new PutCommand({
        TableName: target.orders.tableName,
        Item: {
          ...item,
          shippingDate: daysFromToday(
            shipInDays,
            order.locale === conv.locale ? zone : target.timeZoneOf(order.locale),
          ),
        },
      }),
    );
  }
  const smsBefore = (await target.outbox?.sms())?.length ?? 0;
  const callbacksBefore = (await target.outbox?.callbacks())?.length ?? 0;
  const sessionId = `conv-${crypto.randomUUID()}`;
  const platform =
    conv.channel === "voice" ? "Connect" : conv.channel === "chat" ? "Connect Chat" : undefined;
  let first = true;
  for (const [i, turn] of conv.turns.entries()) {
    const requestAttributes: Record<string, string> = {};
    if (platform) requestAttributes["x-amz-lex:channels:platform"] = platform;
    if (turn.dtmf) requestAttributes["x-amz-lex:dtmf-transcript"] = turn.user;
    const out = await target.lex.send(
      new RecognizeTextCommand({
        botId: target.botId,
        botAliasId: target.botAliasId,
        localeId: conv.locale,
        sessionId,
        text: expandDates(turn.user, zone),
        requestAttributes,
        ...(first && (conv.caller || conv.asked || Object.keys(conv.attributes).length > 0)
          ? {
              sessionState: {
                sessionAttributes: {
                  ...conv.attributes,
                  ...(conv.caller ? { callerPhone: conv.caller } : {}),
                },
                ...(conv.asked
                  ? {
                      activeContexts: askingContexts(conv.asked.question).map((name) => ({
                        name,
                        contextAttributes: conv.asked?.attributes ?? {},
                        timeToLive: { timeToLiveInSeconds: 90, turnsToLive: 2 },
                      })),
                    }
                  : {}),
              },
            }
          : {}),
      }),
    );
    first = false;
    const intent = out.sessionState?.intent;
    const record: TurnRecord = {
      user: turn.user,
      bot: (out.messages ?? []).map((m) => m.content ?? ""),
      intent: intent?.name,
      state: intent?.state,
      dialogAction: out.sessionState?.dialogAction?.type,
      slotToElicit: out.sessionState?.dialogAction?.slotToElicit,
      slots: Object.fromEntries(
        Object.entries(intent?.slots ?? {}).map(([k, v]) => [k, v?.value?.interpretedValue ?? null]),
      ),
      confidence: out.interpretations?.[0]?.nluConfidence?.score,
    };
    transcript.push(record);
    const where = `turn ${i + 1} ("${turn.user}")`;
    const e = turn.expect;
    const said = record.bot.join(" ").toLowerCase();
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (expected !== undefined && actual !== expected) {
        failures.push(`${where}: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    };
    check("intent", record.intent, e.intent);
    check("intent state", record.state, e.state);
    check("dialog action", record.dialogAction, e.dialogAction);
    check("slot to elicit", record.slotToElicit, e.slotToElicit);
    for (const [slot, want] of Object.entries(e.slots ?? {})) {
      check(`slot ${slot}`, record.slots[slot] ?? null, want === null ? null : expandDates(want, zone));
    }
    for (const [k, v] of Object.entries(e.sessionAttributes ?? {})) {
      check(`session attribute ${k}`, out.sessionState?.sessionAttributes?.[k], v);
    }
    for (const s of e.botSays ?? []) {
      if (!said.includes(expandDates(s, zone).toLowerCase()))
        failures.push(`${where}: bot did not say "${s}": ${JSON.stringify(record.bot)}`);
    }
    for (const s of e.botNotSays ?? []) {
      if (said.includes(s.toLowerCase()))
        failures.push(`${where}: bot said "${s}": ${JSON.stringify(record.bot)}`);
    }
    if (record.bot.length === 0 && record.dialogAction !== "Close")
      failures.push(`${where}: the bot said nothing`);
  }
  await checkFinal(conv, target, failures, { smsBefore, callbacksBefore, zone });
  return { name: conv.name, failures, transcript };
}

async function checkFinal(
  conv: Conversation,
  target: ConversationTarget,
  failures: string[],
  ctx: { smsBefore: number; callbacksBefore: number; zone: string },
): Promise<void> {
  const final = conv.final;
  if (target.orders) {
    for (const [orderId, want] of Object.entries(final.orders ?? {})) {
      const got = await target.orders.doc.send(
        new GetCommand({ TableName: target.orders.tableName, Key: { orderId } }),
      );
      const item = got.Item ?? {};
      if (want.status && item.status !== want.status)
        failures.push(`final: order ${orderId} status ${item.status}, expected ${want.status}`);
      if (want.shippingDate && item.shippingDate !== expandDates(want.shippingDate, ctx.zone)) {
        failures.push(
          `final: order ${orderId} shippingDate ${item.shippingDate}, expected ${expandDates(want.shippingDate, ctx.zone)}`,
        );
      }
    }
  }
  if (target.outbox && final.sms) {
    const sent = (await target.outbox.sms()).slice(ctx.smsBefore);
    if (sent.length !== final.sms.count)
      failures.push(`final: ${sent.length} SMS sent, expected ${final.sms.count}`);
    if (final.sms.to && sent.some((s) => s.phoneNumber !== final.sms?.to)) {
      failures.push(
        `final: SMS went to ${sent.map((s) => s.phoneNumber).join(", ")}, expected ${final.sms.to}`,
      );
    }
    for (const c of final.sms.contains ?? []) {
      if (!sent.some((s) => s.message.includes(c))) failures.push(`final: no SMS contains "${c}"`);
    }
  }
  if (target.outbox && final.callbacks) {
    const made = (await target.outbox.callbacks()).slice(ctx.callbacksBefore);
    if (made.length !== final.callbacks.count)
      failures.push(`final: ${made.length} callbacks, expected ${final.callbacks.count}`);
    // /_local masks callback numbers (issue 11): compare in the same masked form.
    const expectedNumber = final.callbacks.phoneNumber ? maskPhone(final.callbacks.phoneNumber) : undefined;
    if (expectedNumber && made.some((c) => maskPhone(c.phoneNumber) !== expectedNumber)) {
      failures.push(
        `final: callback to ${made.map((c) => c.phoneNumber).join(", ")}, expected ${final.callbacks.phoneNumber}`,
      );
    }
    if (final.callbacks.orderId && made.some((c) => c.orderId !== final.callbacks?.orderId)) {
      failures.push(
        `final: callback order ${made.map((c) => c.orderId).join(", ")}, expected ${final.callbacks.orderId}`,
      );
    }
  }
}

/** `YYYY-MM-DD` N days from today in `timeZone`. */
export function daysFromToday(days: number, timeZone: string): string {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of the Nth weekday (Mon–Fri) after today in `timeZone`. */
export function weekdaysFromToday(n: number, timeZone: string): string {
  let offset = 0;
  for (let left = n; left > 0; ) {
    offset++;
    const day = new Date(`${daysFromToday(offset, timeZone)}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return daysFromToday(offset, timeZone);
}

/** Replaces `${today+N}` / `${today-N}` / `${today}` and `${weekday+N}` with dates in `timeZone`. */
export function expandDates(s: string, timeZone: string): string {
  return s
    .replace(/\$\{weekday\+(\d+)\}/g, (_, n: string) => weekdaysFromToday(Number(n), timeZone))
    .replace(/\$\{today(?:([+-])(\d+))?\}/g, (_, sign: string | undefined, n: string | undefined) =>
      daysFromToday(sign === "-" ? -Number(n) : Number(n ?? 0), timeZone),
    );
}

/** A readable transcript for failure messages and the CLI. */
export function formatTranscript(result: ConversationResult): string {
  return result.transcript
    .map(
      (t) =>
        `  > ${t.user}\n  < ${t.bot.join(" / ")}\n    [${t.intent ?? "-"} ${t.state ?? "-"} ${t.dialogAction ?? "-"}${t.slotToElicit ? `:${t.slotToElicit}` : ""} ${JSON.stringify(t.slots)} ${t.confidence ?? ""}]`,
    )
    .join("\n");
}
