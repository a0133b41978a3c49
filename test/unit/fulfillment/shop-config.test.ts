import { describe, expect, it } from "vitest";
import {
  defaultShopConfig,
  loadShopConfig,
  parseShopConfigOverride,
  SHOP_CONFIG_KEYS,
  ShopConfigError,
} from "../../../fulfillment/src/config.js";

describe("parseShopConfigOverride (the one ShopConfig schema: Lambdas at cold start, infra at synth)", () => {
  it("accepts every key with a valid value", () => {
    const full = {
      timeZones: { en_US: "America/Chicago" },
      defaultLocale: "ja_JP",
      businessHours: { days: [1, 2, 3, 4, 5, 6], start: "10:00", end: "17:00" },
      allowedCountries: ["JP"],
      shippingDate: { minDaysAhead: 1, maxDaysAhead: 30 },
      callback: { minLeadMinutes: 30, maxDaysAhead: 6 },
      maxVerificationAttempts: 2,
      maxDateAttempts: 4,
      verificationLock: { maxFailures: 3, windowHours: 12 },
      voiceStepUp: "smsCode",
      smsPerNumberPerDay: 3,
      greetLatestOrder: true,
    };
    expect(Object.keys(full).sort()).toEqual([...SHOP_CONFIG_KEYS].sort());
    expect(parseShopConfigOverride(full)).toEqual(full);
  });

  it.each([
    [[], "document", "expected a JSON object"],
    [{ dialedNumberLocales: { "+81312345678": "ja_JP" } }, "dialedNumberLocales", "unknown key"],
    [{ timeZones: { ja_JP: "Mars/Olympus" } }, "timeZones", "is not a locale → IANA time zone pair"],
    [{ timeZones: { japanese: "Asia/Tokyo" } }, "timeZones", "is not a locale → IANA time zone pair"],
    [{ defaultLocale: "ja" }, "defaultLocale", "expected a locale id like ja_JP"],
    [{ businessHours: { days: [], start: "09:00", end: "18:00" } }, "businessHours", "expected {"],
    [{ businessHours: { days: [7], start: "09:00", end: "18:00" } }, "businessHours", "expected {"],
    [
      { businessHours: { days: [1], start: "18:00", end: "09:00" } },
      "businessHours",
      "start must be before end",
    ],
    [{ allowedCountries: ["jp"] }, "allowedCountries", "expected ISO 3166 codes like JP,US"],
    [{ shippingDate: { minDaysAhead: 10, maxDaysAhead: 5 } }, "shippingDate", "min ≤ max"],
    [{ callback: { minLeadMinutes: 15, maxDaysAhead: 7 } }, "callback", "maxDaysAhead"],
    [{ maxDateAttempts: 0 }, "maxDateAttempts", "expected an integer from 1 to 10"],
    [{ verificationLock: { maxFailures: 0, windowHours: 24 } }, "verificationLock", "maxFailures"],
    [{ voiceStepUp: "pin" }, "voiceStepUp", '"orderNumber" or "smsCode"'],
    [{ smsPerNumberPerDay: 0 }, "smsPerNumberPerDay", "1 to 50"],
    [{ greetLatestOrder: "yes" }, "greetLatestOrder", "true or false"],
  ])("rejects %j naming %s", (raw, key, problem) => {
    expect(() => parseShopConfigOverride(raw)).toThrow(ShopConfigError);
    try {
      parseShopConfigOverride(raw);
    } catch (error) {
      expect((error as ShopConfigError).key).toBe(key);
      expect((error as ShopConfigError).problem).toContain(problem);
    }
  });
});

describe("loadShopConfig", () => {
  it("is the defaults without SHOP_CONFIG", () => {
    expect(loadShopConfig({})).toEqual(defaultShopConfig());
  });

  it("merges time zones per locale and replaces the other keys", () => {
    const c = loadShopConfig({
      SHOP_CONFIG: '{"timeZones":{"en_US":"America/Chicago"},"maxDateAttempts":2}',
    });
    expect(c.timeZones).toMatchObject({ en_US: "America/Chicago", ja_JP: "Asia/Tokyo" });
    expect(c.maxDateAttempts).toBe(2);
    expect(c.businessHours).toEqual(defaultShopConfig().businessHours);
  });
});
