import { gunzipSync } from "node:zlib";
import { StartOutboundVoiceContactCommand, StartTaskContactCommand } from "@aws-sdk/client-connect";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DeleteSessionCommand,
  GetSessionCommand,
  PutSessionCommand,
  RecognizeTextCommand,
} from "@aws-sdk/client-lex-runtime-v2";
import { PublishCommand } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_PHONE_INDEX } from "../../../fulfillment/src/contracts/tables.js";
import { LOCAL_CALLBACK_FLOW_ID, LOCAL_CONNECT_INSTANCE_ID } from "../../../local/config.js";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import { clientsFor, sessionId } from "./helpers.js";

let emu: RunningEmulator;
let clients: ReturnType<typeof clientsFor>;
const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1" };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  clients = clientsFor(emu.url);
});
afterAll(async () => {
  clients?.destroy();
  await emu?.stop();
});

describe("endpoint", () => {
  it("reports health with the bot ids, table and endpoint", async () => {
    const res = await fetch(`${emu.url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: "ok",
      bot: { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", locales: ["en_US", "ja_JP"] },
      tableName: "Orders",
      endpoint: emu.url,
    });
    expect(body.bot.botId).toMatch(/^[0-9a-zA-Z]{10}$/);
  });

  it("answers an unknown route with an AWS-shaped 404", async () => {
    const res = await fetch(`${emu.url}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect((await res.json()).message).toContain("/nope");
  });
});

describe("DynamoDB", () => {
  it("serves the seeded orders through GetItem and the phone index", async () => {
    const item = await clients.dynamo.send(
      new GetItemCommand({ TableName: "Orders", Key: { orderId: { S: "1001" } } }),
    );
    expect(item.Item?.itemName?.S).toBe("電気ケトル");
    expect(Object.keys(item.Item ?? {}).sort()).toEqual(
      ["customerName", "customerPhone", "itemName", "locale", "orderId", "shippingDate", "status"].sort(),
    );
    const doc = DynamoDBDocumentClient.from(clients.dynamo);
    const q = await doc.send(
      new QueryCommand({
        TableName: "Orders",
        IndexName: CUSTOMER_PHONE_INDEX,
        KeyConditionExpression: "customerPhone = :p",
        ExpressionAttributeValues: { ":p": "+819087654321" },
      }),
    );
    expect(q.Items?.map((i) => i.orderId).sort()).toEqual(["1002", "1003", "1004"]);
  });
});

describe("SNS", () => {
  it("puts a Publish to a phone number in the SMS outbox, in order", async () => {
    await fetch(`${emu.url}/_local/sms`, { method: "DELETE" });
    const out = await clients.sns.send(
      new PublishCommand({ PhoneNumber: "+819012345678", Message: "ご注文を承りました" }),
    );
    expect(out.MessageId).toBeTruthy();
    await clients.sns.send(new PublishCommand({ PhoneNumber: "+12025550123", Message: "second" }));
    const sms = await (await fetch(`${emu.url}/_local/sms`)).json();
    expect(sms.map((s: { phoneNumber: string }) => s.phoneNumber)).toEqual(["+819012345678", "+12025550123"]);
    expect(sms[0]).toMatchObject({ message: "ご注文を承りました" });
    expect(new Date(sms[0].at).toString()).not.toBe("Invalid Date");
  });

  it.each(["090-1234-5678", "12345", "+0123"])(
    "rejects the non-E.164 number %s with InvalidParameter",
    async (n) => {
      await expect(
        clients.sns.send(new PublishCommand({ PhoneNumber: n, Message: "x" })),
      ).rejects.toMatchObject({
        name: "InvalidParameterException",
      });
    },
  );
});

describe("Connect tasks", () => {
  it("records a StartTaskContact callback with the shop-zone offset and honours ClientToken", async () => {
    await fetch(`${emu.url}/_local/callbacks`, { method: "DELETE" });
    const when = new Date(Date.now() + 24 * 3600_000);
    const input = {
      InstanceId: LOCAL_CONNECT_INSTANCE_ID,
      ContactFlowId: LOCAL_CALLBACK_FLOW_ID,
      Name: "Callback 1001",
      Description: "Customer asked for a callback",
      ScheduledTime: when,
      ClientToken: `token-${crypto.randomUUID()}`,
      References: {
        callbackNumber: { Type: "STRING" as const, Value: "+819012345678" },
        orderId: { Type: "STRING" as const, Value: "1001" },
        reason: { Type: "STRING" as const, Value: "delivery" },
      },
      Attributes: {
        locale: "ja_JP",
        timeZone: "Asia/Tokyo",
        callbackNumber: "+819012345678",
        orderId: "1001",
      },
    };
    const first = await clients.connect.send(new StartTaskContactCommand(input));
    const again = await clients.connect.send(new StartTaskContactCommand(input));
    expect(again.ContactId).toBe(first.ContactId);
    const list = await (await fetch(`${emu.url}/_local/callbacks`)).json();
    expect(list).toHaveLength(1);
    // /_local masks callback numbers (issue 11).
    expect(list[0]).toMatchObject({
      phoneNumber: "+81******5678",
      orderId: "1001",
      locale: "ja_JP",
      source: "task",
    });
    expect(list[0].scheduledAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    expect(Math.abs(new Date(list[0].scheduledAt).getTime() - when.getTime())).toBeLessThan(1000);
  });

  it("records StartOutboundVoiceContact and rejects an unknown instance", async () => {
    await fetch(`${emu.url}/_local/callbacks`, { method: "DELETE" });
    await clients.connect.send(
      new StartOutboundVoiceContactCommand({
        InstanceId: LOCAL_CONNECT_INSTANCE_ID,
        ContactFlowId: LOCAL_CALLBACK_FLOW_ID,
        DestinationPhoneNumber: "+12025550123",
        Attributes: { locale: "en_US", orderId: "2001" },
      }),
    );
    const list = await (await fetch(`${emu.url}/_local/callbacks`)).json();
    expect(list).toMatchObject([{ phoneNumber: "+1******0123", source: "outbound", orderId: "2001" }]);
    await expect(
      clients.connect.send(
        new StartTaskContactCommand({ InstanceId: "nope", ContactFlowId: LOCAL_CALLBACK_FLOW_ID, Name: "x" }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("Lex V2 runtime", () => {
  it.each(["h2", "h1"] as const)("runs a turn over %s with the real client", async (proto) => {
    const client = proto === "h2" ? clients.lex : clients.lexH1;
    const out = await client.send(
      new RecognizeTextCommand({
        ...bot,
        localeId: "en_US",
        sessionId: sessionId(proto),
        text: "where is my order",
      }),
    );
    expect(out.sessionState?.intent?.name).toBe("CheckOrderStatus");
    expect(out.messages?.length).toBeGreaterThan(0);
    expect(out.interpretations?.length).toBeLessThanOrEqual(5);
    expect(out.interpretations?.[0]?.nluConfidence?.score).toBeGreaterThan(0.5);
    expect(out.interpretations?.some((i) => i.intent?.name === "FallbackIntent")).toBe(true);
  });

  it("answers Japanese and accepts the test alias", async () => {
    const out = await clients.lex.send(
      new RecognizeTextCommand({
        botId: "ORDERLINE1",
        botAliasId: "TSTALIASID",
        localeId: "ja_JP",
        sessionId: sessionId("ja"),
        text: "注文をキャンセルしたいです",
      }),
    );
    expect(out.sessionState?.intent?.name).toBe("CancelOrder");
  });

  it.each([
    ["empty text", { text: "" }, "ValidationException"],
    ["over-long text", { text: "a".repeat(1025) }, "ValidationException"],
    ["a bad bot id", { botId: "short", text: "hi" }, "ValidationException"],
    ["an unknown bot", { botId: "UNKNOWN123", text: "hi" }, "ResourceNotFoundException"],
    ["an unknown alias", { botAliasId: "NOALIAS123", text: "hi" }, "ResourceNotFoundException"],
    ["an unknown locale", { localeId: "fr_FR", text: "hi" }, "ResourceNotFoundException"],
    ["a bad session id", { sessionId: "bad id!", text: "hi" }, "ValidationException"],
  ])("rejects %s", async (_label, override, errorName) => {
    const input = { ...bot, localeId: "en_US", sessionId: sessionId("err"), ...override };
    await expect(clients.lex.send(new RecognizeTextCommand(input))).rejects.toMatchObject({
      name: errorName,
    });
  });

  it("answers malformed JSON with a 400 and a Lex error type", async () => {
    const res = await fetch(
      `${emu.url}/bots/ORDERLINE1/botAliases/LIVEALIAS1/botLocales/en_US/sessions/s-json/text`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationException");
  });

  it.each([
    ["emoji", "😀😀📦❓"],
    ["control characters", "cancel\u0000\u0007\u001b[31m order"],
    ["SSML", '<speak>cancel <break time="3s"/> my order</speak>'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal template injection attempt is the input.
    ["an injection string", "'; DROP TABLE Orders; -- {{7*7}} ${process.env}"],
    ["1,000 digits", "9".repeat(1000)],
  ])("gives a sane answer to %s", async (_label, text) => {
    const out = await clients.lex.send(
      new RecognizeTextCommand({ ...bot, localeId: "en_US", sessionId: sessionId("odd"), text }),
    );
    expect(out.sessionState?.dialogAction?.type).toBeTruthy();
    expect(out.messages?.length).toBeGreaterThan(0);
    expect(out.messages?.[0]?.content?.length).toBeGreaterThan(0);
  });

  it("puts, gets and deletes a session with gzip+base64 headers", async () => {
    const sid = sessionId("put");
    const put = await clients.lex.send(
      new PutSessionCommand({
        ...bot,
        localeId: "en_US",
        sessionId: sid,
        sessionState: {
          sessionAttributes: { callerPhone: "+12025550123" },
          dialogAction: { type: "ElicitIntent" },
        },
        requestAttributes: { channel: "test" },
      }),
    );
    const decode = (h?: string) => JSON.parse(gunzipSync(Buffer.from(h ?? "", "base64")).toString("utf8"));
    expect(decode(put.sessionState)).toMatchObject({ sessionAttributes: { callerPhone: "+12025550123" } });
    expect(decode(put.requestAttributes)).toEqual({ channel: "test" });
    expect(put.sessionId).toBe(sid);
    const got = await clients.lex.send(new GetSessionCommand({ ...bot, localeId: "en_US", sessionId: sid }));
    expect(got.sessionState?.sessionAttributes).toEqual({ callerPhone: "+12025550123" });
    const del = await clients.lex.send(
      new DeleteSessionCommand({ ...bot, localeId: "en_US", sessionId: sid }),
    );
    expect(del).toMatchObject({ botId: "ORDERLINE1", sessionId: sid, localeId: "en_US" });
    await expect(
      clients.lex.send(new GetSessionCommand({ ...bot, localeId: "en_US", sessionId: sid })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("keeps session attributes across turns and marks keypad input as DTMF", async () => {
    const sid = sessionId("dtmf");
    const first = await clients.lex.send(
      new RecognizeTextCommand({
        ...bot,
        localeId: "en_US",
        sessionId: sid,
        text: "check my order status",
        sessionState: { sessionAttributes: { callerPhone: "+12025550188" } },
      }),
    );
    expect(first.sessionState?.sessionAttributes?.callerPhone).toBe("+12025550188");
    const second = await clients.lex.send(
      new RecognizeTextCommand({
        ...bot,
        localeId: "en_US",
        sessionId: sid,
        text: "2003#",
        requestAttributes: { "x-amz-lex:dtmf-transcript": "2003#" },
      }),
    );
    expect(second.sessionState?.sessionAttributes?.callerPhone).toBe("+12025550188");
    expect(second.requestAttributes).toEqual({ "x-amz-lex:dtmf-transcript": "2003#" });
    expect(JSON.stringify(second.messages)).toMatch(/yoga mat/i);
  });
});
