/**
 * Issue 10: no negated request ever reaches the confirmation of an action ("don't cancel my order" must not be
 * asked "shall I cancel it?"), and a negated answer at a confirmation never confirms. Runs the categorized
 * held-out negation sentences (test inputs, never training data) through the emulator and the real code hook.
 */
import { join } from "node:path";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../../local/emulator.js";
import { loadCategories } from "../../../local/lex/nlu/evaluation.js";
import { clientsFor, sessionId } from "./helpers.js";

const ACTIONS = new Set(["CancelOrder", "ChangeShippingDate", "RequestCallback"]);
const CALLER = { en_US: "+12025558801", ja_JP: "+819011888801" } as const;
const negations = (id: "en_US" | "ja_JP") =>
  (
    loadCategories(join(import.meta.dirname, `../../nlu/categories.${id}.yaml`)).categories.negation ?? []
  ).map((e) => e.text);

let emu: Awaited<ReturnType<typeof startEmulator>>;
let clients: ReturnType<typeof clientsFor>;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true, seed: false });
  clients = clientsFor(emu.url);
  for (const [localeId, phone] of Object.entries(CALLER)) {
    await clients.dynamo.send(
      new PutItemCommand({
        TableName: emu.ctx.tables.orders,
        Item: {
          orderId: { S: localeId === "en_US" ? "88801" : "88802" },
          customerPhone: { S: phone },
          customerName: { S: "Test Caller" },
          itemName: { S: localeId === "en_US" ? "yoga mat" : "加湿器" },
          shippingDate: { S: "2099-01-15" },
          status: { S: "PLACED" },
          locale: { S: localeId },
          version: { N: "1" },
        },
      }),
    );
  }
});
afterAll(async () => {
  clients?.destroy();
  await emu?.stop();
});

const say = (localeId: string, sid: string, text: string, caller?: string, chat = false) =>
  clients.lex.send(
    new RecognizeTextCommand({
      botId: "ORDERLINE1",
      botAliasId: "LIVEALIAS1",
      localeId,
      sessionId: sid,
      text,
      requestAttributes: { "x-amz-lex:channels:platform": chat ? "Connect Chat" : "Connect" },
      ...(caller ? { sessionState: { sessionAttributes: { callerPhone: caller } } } : {}),
    }),
  );

describe.each(["en_US", "ja_JP"] as const)("negated requests, %s", (localeId) => {
  it.each(negations(localeId))("%s → never the confirmation of an action", async (text) => {
    const out = await say(localeId, sessionId("neg"), text, CALLER[localeId]);
    const action = out.sessionState?.dialogAction?.type;
    const intent = out.sessionState?.intent?.name ?? "";
    expect(action === "ConfirmIntent" && ACTIONS.has(intent), `${intent} ${action}`).toBe(false);
    expect(out.sessionState?.intent?.state).not.toBe("Fulfilled");
  });

  it.each(negations(localeId).slice(0, 8))("%s at the confirmation → not confirmed", async (text) => {
    const sid = sessionId("neg-confirm");
    const orderId = localeId === "en_US" ? "88801" : "88802";
    const first = await say(
      localeId,
      sid,
      localeId === "en_US" ? `cancel order ${orderId}` : `注文番号${orderId}をキャンセルしたい`,
      undefined,
      true,
    );
    expect(first.sessionState?.dialogAction?.slotToElicit).toBe("PhoneLast4");
    const verified = await say(localeId, sid, CALLER[localeId].slice(-4), undefined, true);
    expect(verified.sessionState?.dialogAction?.type).toBe("ConfirmIntent");
    const answer = await say(localeId, sid, text, undefined, true);
    expect(answer.sessionState?.intent?.confirmationState).not.toBe("Confirmed");
    expect(answer.sessionState?.intent?.state).not.toBe("Fulfilled");
  });
});
