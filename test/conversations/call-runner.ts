import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { parse } from "yaml";
import { z } from "zod";
import { daysFromToday, orderSchema } from "./runner.js";

/**
 * Phone calls as data: `test/conversations/calls/*.yaml`, run through the Connect inbound flow of the emulator
 * (`/_local/calls`), so the flow's own prompts (the language offer, the greeting the bot asks) and its keys
 * are part of the conversation. The Lex-only suites (`../*.yaml`) test the bot as the flow calls it.
 */

const heardSchema = z.object({
  /** Every string appears in what the caller heard in this step (case-insensitive). */
  hears: z.array(z.string()).optional(),
  hearsNot: z.array(z.string()).optional(),
  /** Every prompt of this step was spoken by this Polly voice. */
  voice: z.string().optional(),
  /** The intent of the bot's last turn in this step. */
  intent: z.string().optional(),
  dialogAction: z.string().optional(),
  /** The call afterwards: waiting for the caller, queued for an agent, or ended. */
  call: z.enum(["waiting", "queued", "ended"]).optional(),
  /** Contact attributes afterwards. */
  attributes: z.record(z.string(), z.string()).optional(),
});

const callTurnSchema = z
  .object({
    /** Said aloud (a bot block hears it; a keypad prompt does not). */
    say: z.string().optional(),
    /** `say` over the prompt still playing (barge-in), not after it. */
    over: z.literal(true).optional(),
    /** Keyed on the phone keypad. */
    keys: z.string().optional(),
    /** The caller stays silent (the prompt's time limit passes). */
    silence: z.literal(true).optional(),
    expect: heardSchema.default({}),
  })
  .refine((t) => [t.say, t.keys, t.silence].filter((v) => v !== undefined).length === 1, {
    message: "a turn is one of say, keys or silence",
  })
  .refine((t) => !t.over || t.say !== undefined, { message: "over goes with say" });

const callSchema = z.object({
  name: z.string(),
  /** The caller's number (caller ID). */
  from: z.string(),
  /** The dialed number; by default the local number of the caller's country. */
  to: z.string().optional(),
  orders: z.array(orderSchema).default([]),
  /** What the caller hears before doing anything. */
  opening: heardSchema.default({}),
  turns: z.array(callTurnSchema).min(1),
  final: z.object({ orders: z.record(z.string(), z.object({ status: z.string() })).optional() }).default({}),
});

export type PhoneCall = z.infer<typeof callSchema>;
const callSuiteSchema = z.object({ calls: z.array(callSchema).min(1) });

/** Loads and validates every `*.yaml` call suite in a folder (sorted by file name). */
export function loadCallSuites(dir: string): { file: string; calls: PhoneCall[] }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const parsed = callSuiteSchema.safeParse(parse(readFileSync(join(dir, file), "utf8")));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return { file, calls: parsed.data.calls };
    });
}

/** The emulator the calls run on. */
export interface CallTarget {
  /** Base URL of the emulator (`/_local/calls`). */
  url: string;
  orders: { doc: DynamoDBDocumentClient; tableName: string };
  timeZoneOf(localeId: string): string;
}

interface CallStep {
  callId: string;
  state: string;
  events: { type: string; text?: string; voice?: string }[];
}
interface CallRecord {
  attributes: Record<string, string>;
  lexTurns: { text: string; intent?: string; dialogAction?: string; messages: string[] }[];
  path: { action: string }[];
  failure: string | null;
}

export interface CallResult {
  name: string;
  failures: string[];
  /** What was said and heard, for failure messages. */
  transcript: string[];
}

