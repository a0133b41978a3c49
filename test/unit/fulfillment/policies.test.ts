import { describe, expect, it } from "vitest";
import { loadShopConfig } from "../../../fulfillment/src/config.js";
import { checkCallbackTime, earliestCallback } from "../../../fulfillment/src/domain/callback-policy.js";
import { cancelDecision, matchOrderChoice } from "../../../fulfillment/src/domain/order.js";
import { formatPhoneForSpeech, maskPhone, normalizePhone } from "../../../fulfillment/src/domain/phone.js";
import { checkShippingDate } from "../../../fulfillment/src/domain/shipping-date-policy.js";

const rules = { minDaysAhead: 2, maxDaysAhead: 60 };
// 2026-11-20T16:00Z is already Saturday the 21st, 01:00 in Tokyo; still Friday the 20th in New York.
const NOW = new Date("2026-11-20T16:00:00Z");

describe("checkShippingDate", () => {
  it.each([
    ["2026-11-23", "Asia/Tokyo", { ok: true, date: "2026-11-23" }],
    [
      "2026-11-22",
      "Asia/Tokyo",
      { ok: false, reason: "TOO_SOON", first: "2026-11-23", last: "2027-01-20", nearest: "2026-11-23" },
    ],
    ["2026-11-22", "America/New_York", { ok: true, date: "2026-11-22" }],
    ["2027-01-20", "Asia/Tokyo", { ok: true, date: "2027-01-20" }],
    [
      "2027-01-21",
      "Asia/Tokyo",
      { ok: false, reason: "TOO_LATE", first: "2026-11-23", last: "2027-01-20", nearest: "2027-01-20" },
    ],
    [
      "2026-11-26",
      "Asia/Tokyo",
      { ok: false, reason: "SAME_DATE", first: "2026-11-23", last: "2027-01-20", nearest: "2026-11-27" },
    ],
    [
      "2026-11-01",
      "Asia/Tokyo",
      { ok: false, reason: "TOO_SOON", first: "2026-11-23", last: "2027-01-20", nearest: "2026-11-23" },
    ],
  ])("judges %s in %s", (requested, zone, expected) => {
    expect(checkShippingDate(requested, "2026-11-26", rules, zone, NOW)).toEqual(expected);
  });

  it("never suggests the current date as the nearest one", () => {
    expect(checkShippingDate("2026-11-20", "2026-11-23", rules, "Asia/Tokyo", NOW)).toEqual({
      ok: false,
      reason: "TOO_SOON",
      first: "2026-11-23",
      last: "2027-01-20",
      nearest: "2026-11-24",
    });
  });
});

describe("checkCallbackTime", () => {
  const cb = {
    businessHours: { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" },
    minLeadMinutes: 15,
    maxDaysAhead: 6,
  };
  const fridayMorningTokyo = new Date("2026-11-20T01:00:00Z"); // Fri 10:00 JST

  it.each([
    ["2026-11-20", "15:00", true, undefined],
    ["2026-11-20", "10:05", false, "TOO_SOON"],
    ["2026-11-21", "10:00", false, "OUTSIDE_HOURS"],
    ["2026-11-20", "18:00", false, "OUTSIDE_HOURS"],
    ["2026-11-27", "10:00", false, "TOO_LATE"],
  ])("judges %s %s in Tokyo", (date, time, ok, reason) => {
    const r = checkCallbackTime(date, time, cb, "Asia/Tokyo", fridayMorningTokyo);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it("offers Monday 9:00 for a Saturday request", () => {
    const r = checkCallbackTime("2026-11-21", "10:00", cb, "Asia/Tokyo", fridayMorningTokyo);
    expect(!r.ok && r.nearest?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("rounds 'as soon as possible' up to the next quarter hour inside business hours", () => {
    expect(earliestCallback(cb, "Asia/Tokyo", new Date("2026-11-20T01:07:00Z"))?.toISOString()).toBe(
      "2026-11-20T01:30:00.000Z",
    );
    expect(earliestCallback(cb, "America/New_York", new Date("2026-11-20T23:30:00Z"))?.toISOString()).toBe(
      "2026-11-23T14:00:00.000Z",
    );
  });
});

describe("phone numbers", () => {
  it.each([
    ["090-1234-5678", "JP", { ok: true, e164: "+819012345678" }],
    ["０９０１２３４５６７８", "JP", { ok: true, e164: "+819012345678" }],
    ["(202) 555-0134", "US", { ok: true, e164: "+12025550134" }],
    ["+44 20 7946 0958", "US", { ok: false, reason: "COUNTRY_NOT_ALLOWED" }],
    ["12345", "US", { ok: false, reason: "INVALID" }],
    ["call me", "US", { ok: false, reason: "INVALID" }],
  ])("normalises %s (default %s)", async (raw, country, expected) => {
    expect(await normalizePhone(raw, country, ["JP", "US"])).toEqual(expected);
  });

  it.each([
    ["+819012345678", "090-1234-5678"],
    ["+81312345678", "03-1234-5678"],
    ["+12025550123", "(202) 555-0123"],
    ["+442079460958", "+44 20 7946 0958"],
  ])("reads %s back as %s", (e164, spoken) => {
    expect(formatPhoneForSpeech(e164)).toBe(spoken);
  });

  it("masks all but the country code and the last four digits", () => {
    expect(maskPhone("+819012345678")).toBe("+81******5678");
    expect(maskPhone("+12025550123")).toBe("+1******0123");
  });
});

describe("orders", () => {
  it.each([
    ["PLACED", "CANCELLABLE"],
    ["SHIPPED", "NOT_CANCELLABLE"],
    ["DELIVERED", "NOT_CANCELLABLE"],
    ["CANCELLED", "ALREADY_CANCELLED"],
  ] as const)("decides %s → %s", (status, decision) => {
    expect(cancelDecision({ status })).toBe(decision);
  });

  const candidates = [
    { orderId: "2002", itemName: "desk lamp" },
    { orderId: "2003", itemName: "yoga mat" },
    { orderId: "1002", itemName: "加湿器" },
  ];
  it.each([
    ["the yoga mat please", "2003"],
    ["order 2002", "2002"],
    ["２００２です", "2002"],
    ["加湿器の方です", "1002"],
    ["the blue one", null],
  ])("matches the choice %s", (text, id) => {
    expect(matchOrderChoice(text, candidates)?.orderId ?? null).toBe(id);
  });
});

describe("shop config", () => {
  it("takes time zones from the locale files and overrides from SHOP_CONFIG", () => {
    expect(loadShopConfig({}).timeZones).toMatchObject({ en_US: "America/New_York", ja_JP: "Asia/Tokyo" });
    const c = loadShopConfig({
      SHOP_CONFIG: JSON.stringify({
        timeZones: { en_US: "America/Los_Angeles" },
        businessHours: { days: [1, 2, 3, 4, 5, 6], start: "10:00", end: "17:00" },
      }),
    });
    expect(c.timeZones).toMatchObject({ en_US: "America/Los_Angeles", ja_JP: "Asia/Tokyo" });
    expect(c.businessHours.start).toBe("10:00");
  });

  it("rejects an invalid override", () => {
    expect(() =>
      loadShopConfig({ SHOP_CONFIG: JSON.stringify({ businessHours: { days: [9], start: "9", end: "x" } }) }),
    ).toThrow();
  });
});
