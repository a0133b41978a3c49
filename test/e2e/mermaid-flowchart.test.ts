import { describe, expect, it } from "vitest";
import { readPath } from "../../local/web/app/flow-diagram.js";
import { readLexTurns } from "../../local/web/app/lex-turns.js";
import { nodeIsBlock, parseFlowchart } from "../../local/web/app/mermaid-flowchart.js";

const DIAGRAM = `flowchart TD
  start((Start)) --> n_menu
  %% a comment
  n_menu["menu<br/>GetParticipantInput (localized)<br/>Press 1 #quot;now#quot;"]
  n_menu -->|1| n_cancel
  n_menu -- NoMatchingError --> n_retry{"retry<br/>Loop<br/>2"}
  n_cancel[["cancel<br/>TransferToFlow<br/>#123;#123;Arn#125;#125;"]] --> n_end(["end<br/>DisconnectParticipant"])
  n_retry -.-> n_menu
  classDef hot fill:#f00
`;

describe("parseFlowchart", () => {
  const graph = parseFlowchart(DIAGRAM);

  it("keeps nodes in first-seen order with their label lines", () => {
    expect(graph.nodes.map((n) => n.id)).toEqual(["start", "n_menu", "n_cancel", "n_retry", "n_end"]);
    expect(graph.nodes[1]!.lines).toEqual(["menu", "GetParticipantInput (localized)", 'Press 1 "now"']);
    expect(graph.nodes[2]!.lines).toEqual(["cancel", "TransferToFlow", "{{Arn}}"]);
  });

  it.each([
    ["start", "n_menu", ""],
    ["n_menu", "n_cancel", "1"],
    ["n_menu", "n_retry", "NoMatchingError"],
    ["n_cancel", "n_end", ""],
    ["n_retry", "n_menu", ""],
  ])("reads the edge %s → %s labelled %j", (from, to, label) => {
    expect(graph.edges).toContainEqual({ from, to, label });
  });

  it("ignores class definitions and comments", () => {
    expect(graph.edges).toHaveLength(5);
  });

  it("matches a flow action id to its node by sanitised id, first label line or localized variant", () => {
    const menu = graph.nodes[1]!;
    expect(nodeIsBlock(menu, "menu")).toBe(true);
    expect(nodeIsBlock(menu, "n_menu")).toBe(true);
    expect(nodeIsBlock(menu, "menu-ja_JP")).toBe(true);
    expect(nodeIsBlock(menu, "menu-invalid")).toBe(false);
  });
});

describe("readPath", () => {
  it("reads the Connect emulator's {flow, action, type} steps", () => {
    expect(
      readPath({ path: [{ flow: "keypad-menu", action: "menu", type: "GetParticipantInput" }] }),
    ).toEqual([{ flow: "keypad-menu", block: "menu", label: "GetParticipantInput (menu)" }]);
  });

  it("accepts plain ids and flow/id strings, and nothing else", () => {
    expect(readPath({ path: ["a", "inbound/b", 3] })).toEqual([
      { flow: undefined, block: "a" },
      { flow: "inbound", block: "b" },
    ]);
    expect(readPath({})).toEqual([]);
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