/** Places one call, step by step, and checks what the caller heard after each. */
export async function runCall(call: PhoneCall, target: CallTarget): Promise<CallResult> {
  const failures: string[] = [];
  const transcript: string[] = [];
  for (const { shipInDays, ...order } of call.orders) {
    await target.orders.doc.send(
      new PutCommand({
        TableName: target.orders.tableName,
        Item: { ...order, shippingDate: daysFromToday(shipInDays, target.timeZoneOf(order.locale)) },
      }),
    );
  }
  const post = async (path: string, body: unknown): Promise<CallStep> => {
    const res = await fetch(`${target.url}${path}`, { method: "POST", body: JSON.stringify(body) });
    const step = (await res.json()) as CallStep;
    if (res.status !== 200)
      throw new Error(`${path} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(step)}`);
    return step;
  };
  const record = async (id: string) =>
    (await (await fetch(`${target.url}/_local/calls/${encodeURIComponent(id)}`)).json()) as CallRecord;

  const first = await post("/_local/calls", { from: call.from, ...(call.to ? { to: call.to } : {}) });
  const id = first.callId;
  let lexSeen = 0;
  const check = async (where: string, step: CallStep, e: z.infer<typeof heardSchema>) => {
    const prompts = step.events.filter((ev) => ev.type === "prompt");
    for (const p of prompts) transcript.push(`  < ${p.text} [${p.voice ?? ""}]`);
    const heard = prompts
      .map((p) => p.text ?? "")
      .join(" ")
      .toLowerCase();
    for (const s of e.hears ?? [])
      if (!heard.includes(s.toLowerCase())) failures.push(`${where}: did not hear "${s}"`);
    for (const s of e.hearsNot ?? [])
      if (heard.includes(s.toLowerCase())) failures.push(`${where}: heard "${s}"`);
    if (e.voice) {
      if (prompts.length === 0) failures.push(`${where}: heard nothing in ${e.voice}'s voice`);
      for (const p of prompts)
        if (p.voice !== e.voice) failures.push(`${where}: "${p.text}" in ${p.voice}, expected ${e.voice}`);
    }
    if (e.call && step.state !== e.call)
      failures.push(`${where}: the call is ${step.state}, expected ${e.call}`);
    const rec = await record(id);
    const turns = rec.lexTurns.slice(lexSeen);
    lexSeen = rec.lexTurns.length;
    const last = turns.at(-1);
    if (e.intent !== undefined && last?.intent !== e.intent)
      failures.push(`${where}: intent ${last?.intent ?? "(no bot turn)"}, expected ${e.intent}`);
    if (e.dialogAction !== undefined && last?.dialogAction !== e.dialogAction)
      failures.push(
        `${where}: dialog action ${last?.dialogAction ?? "(no bot turn)"}, expected ${e.dialogAction}`,
      );
    for (const [k, v] of Object.entries(e.attributes ?? {}))
      if (rec.attributes[k] !== v)
        failures.push(`${where}: attribute ${k} is ${JSON.stringify(rec.attributes[k])}, expected ${v}`);
  };

  await check("opening", first, call.opening);
  let state = first.state;
  for (const [i, turn] of call.turns.entries()) {
    const what =
      turn.say !== undefined
        ? `${turn.say}${turn.over ? " (over the prompt)" : ""}`
        : turn.keys !== undefined
          ? `keys ${turn.keys}`
          : "(silence)";
    transcript.push(`  > ${what}`);
    if (state !== "waiting") {
      failures.push(`turn ${i + 1} (${what}): the call is ${state}, not waiting`);
      break;
    }
    const input =
      turn.say !== undefined
        ? { say: turn.say, ...(turn.over ? { bargeIn: true } : {}) }
        : turn.keys !== undefined
          ? { dtmf: turn.keys }
          : { silence: true };
    const step = await post(`/_local/calls/${encodeURIComponent(id)}`, input);
    state = step.state;
    await check(`turn ${i + 1} (${what})`, step, turn.expect);
  }
  if (state === "waiting") await post(`/_local/calls/${encodeURIComponent(id)}`, { hangup: true });
  const rec = await record(id);
  if (rec.failure) failures.push(`the flow failed: ${rec.failure}`);
  for (const [orderId, want] of Object.entries(call.final.orders ?? {})) {
    const got = await target.orders.doc.send(
      new GetCommand({ TableName: target.orders.tableName, Key: { orderId } }),
    );
    if (got.Item?.status !== want.status)
      failures.push(`final: order ${orderId} status ${got.Item?.status}, expected ${want.status}`);
  }
  transcript.push(`  [${rec.path.map((p) => p.action).join(" > ")}]`);
  return { name: call.name, failures, transcript };
}
