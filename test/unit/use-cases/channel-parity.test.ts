import { Logger } from "@aws-lambda-powertools/logger";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultShopConfig, type ShopConfig } from "../../../fulfillment/src/config.js";
import { keypadMessage } from "../../../fulfillment/src/connect/actions.js";
import { createConnectHandler } from "../../../fulfillment/src/connect-handler.js";
import type { OrderStatus } from "../../../fulfillment/src/domain/order.js";
import { createLexHandler } from "../../../fulfillment/src/lex-handler.js";
import { type MessageParams, Messages } from "../../../fulfillment/src/messages.js";
import { contactFlowEvent, lexEvent } from "../../support/fulfillment-harness.js";
import { inMemoryDependencies } from "./in-memory-ports.js";

// Friday 10:00 in Tokyo, Thursday 20:00 in New York.
const NOW = new Date("2026-11-20T01:00:00Z");
const LOCALES = ["en_US", "ja_JP"] as const;
type Locale = (typeof LOCALES)[number];
const CALLER: Record<Locale, string> = { en_US: "+12025550123", ja_JP: "+819012345678" };
const TODAY: Record<Locale, string> = { en_US: "2026-11-19", ja_JP: "2026-11-20" };
const IN_FIVE_MINUTES: Record<Locale, string> = { en_US: "20:05", ja_JP: "10:05" };
const ASAP: Record<Locale, string> = { en_US: "as soon as possible", ja_JP: "できるだけ早く" };
const ORDER_ID = "4711";

/** One situation, said to the bot (Lex) and keyed on the keypad menu (Connect). */
interface Situation {
  status?: OrderStatus;
  /** The Lex turn: its slots, and whether the customer has confirmed (then the fulfillment hook runs). */
  lex: { intent: string; slots?: Record<string, string>; transcript?: string; confirmed?: boolean };
  keypad: Record<string, string>;
  /** Someone else changes the order right before the write. */
  loseRace?: boolean;
  /** Failed identity checks elsewhere lock the order right before the write. */
  lockBeforeWrite?: boolean;
  /** Failed identity checks locked the order before this request. */
  locked?: boolean;
  /** A shop with no business day: no callback slot at all. */
  closed?: boolean;
  /** What the use case decides to say, in order: both channels must say these with the same parameters. */
  keys: string[];
  /** Lex: the `outcome` session attribute, or `ElicitSlot` when the slot is asked again with the suggestion. */
  lex_: string;
  /** The keypad's `result`. */
  result: string;
}

const date = (iso: string) => iso.replaceAll("-", "");
const time = (hhmm: string) => hhmm.replace(":", "");

