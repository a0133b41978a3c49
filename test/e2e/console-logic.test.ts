import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FlowContent } from "../../flows/src/flow-types.js";
import { checkCallerNumber } from "../../local/web/app/caller-number.js";
import { buildFlowGraph, highlightPath, readPath, START_NODE } from "../../local/web/app/flow-graph.js";
import { readLexTurns } from "../../local/web/app/lex-turns.js";

const FLOWS = join(import.meta.dirname, "..", "..", "flows");
const flow = (key: string) => JSON.parse(readFileSync(join(FLOWS, `${key}.json`), "utf8")) as FlowContent;

describe("buildFlowGraph", () => {
  const keypad = buildFlowGraph("keypad-menu", flow("keypad-menu"));

  it("draws every action once, folding each localized block into one node", () => {
    const actions = flow("keypad-menu").Actions.map((a) => a.Identifier);
    expect(keypad.nodes[0]!.id).toBe(START_NODE);
    for (const id of actions) expect(keypad.nodeOf.has(id), id).toBe(true);
    expect(keypad.nodeOf.get("menu-ja_JP")).toBe("menu");
    expect(keypad.nodeOf.get("menu-en_US")).toBe("menu");
    expect(keypad.nodes.map((n) => n.id)).not.toContain("menu-ja_JP");
    expect(keypad.nodes.length).toBeLessThan(actions.length);
  });

  it("describes a localized block with the copy of the viewer's language", () => {
    const menu = keypad.nodes.find((n) => n.id === "menu")!;
    expect(menu.type).toBe("GetParticipantInput");
    expect(menu.shown.ja_JP!.Parameters.Text).toMatch(/キャンセルは1/);
    expect(menu.shown.en_US!.Parameters.Text).toMatch(/To cancel an order, press 1/);
  });

  it("keeps the branches with their conditions and errors, targets folded", () => {
    expect(keypad.edges).toContainEqual({
      from: "menu",
      to: "to-agent",
      label: { kind: "condition", operator: "Equals", operands: ["0"] },
    });
    expect(keypad.edges.some((e) => e.from === "menu" && e.label.kind === "error")).toBe(true);
    expect(keypad.edges.every((e) => keypad.nodes.some((n) => n.id === e.to))).toBe(true);
  });
});

describe("highlightPath", () => {
  const keypad = buildFlowGraph("keypad-menu", flow("keypad-menu"));

  it("marks the visited blocks, the branches taken and the current block of this flow only", () => {
    const h = highlightPath(keypad, [
      { flow: "inbound", block: "greet-again" },
      { flow: "keypad-menu", block: keypad.start },
      { flow: "keypad-menu", block: "menu" },
      { flow: "keypad-menu", block: "menu-ja_JP" },
      { flow: "keypad-menu", block: "to-agent" },
    ]);
    expect(h.current).toBe("to-agent");
    expect(h.visited).toContain("menu");
    expect(h.taken).toContain(`${START_NODE}|${keypad.nodeOf.get(keypad.start)}`);
    expect(h.taken).toContain("menu|to-agent");
    expect(h.visited).not.toContain("greet-again");
  });

  it("has no current block when the contact has moved on to another flow", () => {
    const h = highlightPath(keypad, [
      { flow: "keypad-menu", block: "menu" },
      { flow: "agent-transfer", block: "check-hours" },
    ]);
    expect(h.current).toBeUndefined();
    expect(h.visited).toContain("menu");
  });
});

describe("readPath", () => {
  it("reads the Connect emulator's {flow, action, type} steps", () => {
    expect(
      readPath({ path: [{ flow: "keypad-menu", action: "menu", type: "GetParticipantInput" }] }),
    ).toEqual([{ flow: "keypad-menu", block: "menu", label: "GetParticipantInput" }]);
  });

  it("accepts plain ids and flow/id strings, and nothing else", () => {
    expect(readPath({ path: ["a", "inbound/b", 3] })).toEqual([
      { flow: undefined, block: "a" },
      { flow: "inbound", block: "b" },
    ]);
    expect(readPath({})).toEqual([]);
  });
});

