import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeHookResponseProblems } from "../../../fulfillment/src/contracts/lex-v2.js";
import { stringMapSchema } from "../../support/connect-result-schema.js";
import {
  contactFlowEvent,
  createHarness,
  type Harness,
  lexEvent,
} from "../../support/fulfillment-harness.js";
import { KETTLE_ORDER, type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";

let db: LocalDynamo;
let h: Harness;

beforeAll(async () => {
  db = await startLocalDynamo();
  h = createHarness(db);
  await db.put(KETTLE_ORDER);
});
afterAll(async () => db.stop());

const intents = fc.constantFrom(
  "CancelOrder",
  "ChangeShippingDate",
  "RequestCallback",
  "CheckOrderStatus",
  "TransferToAgent",
  "FallbackIntent",
  "Unknown",
  "",
);
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "1001",
    "０１２３",
    "<speak>hi</speak>",
    "'; DROP TABLE Orders;--",
    "😀😀",
    "\u0000\u0007",
    "9".repeat(1000),
    "明後日",
    "来週の金曜日",
    "+819012345678",
  ),
);

describe("Lex code hook under arbitrary input", () => {
  it.each(readdirSync("test/fixtures/lex"))("answers the %s fixture with a valid response", async (file) => {
    const raw = JSON.parse(readFileSync(`test/fixtures/lex/${file}`, "utf8"));
    const r = await h.lex(raw);
    expect(codeHookResponseProblems(r, { strictest: true })).toEqual([]);
  });

  it("returns a valid Lex response and never throws", async () => {
    await fc.assert(
      fc.asyncProperty(
        intents,
        nasty,
        fc.dictionary(
          fc.constantFrom(
            "OrderId",
            "PhoneLast4",
            "ShippingDate",
            "CallbackDate",
            "CallbackTime",
            "CallbackNumber",
          ),
          fc.option(nasty, { nil: null }),
        ),
        fc.dictionary(
          fc.constantFrom(
            "callerPhone",
            "ol:order",
            "ol:orders",
            "ol:asked",
            "ol:callbackAt",
            "ol:verifyFailures",
          ),
          nasty,
        ),
        fc.constantFrom("None", "Confirmed", "Denied"),
        fc.constantFrom("DialogCodeHook", "FulfillmentCodeHook"),
        fc.constantFrom("en_US", "ja_JP", "fr_FR"),
        async (intent, transcript, slots, attrs, confirmation, source, localeId) => {
          const event = lexEvent({
            intent: intent || "X",
            transcript,
            slots,
            attrs,
            confirmation: confirmation as "None",
            source: source as "DialogCodeHook",
            localeId,
          });
          if (!intent) (event.sessionState.intent as { name?: string }).name = undefined;
          const r = await h.lex(event);
          expect(codeHookResponseProblems(r, { strictest: true })).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it("answers any JSON value with a valid response", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (raw) => {
        expect(codeHookResponseProblems(await h.lex(raw), { strictest: true })).toEqual([]);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe("Connect handler under arbitrary input", () => {
  it("returns a flat string map and never throws", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom("action", "orderId", "date", "time", "dryRun", "locale", "customerPhone"),
          nasty,
        ),
        fc.constantFrom(
          "lookupCaller",
          "describeOrder",
          "cancelOrder",
          "changeShippingDate",
          "requestCallback",
          "x",
        ),
        fc.option(fc.constantFrom("+819012345678", "+12025550123", "anonymous", ""), { nil: null }),
        async (params, action, from) => {
          const r = await h.connect(contactFlowEvent({ ...params, action }, { from, contactId: "fuzz" }));
          expect(stringMapSchema.safeParse(r).success).toBe(true);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it("answers any JSON value with a string map", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (raw) => {
        expect(stringMapSchema.safeParse(await h.connect(raw)).success).toBe(true);
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
