import { describe, expect, it } from "vitest";
import { dtmfSettings, keyedDigits } from "../../../local/connect/blocks/connect-participant-with-lex-bot.js";

describe("Connect's DTMF session attributes in the bot block", () => {
  it("uses Lex's defaults (# ends, * clears) without attributes", () => {
    expect(dtmfSettings({}, {})).toEqual({ endCharacter: "#", deletionCharacter: "*" });
  });

  it("prefers the most specific key: intent and slot, intent, slot, then any", () => {
    const attrs = {
      "x-amz-lex:dtmf:end-character:*:*": "#",
      "x-amz-lex:dtmf:end-character:*:OrderId": "9",
      "x-amz-lex:dtmf:end-character:CancelOrder:*": "8",
      "x-amz-lex:dtmf:end-character:CancelOrder:OrderId": "7",
    };
    expect(dtmfSettings(attrs, { intent: "CancelOrder", slot: "OrderId" }).endCharacter).toBe("7");
    expect(dtmfSettings(attrs, { intent: "CancelOrder", slot: "PhoneLast4" }).endCharacter).toBe("8");
    expect(dtmfSettings(attrs, { intent: "CheckOrderStatus", slot: "OrderId" }).endCharacter).toBe("9");
    expect(dtmfSettings(attrs, { intent: "CheckOrderStatus", slot: "PhoneLast4" }).endCharacter).toBe("#");
  });

  it.each([
    ["1001#", "#", "*", "1001"],
    ["1001#99", "#", "*", "1001"],
    ["12*1001#", "#", "*", "1001"],
    ["1001", "#", "*", "1001"],
    ["1001A", "A", "B", "1001"],
    ["1001#", "A", "B", "1001#"],
  ])("%s with end %s and deletion %s → %s", (keys, endCharacter, deletionCharacter, digits) => {
    expect(keyedDigits(keys, { endCharacter, deletionCharacter })).toBe(digits);
  });
});
