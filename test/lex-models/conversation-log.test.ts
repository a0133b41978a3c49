import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileTurnStore, type LexTurnLogEntry } from "../../local/lex/turn-log.js";

const dir = mkdtempSync(join(tmpdir(), "orderline-conversation-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const turn = (i: number, at = new Date()): LexTurnLogEntry => ({
  at: at.toISOString(),
  botId: "ORDERLINE1",
  aliasId: "LIVEALIAS1",
  localeId: "en_US",
  sessionId: `s${i}`,
  inputMode: "Text",
  input: `turn ${i}`,
  intent: "CancelOrder",
  nluConfidence: 0.9,
  slots: {},
  dialogAction: "ElicitSlot",
  intentState: "InProgress",
  messages: [],
  latencyMs: 1,
});

describe("the conversation log file (data dir)", () => {
  it("survives a restart and stays bounded: the newest turns are kept", () => {
    const file = join(dir, "lex", "conversations.jsonl");
    const store = new FileTurnStore(file, 10);
    for (let i = 0; i < 13; i++) store.append(turn(i));
    // Compacted once past 12 (capacity + a fifth): back to the newest 10, then one more appended.
    expect(store.all().map((t) => t.input)).toEqual(Array.from({ length: 10 }, (_, i) => `turn ${i + 3}`));
    const reopened = new FileTurnStore(file, 10);
    expect(reopened.all()).toEqual(store.all());
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(10);
  });

  it("drops turns older than 30 days on compaction and skips a torn last line", () => {
    const file = join(dir, "old", "conversations.jsonl");
    const now = Date.now();
    const store = new FileTurnStore(file, 2, () => now);
    store.append(turn(1, new Date(now - 40 * 86_400_000)));
    store.append(turn(2));
    store.append(turn(3));
    expect(store.all().map((t) => t.input)).toEqual(["turn 2", "turn 3"]);
    const torn = `${readFileSync(file, "utf8")}{"at":"2026-`;
    writeFileSync(file, torn);
    expect(new FileTurnStore(file, 2).all().map((t) => t.input)).toEqual(["turn 2", "turn 3"]);
  });
});
