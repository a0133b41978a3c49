import { describe, expect, it } from "vitest";
import { type LexTurnLogEntry, MemoryTurnStore } from "../../../local/lex/turn-log.js";

function turn(n: number): LexTurnLogEntry {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    botId: "ORDERLINE1",
    aliasId: "LIVEALIAS1",
    localeId: "en_US",
    sessionId: `s${n}`,
    inputMode: "Text",
    input: `turn ${n}`,
    intent: "CheckOrderStatus",
    nluConfidence: 0.9,
    slots: { OrderId: null },
    dialogAction: "Close",
    intentState: "Fulfilled",
    messages: [`reply ${n}`],
    latencyMs: 1.5,
  };
}

describe("MemoryTurnStore", () => {
  it("keeps the newest turns up to its capacity, oldest first, equal to what was appended", () => {
    const store = new MemoryTurnStore(50);
    for (let n = 0; n < 237; n++) store.append(turn(n));
    const kept = store.all();
    expect(kept).toHaveLength(50);
    expect(kept[0]).toEqual(turn(187));
    expect(kept.at(-1)).toEqual(turn(236));
  });

  it("is empty after clear and keeps counting from there", () => {
    const store = new MemoryTurnStore(3);
    for (let n = 0; n < 5; n++) store.append(turn(n));
    store.clear();
    store.append(turn(9));
    expect(store.all()).toEqual([turn(9)]);
  });
});