const SITUATIONS: Record<string, (l: Locale) => Situation> = {
  "cancel: already cancelled": () => ({
    status: "CANCELLED",
    lex: { intent: "CancelOrder", slots: { OrderId: ORDER_ID } },
    keypad: { action: "cancelOrder", orderId: ORDER_ID },
    keys: ["cancel.already"],
    lex_: "refused",
    result: "ALREADY_CANCELLED",
  }),
  ...Object.fromEntries(
    (["SHIPPED", "DELIVERED"] as const).map((status) => [
      `cancel: ${status.toLowerCase()}`,
      () => ({
        status,
        lex: { intent: "CancelOrder", slots: { OrderId: ORDER_ID } },
        keypad: { action: "cancelOrder", orderId: ORDER_ID },
        keys: [`cancel.notCancellable.${status}`],
        lex_: "refused",
        result: "NOT_CANCELLABLE",
      }),
    ]),
  ),
  "cancel: changed by someone else before the write": () => ({
    lex: { intent: "CancelOrder", slots: { OrderId: ORDER_ID }, confirmed: true },
    keypad: { action: "cancelOrder", orderId: ORDER_ID },
    loseRace: true,
    keys: ["order.justChanged"],
    lex_: "conflict",
    result: "CONFLICT",
  }),
  "cancel: locked by failed checks before the write": () => ({
    lex: { intent: "CancelOrder", slots: { OrderId: ORDER_ID }, confirmed: true },
    keypad: { action: "cancelOrder", orderId: ORDER_ID },
    lockBeforeWrite: true,
    keys: ["verify.giveUp"],
    lex_: "handoff",
    result: "ERROR",
  }),
  "cancel: locked by failed checks": () => ({
    lex: { intent: "CancelOrder", slots: { OrderId: ORDER_ID }, confirmed: true },
    keypad: { action: "cancelOrder", orderId: ORDER_ID },
    locked: true,
    keys: ["verify.giveUp"],
    lex_: "handoff",
    result: "ERROR",
  }),
  "cancel: done": () => ({
    lex: { intent: "CancelOrder", slots: { OrderId: ORDER_ID }, confirmed: true },
    keypad: { action: "cancelOrder", orderId: ORDER_ID },
    keys: ["cancel.done"],
    lex_: "done",
    result: "CANCELLED",
  }),
  ...Object.fromEntries(
    (["SHIPPED", "DELIVERED", "CANCELLED"] as const).map((status) => [
      `change date: ${status.toLowerCase()}`,
      () => ({
        status,
        lex: { intent: "ChangeShippingDate", slots: { OrderId: ORDER_ID, ShippingDate: "2026-11-30" } },
        keypad: { action: "changeShippingDate", orderId: ORDER_ID, date: "20261130", dryRun: "true" },
        keys: [`changeDate.notChangeable.${status}`],
        lex_: "refused",
        result: "NOT_CHANGEABLE",
      }),
    ]),
  ),
  ...Object.fromEntries(
    (
      [
        ["TOO_SOON", (l: Locale) => TODAY[l]],
        ["TOO_LATE", () => "2027-03-01"],
        ["SAME_DATE", () => "2026-11-26"],
      ] as const
    ).map(([reason, requested]) => [
      `change date: ${reason.toLowerCase().replace("_", " ")}`,
      (l: Locale) => ({
        lex: { intent: "ChangeShippingDate", slots: { OrderId: ORDER_ID, ShippingDate: requested(l) } },
        keypad: { action: "changeShippingDate", orderId: ORDER_ID, date: date(requested(l)), dryRun: "true" },
        keys: [`changeDate.invalid.${reason}`, "changeDate.suggest"],
        lex_: "ElicitSlot",
        result: "INVALID_DATE",
      }),
    ]),
  ),
  "change date: changed by someone else before the write": () => ({
    lex: {
      intent: "ChangeShippingDate",
      slots: { OrderId: ORDER_ID, ShippingDate: "2026-11-30" },
      confirmed: true,
    },
    keypad: { action: "changeShippingDate", orderId: ORDER_ID, date: "20261130" },
    loseRace: true,
    keys: ["order.justChanged"],
    lex_: "conflict",
    result: "CONFLICT",
  }),
  "change date: locked by failed checks before the write": () => ({
    lex: {
      intent: "ChangeShippingDate",
      slots: { OrderId: ORDER_ID, ShippingDate: "2026-11-30" },
      confirmed: true,
    },
    keypad: { action: "changeShippingDate", orderId: ORDER_ID, date: "20261130" },
    lockBeforeWrite: true,
    keys: ["verify.giveUp"],
    lex_: "handoff",
    result: "ERROR",
  }),
  "change date: done": () => ({
    lex: {
      intent: "ChangeShippingDate",
      slots: { OrderId: ORDER_ID, ShippingDate: "2026-11-30" },
      confirmed: true,
    },
    keypad: { action: "changeShippingDate", orderId: ORDER_ID, date: "20261130" },
    keys: ["changeDate.done"],
    lex_: "done",
    result: "CHANGED",
  }),
  ...Object.fromEntries(
    (
      [
        ["TOO_SOON", (l: Locale): [string, string] => [TODAY[l], IN_FIVE_MINUTES[l]]],
        ["TOO_LATE", (): [string, string] => ["2026-12-20", "10:00"]],
        ["OUTSIDE_HOURS", (): [string, string] => ["2026-11-21", "10:00"]],
      ] as const
    ).map(([reason, when]) => [
      `callback: ${reason.toLowerCase().replace("_", " ")}`,
      (l: Locale) => {
        const [d, t] = when(l);
        return {
          lex: { intent: "RequestCallback", slots: { CallbackDate: d, CallbackTime: t } },
          keypad: { action: "requestCallback", date: date(d), time: time(t) },
          keys: [`callback.invalid.${reason}`, "callback.suggest"],
          lex_: "ElicitSlot",
          result: "INVALID_TIME",
        };
      },
    ]),
  ),
  "callback: no slot at all": (l) => ({
    lex: { intent: "RequestCallback", transcript: ASAP[l] },
    keypad: { action: "requestCallback" },
    closed: true,
    keys: ["callback.giveUp"],
    lex_: "handoff",
    result: "INVALID_TIME",
  }),
  "callback: booked": () => ({
    lex: {
      intent: "RequestCallback",
      slots: { CallbackDate: "2026-11-23", CallbackTime: "15:00" },
      confirmed: true,
    },
    keypad: { action: "requestCallback", date: "20261123", time: "1500" },
    keys: ["callback.done"],
    lex_: "done",
    result: "SCHEDULED",
  }),
  "status: shipped": () => ({
    status: "SHIPPED",
    lex: { intent: "CheckOrderStatus", slots: { OrderId: ORDER_ID } },
    keypad: { action: "describeOrder", orderId: ORDER_ID },
    keys: ["status.report.SHIPPED"],
    lex_: "done",
    result: "FOUND",
  }),
  "status: locked by failed checks": () => ({
    lex: { intent: "CheckOrderStatus", slots: { OrderId: ORDER_ID } },
    keypad: { action: "describeOrder", orderId: ORDER_ID },
    locked: true,
    keys: ["verify.giveUp"],
    lex_: "handoff",
    result: "ERROR",
  }),
};

