import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type LexModelsV2ServiceException,
  ListAggregatedUtterancesCommand,
  ListIntentMetricsCommand,
  ListIntentPathsCommand,
  ListIntentStageMetricsCommand,
  ListSessionAnalyticsDataCommand,
  ListSessionMetricsCommand,
  ListUtteranceAnalyticsDataCommand,
} from "@aws-sdk/client-lex-models-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InsightsReport } from "../../local/lex-models/insights.js";
import { runInsights } from "../../local/tools/insights.js";
import { SEEDED, seedDay } from "./seeded-day.js";
import { ALIAS_ID, BOT_ID, startModelsEmulator } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "orderline-seeded-"));
let env: Awaited<ReturnType<typeof startModelsEmulator>>;
const now = new Date();
const day = { botId: BOT_ID, startDateTime: new Date(now.getTime() - 24 * 3_600_000), endDateTime: now };

beforeAll(async () => {
  seedDay(dataDir, now);
  env = await startModelsEmulator({ dataDir });
});
afterAll(async () => {
  await env?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const value = (r: { metricsResults?: { name?: string; value?: number }[] }, name: string) =>
  r.metricsResults?.find((m) => m.name === name)?.value;
const key = (r: { groupByKeys?: { name?: string; value?: string }[] }, name: string) =>
  r.groupByKeys?.find((k) => k.name === name)?.value;

describe("analytics of a seeded day (persisted conversation log)", () => {
  it("counts conversations by end state as Lex defines them", async () => {
    const out = await env.models.send(
      new ListSessionMetricsCommand({
        ...day,
        metrics: ["Count", "Success", "Failure", "Dropped"].map((name) => ({
          name: name as "Count",
          statistic: "Sum",
        })),
      }),
    );
    const [row] = out.results!;
    expect([
      value(row!, "Count"),
      value(row!, "Success"),
      value(row!, "Failure"),
      value(row!, "Dropped"),
    ]).toEqual([
      SEEDED.conversations,
      SEEDED.endStates.Success,
      SEEDED.endStates.Failure,
      SEEDED.endStates.Dropped,
    ]);
  });

  it("bins sessions by hour and groups them by locale", async () => {
    const binned = await env.models.send(
      new ListSessionMetricsCommand({
        ...day,
        metrics: [{ name: "Count", statistic: "Sum" }],
        binBy: [{ name: "ConversationStartTime", interval: "OneHour", order: "Ascending" }],
      }),
    );
    expect(binned.results).toHaveLength(6);
    const bins = binned.results!.map((r) => Number(r.binKeys![0]!.value));
    expect(bins).toEqual([...bins].sort((a, b) => a - b));
    expect(bins.every((b) => b % 3_600_000 === 0)).toBe(true);
    const byLocale = await env.models.send(
      new ListSessionMetricsCommand({
        ...day,
        metrics: [{ name: "Count", statistic: "Sum" }],
        groupBy: [{ name: "LocaleId" }],
      }),
    );
    expect(Object.fromEntries(byLocale.results!.map((r) => [key(r, "LocaleId"), value(r, "Count")]))).toEqual(
      {
        en_US: 5,
        ja_JP: 1,
      },
    );
  });

  it("classifies intents as success, failure, switched and dropped", async () => {
    const out = await env.models.send(
      new ListIntentMetricsCommand({
        ...day,
        groupBy: [{ name: "IntentName" }],
        metrics: ["Count", "Success", "Failure", "Switched", "Dropped"].map((name) => ({
          name: name as "Count",
          statistic: "Sum",
        })),
      }),
    );
    const table = Object.fromEntries(
      out.results!.map((r) => [
        key(r, "IntentName"),
        ["Count", "Success", "Failure", "Switched", "Dropped"].map((m) => value(r, m)),
      ]),
    );
    expect(table).toEqual({
      CancelOrder: [2, 1, 1, 0, 0],
      FallbackIntent: [2, 0, 0, 1, 1],
      TransferToAgent: [1, 1, 0, 0, 0],
      ChangeShippingDate: [1, 0, 0, 0, 1],
      CheckOrderStatus: [1, 1, 0, 0, 0],
    });
  });

  it("lists missed utterances, sessions (sorted, paged) and intent paths", async () => {
    const missed = await env.models.send(
      new ListUtteranceAnalyticsDataCommand({
        ...day,
        filters: [{ name: "UtteranceState", operator: "EQ", values: ["Missed"] }],
        sortBy: { name: "UtteranceTimestamp", order: "Ascending" },
      }),
    );
    expect(missed.utterances?.map((u) => u.utterance)).toEqual(SEEDED.missedUtterances);
    expect(missed.utterances?.every((u) => u.utteranceUnderstood === false)).toBe(true);

    const first = await env.models.send(
      new ListSessionAnalyticsDataCommand({
        ...day,
        sortBy: { name: "NumberOfTurns", order: "Descending" },
        maxResults: 4,
      }),
    );
    expect(first.sessions?.[0]).toMatchObject({
      sessionId: "s1",
      numberOfTurns: 4,
      conversationEndState: "Success",
    });
    expect(first.nextToken).toBeDefined();
    const rest = await env.models.send(
      new ListSessionAnalyticsDataCommand({
        ...day,
        sortBy: { name: "NumberOfTurns", order: "Descending" },
        maxResults: 4,
        nextToken: first.nextToken,
      }),
    );
    expect(rest.sessions).toHaveLength(2);
    expect(rest.nextToken).toBeUndefined();

    const root = await env.models.send(new ListIntentPathsCommand({ ...day, intentPath: "/" }));
    expect(root.nodeSummaries?.map((n) => [n.intentName, n.intentCount, n.nodeType])).toEqual(
      expect.arrayContaining([
        ["CancelOrder", 2, "Exit"],
        ["FallbackIntent", 2, "Inner"],
      ]),
    );
    const after = await env.models.send(
      new ListIntentPathsCommand({ ...day, intentPath: "/FallbackIntent" }),
    );
    expect(after.nodeSummaries).toEqual([
      {
        intentName: "TransferToAgent",
        intentPath: "/FallbackIntent/TransferToAgent",
        intentCount: 1,
        intentLevel: 2,
        nodeType: "Exit",
      },
    ]);
  });

  it("measures the stages of an intent: slots asked, confirmation, fulfilment", async () => {
    const out = await env.models.send(
      new ListIntentStageMetricsCommand({
        ...day,
        filters: [{ name: "IntentName", operator: "EQ", values: ["CancelOrder"] }],
        groupBy: [{ name: "IntentStageName" }],
        metrics: ["Count", "Success", "Failed"].map((name) => ({ name: name as "Count", statistic: "Sum" })),
      }),
    );
    const table = Object.fromEntries(
      out.results!.map((r) => [
        key(r, "IntentStageName"),
        ["Count", "Success", "Failed"].map((m) => value(r, m)),
      ]),
    );
    expect(table).toEqual({
      OrderId: [2, 2, 0],
      PhoneLast4: [2, 1, 1],
      Confirmation: [1, 1, 0],
      Fulfillment: [2, 1, 1],
    });
  });

  it("aggregates utterances for the last 24 hours, missed ones first", async () => {
    const out = await env.models.send(
      new ListAggregatedUtterancesCommand({
        botId: BOT_ID,
        botAliasId: ALIAS_ID,
        localeId: "en_US",
        aggregationDuration: { relativeAggregationDuration: { timeDimension: "Hours", timeValue: 24 } },
        sortBy: { attribute: "MissedCount", order: "Descending" },
        maxResults: 3,
      }),
    );
    expect(out.aggregatedUtterancesSummaries?.map((u) => [u.utterance, u.missedCount])).toEqual(
      SEEDED.missedUtterances.map((u) => [u, 1]),
    );
    const wrong = await env.models
      .send(
        new ListAggregatedUtterancesCommand({
          botId: BOT_ID,
          botAliasId: ALIAS_ID,
          localeId: "en_US",
          aggregationDuration: { relativeAggregationDuration: { timeDimension: "Hours", timeValue: 5 } },
        }),
      )
      .catch((e: unknown) => e);
    expect((wrong as LexModelsV2ServiceException).name).toBe("ValidationException");
  });

  it("npm run insights -- --target local gives the day's containment, funnel and missed utterances", async () => {
    const lines: string[] = [];
    const { code, report } = await runInsights(
      ["--target", "local", "--endpoint", env.emu.url, "--since", "24h"],
      {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
      },
    );
    expect({ code, lines: code === 0 ? [] : lines }).toEqual({ code: 0, lines: [] });
    const r = report as InsightsReport;
    expect([r.conversations, r.contained, r.containment]).toEqual([
      SEEDED.conversations,
      SEEDED.contained,
      SEEDED.contained / SEEDED.conversations,
    ]);
    expect([r.utterances, r.missed]).toEqual([SEEDED.utterances, SEEDED.missed]);
    expect(r.funnel.find((f) => f.intent === "CancelOrder")).toEqual({
      intent: "CancelOrder",
      ...SEEDED.cancelOrderFunnel,
    });
    expect(r.handoffReasons).toEqual(expect.arrayContaining(SEEDED.handoffReasons));
    expect(r.topMissed.map((m) => m.utterance).sort()).toEqual(SEEDED.missedUtterances);
    expect(lines.join("\n")).toMatch(/contained 4 \(66\.7%\)/);
    const web = (await (await fetch(`${env.emu.url}/_local/insights?since=24h`)).json()) as InsightsReport;
    expect(web.containment).toBe(r.containment);
  });
});
