import { describe, expect, it } from "vitest";
import { loadShopConfig } from "../../fulfillment/src/config.js";
import { readSettings, SettingsError, shopConfigJson } from "../../infra/settings.js";

const ARN = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555";
const reader =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe("readSettings", () => {
  it("defaults to a safe stack without Connect", () => {
    const s = readSettings(reader({}));
    expect(s).toMatchObject({
      connectInstanceArn: undefined,
      locales: undefined,
      claimPhoneNumber: false,
      phoneNumberCountry: "US",
      phoneNumberType: "DID",
      deletionProtection: true,
      retainData: true,
      detectSentiment: false,
      logRetentionDays: 30,
    });
  });

  it("reads command-line strings as booleans, lists and JSON", () => {
    const s = readSettings(
      reader({
        connectInstanceArn: ARN,
        locales: "en_US,ja_JP",
        deletionProtection: "false",
        claimPhoneNumber: "true",
        timeZones: '{"ja_JP":"Asia/Tokyo"}',
        businessHours: '{"days":[1,2,3,4,5],"start":"10:00","end":"17:00"}',
        dialedNumberLocales: '{"+81312345678":"ja_JP"}',
        logRetentionDays: "90",
      }),
    );
    expect(s.connectInstanceId).toBe("11111111-2222-3333-4444-555555555555");
    expect(s.locales).toEqual(["en_US", "ja_JP"]);
    expect(s.deletionProtection).toBe(false);
    expect(s.claimPhoneNumber).toBe(true);
    expect(s.timeZones).toEqual({ ja_JP: "Asia/Tokyo" });
    expect(s.businessHours).toEqual({ days: [1, 2, 3, 4, 5], start: "10:00", end: "17:00" });
    expect(s.dialedNumberLocales).toEqual({ "+81312345678": "ja_JP" });
    expect(s.logRetentionDays).toBe(90);
  });

  it.each([
    [
      { connectInstanceArn: "arn:aws:connect:us-east-1:1:instance/x" },
      'Invalid context "connectInstanceArn"',
    ],
    [{ locales: "english" }, 'Invalid context "locales": "english" is not a locale id like ja_JP'],
    [{ timeZones: { ja_JP: "Mars/Olympus" } }, 'Invalid context "timeZones"'],
    [{ businessHours: { days: [1], start: "18:00", end: "09:00" } }, "start must be before end"],
    [{ dialedNumberLocales: { "0312345678": "ja_JP" } }, "is not an E.164 number"],
    [{ dialedNumberLocales: { "+0312345678": "ja_JP" } }, "is not an E.164 number"],
    [{ allowedCountries: "jp" }, 'Invalid context "allowedCountries": expected ISO 3166 codes like JP,US'],
    [{ shopConfig: { defaultLocale: "japanese" } }, 'Invalid context "shopConfig": defaultLocale:'],
    [
      { shopConfig: { dialedNumberLocales: {} } },
      'Invalid context "shopConfig": dialedNumberLocales: unknown key',
    ],
    [
      { shopConfig: { callback: { minLeadMinutes: 15, maxDaysAhead: 7 } } },
      'Invalid context "shopConfig": callback',
    ],
    [{ claimPhoneNumber: true }, 'Invalid context "claimPhoneNumber": needs connectInstanceArn'],
    [{ deletionProtection: "yes" }, "expected true or false"],
    [{ logRetentionDays: 10 }, 'Invalid context "logRetentionDays"'],
    [
      {
        connectInstanceArn: ARN,
        existingQueueArn:
          "arn:aws:connect:us-east-1:123456789012:instance/99999999-2222-3333-4444-555555555555/queue/11111111-2222-3333-4444-555555555555",
      },
      "must belong to connectInstanceArn",
    ],
  ])("rejects %j", (values, message) => {
    expect(() => readSettings(reader(values))).toThrow(SettingsError);
    expect(() => readSettings(reader(values))).toThrow(message);
  });
});

describe("shopConfigJson", () => {
  it("is undefined when nothing overrides the fulfillment defaults", () => {
    expect(shopConfigJson(readSettings(reader({})))).toBeUndefined();
  });

  it("merges the pass-through shopConfig with the typed settings", () => {
    const s = readSettings(
      reader({
        shopConfig: { defaultLocale: "ja_JP", timeZones: { en_US: "America/Chicago" } },
        timeZones: { ja_JP: "Asia/Tokyo" },
        allowedCountries: "JP",
        dialedNumberLocales: { "+81312345678": "ja_JP" },
      }),
    );
    expect(JSON.parse(shopConfigJson(s) ?? "{}")).toEqual({
      defaultLocale: "ja_JP",
      timeZones: { en_US: "America/Chicago", ja_JP: "Asia/Tokyo" },
      allowedCountries: ["JP"],
    });
  });

  it("leaves dialedNumberLocales out: the inbound flow picks the locale, not the Lambdas", () => {
    const s = readSettings(reader({ dialedNumberLocales: { "+81312345678": "ja_JP" } }));
    expect(s.dialedNumberLocales).toEqual({ "+81312345678": "ja_JP" });
    expect(shopConfigJson(s)).toBeUndefined();
  });

  it("passes only what the fulfillment's own ShopConfig schema accepts", () => {
    const s = readSettings(reader({ shopConfig: '{"maxDateAttempts":2}' }));
    expect(loadShopConfig({ SHOP_CONFIG: shopConfigJson(s) }).maxDateAttempts).toBe(2);
  });
});