const TABLE = Object.entries(SITUATIONS).flatMap(([name, make]) =>
  LOCALES.map((l) => [name, l, make(l)] as const),
);

const log = new Logger({ serviceName: "test", logLevel: "SILENT" });

/** A fresh world with the caller's one order, and the handler of one channel over it. */
function world(locale: Locale, s: Situation) {
  const ports = inMemoryDependencies(NOW);
  ports.orders.put({
    orderId: ORDER_ID,
    customerPhone: CALLER[locale],
    customerName: locale === "ja_JP" ? "佐藤 花子" : "Jane Smith",
    itemName: locale === "ja_JP" ? "電気ケトル" : "electric kettle",
    shippingDate: "2026-11-26",
    status: s.status ?? "PLACED",
    locale,
    version: 3,
    ...(s.locked ? { lockedUntil: NOW.getTime() + 3_600_000 } : {}),
  });
  ports.orders.loseNextRace = s.loseRace ?? false;
  ports.orders.lockBeforeNextWrite = s.lockBeforeWrite ?? false;
  const defaults = defaultShopConfig();
  const config: ShopConfig = s.closed
    ? { ...defaults, businessHours: { ...defaults.businessHours, days: [] } }
    : defaults;
  return { ports, config };
}

/** Every message a channel said during one request, by key, with its parameters. */
function said(spy: { mock: { calls: unknown[][] } }) {
  return spy.mock.calls.map(([key, params]) => ({
    key: key as string,
    params: (params ?? {}) as MessageParams,
  }));
}

afterEach(() => vi.restoreAllMocks());

describe("Lex and the keypad say the same for the same situation", () => {
  it.each(TABLE)("%s (%s)", async (_name, locale, s) => {
    const t = vi.spyOn(Messages.prototype, "t");

    const lexWorld = world(locale, s);
    const lex = await createLexHandler(
      lexWorld.ports.deps,
      lexWorld.config,
      log,
    )(
      lexEvent({
        intent: s.lex.intent,
        localeId: locale,
        transcript: s.lex.transcript ?? "",
        slots: s.lex.slots,
        attrs: { callerPhone: CALLER[locale] },
        confirmation: s.lex.confirmed ? "Confirmed" : "None",
        source: s.lex.confirmed ? "FulfillmentCodeHook" : "DialogCodeHook",
      }),
    );
    const lexSaid = said(t);
    t.mockClear();

    const keypadWorld = world(locale, s);
    const keypad = await createConnectHandler(
      keypadWorld.ports.deps,
      keypadWorld.config,
      log,
    )(
      contactFlowEvent(s.keypad, {
        from: CALLER[locale],
        contactId: "contact-parity",
        languageCode: locale.replace("_", "-"),
      }),
    );
    const keypadSaid = said(t);

    const lexState = lex.sessionState;
    expect(
      lexState.dialogAction.type === "ElicitSlot" ? "ElicitSlot" : lexState.sessionAttributes.outcome,
    ).toBe(s.lex_);
    expect(keypad.result).toBe(s.result);
    for (const key of s.keys) {
      const byLex = lexSaid.find((m) => m.key === key);
      const byKeypad = keypadSaid.find((m) => m.key === keypadMessage({ key, params: {} }).key);
      expect(byLex, `Lex says ${key}`).toBeDefined();
      expect(byKeypad?.params, `the keypad says ${key} with Lex's parameters`).toEqual(byLex?.params);
      expect(lex.messages?.[0]?.content).toContain(new Messages(locale).t(key, byLex?.params));
    }
    // The keypad's message is the same sentences (in its own wording for follow-up questions).
    const keypadText = s.keys
      .map((key) => keypadMessage({ key, params: lexSaid.find((m) => m.key === key)!.params }))
      .map((ref) => new Messages(locale).t(ref.key, ref.params))
      .join(" ");
    expect(keypad.message).toBe(keypadText);
  });
});