describe("checkCallerNumber", () => {
  const SHOP = ["JP", "US"];
  it.each([
    ["090-1111-2222", "JP", "+819011112222"],
    ["09011112222", "JP", "+819011112222"],
    ["+81 90 1111 2222", "US", "+819011112222"],
    ["(202) 555-0123", "US", "+12025550123"],
    ["202-555-0123", "US", "+12025550123"],
    ["+1 202 555 0123", "JP", "+12025550123"],
    ["+1 555 555 0100", "JP", "+15555550100"],
  ])("accepts %s read in %s as %s", (input, country, e164) => {
    expect(checkCallerNumber(input, country, SHOP)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ["", "JP", { ok: false, reason: "empty" }],
    ["090-1111", "JP", { ok: false, reason: "invalid", country: "JP" }],
    ["hello", "US", { ok: false, reason: "invalid", country: "US" }],
    ["+44 20 7946 0958", "JP", { ok: false, reason: "country", country: "GB" }],
  ])("refuses %j (read in %s) with a reason", (input, country, expected) => {
    expect(checkCallerNumber(input, country, SHOP)).toEqual(expected);
  });
});

describe("readLexTurns", () => {
  it("reads a call record's lex turns", () => {
    const turns = readLexTurns(
      {
        lex: [
          {
            text: "キャンセルしたい",
            inputMode: "Speech",
            intent: "CancelOrder",
            intentState: "InProgress",
            messages: ["ご注文番号を教えてください。"],
          },
        ],
      },
      "call-1",
    );
    expect(turns).toEqual([
      {
        conversation: "call-1",
        input: "キャンセルしたい",
        intent: "CancelOrder",
        slots: "",
        confidence: "",
        dialogState: "InProgress",
        reply: "ご注文番号を教えてください。",
      },
    ]);
  });

  it("reads Lex-shaped turns with interpretations and slots", () => {
    const [turn] = readLexTurns([
      {
        sessionId: "s1",
        inputTranscript: "cancel order 2001",
        sessionState: {
          dialogAction: { type: "ConfirmIntent" },
          intent: {
            name: "CancelOrder",
            slots: { OrderId: { value: { interpretedValue: "2001" } }, PhoneLast4: null },
          },
        },
        interpretations: [{ intent: { name: "CancelOrder" }, nluConfidence: { score: 0.912 } }],
        messages: [{ contentType: "PlainText", content: "Shall I cancel it?" }],
      },
    ]);
    expect(turn).toEqual({
      conversation: "s1",
      input: "cancel order 2001",
      intent: "CancelOrder",
      slots: "OrderId=2001\nPhoneLast4=",
      confidence: "0.91",
      dialogState: "ConfirmIntent",
      reply: "Shall I cancel it?",
    });
  });

  it("reads the emulator's turn log (GET /_local/lex/turns)", () => {
    const entry = {
      at: "2026-11-21T10:00:00.000Z",
      botId: "ORDERLINE1",
      aliasId: "LIVEALIAS1",
      localeId: "en_US",
      sessionId: "contact-7",
      inputMode: "Text",
      input: "{PhoneLast4}",
      intent: "CancelOrder",
      nluConfidence: 0.876,
      slots: { OrderId: "2001", PhoneLast4: "****" },
      dialogAction: "ConfirmIntent",
      intentState: "InProgress",
      messages: ["Shall I cancel it?"],
      latencyMs: 12.5,
    };
    const failed = { ...entry, intent: null, nluConfidence: null, slots: {}, error: "ValidationException" };
    expect(readLexTurns([entry, failed])).toEqual([
      {
        conversation: "contact-7",
        input: "{PhoneLast4}",
        intent: "CancelOrder",
        slots: "OrderId=2001\nPhoneLast4=****",
        confidence: "0.88",
        dialogState: "ConfirmIntent · InProgress",
        reply: "Shall I cancel it?",
      },
      {
        conversation: "contact-7",
        input: "{PhoneLast4}",
        intent: "",
        slots: "",
        confidence: "",
        dialogState: "ValidationException",
        reply: "Shall I cancel it?",
      },
    ]);
  });
});
