import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  LexRuntimeV2Client,
  RecognizeTextCommand,
  type RecognizeTextCommandOutput,
} from "@aws-sdk/client-lex-runtime-v2";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";

// AWS errors injected on a quarter of DynamoDB calls and half of SNS calls (seeded, so the run repeats).
const FAULTS = { dynamodb: 0.25, sns: 0.5 };
const CONVERSATIONS = 16;
let emu: RunningEmulator;
let lex: LexRuntimeV2Client;
let doc: DynamoDBDocumentClient;
let raw: DynamoDBClient;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true, faults: FAULTS, faultSeed: 11 });
  const base = {
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  };
  lex = new LexRuntimeV2Client(base);
  // The test's own reads and writes retry through the injected faults.
  raw = new DynamoDBClient({ ...base, maxAttempts: 30, retryStrategy: undefined });
  doc = DynamoDBDocumentClient.from(raw);
});
afterAll(async () => {
  lex.destroy();
  raw.destroy();
  await emu.stop();
});

const phoneOf = (i: number) => `+1202555${String(7100 + i)}`;
const orderOf = (i: number) => String(880_000 + i);

async function turn(
  sessionId: string,
  text: string,
  attrs?: Record<string, string>,
): Promise<RecognizeTextCommandOutput> {
  return lex.send(
    new RecognizeTextCommand({
      botId: emu.ctx.bot.botId,
      botAliasId: emu.ctx.bot.botAliasId,
      localeId: "en_US",
      sessionId,
      text,
      sessionState: attrs ? { sessionAttributes: attrs } : undefined,
    }),
  );
}

describe("cancelling orders while DynamoDB and SNS fail at random", () => {
  it("never loses or half-writes a change, texts only the number on file, and always gives a next step", async () => {
    for (let i = 0; i < CONVERSATIONS; i++) {
      await doc.send(
        new PutCommand({
          TableName: emu.ctx.tables.orders,
          Item: {
            orderId: orderOf(i),
            customerPhone: phoneOf(i),
            customerName: "Fault Test",
            itemName: "lamp",
            shippingDate: "2030-01-10",
            status: "PLACED",
            locale: "en_US",
          },
        }),
      );
    }
    const outcomes = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, i) => {
        const sessionId = `fault-${i}`;
        const replies: RecognizeTextCommandOutput[] = [
          // Voice step-up (issue 11): the order number with the caller ID.
          await turn(sessionId, `I want to cancel my order ${orderOf(i)}`, { callerPhone: phoneOf(i) }),
        ];
        if (replies[0]!.sessionState?.dialogAction?.type === "ConfirmIntent")
          replies.push(await turn(sessionId, "yes"));
        return replies;
      }),
    );
    const sms = (await (await fetch(`${emu.url}/_local/sms`)).json()) as {
      phoneNumber: string;
      message: string;
    }[];
    const kept = await raw.send(new ScanCommand({ TableName: emu.ctx.tables.callbacks }));
    let done = 0;
    let handedOver = 0;
    for (let i = 0; i < CONVERSATIONS; i++) {
      const replies = outcomes[i]!;
      for (const r of replies) expect(r.messages?.length ?? 0).toBeGreaterThan(0);
      const last = replies.at(-1)!;
      const text = (last.messages ?? []).map((m) => m.content).join(" ");
      const item = (
        await doc.send(new GetCommand({ TableName: emu.ctx.tables.orders, Key: { orderId: orderOf(i) } }))
      ).Item!;
      const texts = sms.filter((s) => s.phoneNumber === phoneOf(i));
      if (last.sessionState?.intent?.state === "Fulfilled") {
        done++;
        // The bot said it is cancelled: it is, exactly once, and the text went out or is kept for retry.
        expect(item).toMatchObject({ status: "CANCELLED", version: 1 });
        const late = text.includes("may arrive a little late");
        expect(texts).toHaveLength(late ? 0 : 1);
        // A late text is in the outbox, pending for the retry run.
        if (late)
          expect(
            kept.Items?.some((k) => k.phoneNumber?.S === phoneOf(i) && k.kind?.S === "SMS_PENDING"),
          ).toBe(true);
      } else {
        handedOver++;
        // Otherwise nothing changed and the caller is offered an agent.
        expect(item.status).toBe("PLACED");
        expect(texts).toHaveLength(0);
        expect(last.sessionState?.sessionAttributes?.handoffReason).toBe("system_error");
        expect(text).toMatch(/agent/);
      }
    }
    // SMS only ever go to the numbers on file.
    for (const s of sms)
      expect(Array.from({ length: CONVERSATIONS }, (_, i) => phoneOf(i))).toContain(s.phoneNumber);
    expect(emu.faults.injected.dynamodb).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(0);
    expect(done + handedOver).toBe(CONVERSATIONS);
  });
});
