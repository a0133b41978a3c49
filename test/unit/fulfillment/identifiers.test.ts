import { describe, expect, it } from "vitest";
import { parseOrderId } from "../../../fulfillment/src/domain/order.js";
import { toE164 } from "../../../fulfillment/src/domain/phone.js";
import {
  isFromConversation,
  parseRequestKey,
  type RequestOrigin,
  requestKey,
} from "../../../fulfillment/src/domain/request-key.js";

describe("parseOrderId", () => {
  it.each([
    ["1002", "1002"],
    ["１００２", "1002"],
    ["order 1002", "1002"],
    ["10-02#", "1002"],
    ["12", undefined],
    ["12345678901", undefined],
    ["the kettle", undefined],
  ])("reads %s as %s", (text, id) => {
    expect(parseOrderId(text)).toBe(id);
  });
});

describe("toE164", () => {
  it.each([
    ["+819012345678", "+819012345678"],
    [" +12025550123 ", "+12025550123"],
    ["+12", "+12"],
    ["+123456789012345", "+123456789012345"],
    ["+1234567890123456", undefined],
    ["+0123", undefined],
    ["819012345678", undefined],
    ["+81 90 1234 5678", undefined],
    ["", undefined],
  ])("gives %s as %s", (value, e164) => {
    expect(toE164(value)).toBe(e164);
  });
});

describe("request keys", () => {
  const lex: RequestOrigin = { channel: "lex", conversationId: "session:with:colons" };
  const connect: RequestOrigin = {
    channel: "connect",
    conversationId: "c0ffee00-1111-2222-3333-444455556666",
  };

  it.each([
    [connect, "cancelOrder", ["1002"], "connect:c0ffee00-1111-2222-3333-444455556666:cancelOrder:1002"],
    [lex, "cancelOrder", ["1002"], "lex:session:with:colons:CancelOrder:1002"],
    [
      lex,
      "changeShippingDate",
      ["1002", "2026-11-30"],
      "lex:session:with:colons:ChangeShippingDate:1002:2026-11-30",
    ],
    [
      connect,
      "requestCallback",
      ["2026-11-20T01:15:00.000Z", "+819012345678"],
      "connect:c0ffee00-1111-2222-3333-444455556666:requestCallback:2026-11-20T01:15:00.000Z:+819012345678",
    ],
  ] as const)("keeps the stored format and reads it back (%#)", (origin, request, subject, stored) => {
    const key = requestKey(origin, request, ...subject);
    expect(key).toBe(stored);
    expect(parseRequestKey(key)).toEqual({ ...origin, request, subject: subject.join(":") });
  });

  it("tells a key of this conversation from others and from foreign values", () => {
    const key = requestKey(connect, "cancelOrder", "1002");
    expect(isFromConversation(key, connect)).toBe(true);
    expect(isFromConversation(key, { ...connect, conversationId: "other" })).toBe(false);
    expect(isFromConversation(key, { ...lex, conversationId: connect.conversationId })).toBe(false);
    expect(parseRequestKey("shop:back-office")).toBeUndefined();
    expect(parseRequestKey(undefined)).toBeUndefined();
  });
});
