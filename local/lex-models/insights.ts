/**
 * The bot owner's report: containment, the per-intent funnel, fallback rates, top missed utterances and handoff
 * reasons — from the Lex Models API analytics plus Orderline's outcome metrics. One code path for the emulator and
 * AWS: only the Models API client's endpoint and the outcome source differ.
 */
import {
  type LexModelsV2Client,
  ListAggregatedUtterancesCommand,
  ListBotLocalesCommand,
  ListIntentMetricsCommand,
  ListSessionMetricsCommand,
} from "@aws-sdk/client-lex-models-v2";
import {
  FUNNEL_STAGES,
  type FunnelStage,
  type OutcomeRecord,
} from "../../fulfillment/src/observability/outcome-metrics.js";

/** Counts of the outcome metrics over a window (CloudWatch sums, or the emulator's outcome log). */
export interface OutcomeCounts {
  outcomes: { intent: string; outcome: string; count: number }[];
  handoffs: { reason: string; count: number }[];
  funnel: { intent: string; stage: FunnelStage; count: number }[];
  fallbacks: { fromIntent: string; count: number }[];
}

/** Where the outcome metrics come from. */
export interface OutcomeSource {
  counts(start: Date, end: Date): Promise<OutcomeCounts>;
}

export interface InsightsReport {
  window: { start: string; end: string };
  conversations: number;
  /** Conversations that ended without an agent (no handoff). */
  contained: number;
  /** contained / conversations (0 when none). */
  containment: number;
  endStates: { Success: number; Failure: number; Dropped: number };
  utterances: number;
  missed: number;
  /** missed / utterances: how often the bot fell back to FallbackIntent. */
  fallbackRate: number;
  intents: {
    intent: string;
    count: number;
    success: number;
    failure: number;
    switched: number;
    dropped: number;
    /** Fallbacks while this intent was open / times it started. */
    fallbackRate: number;
  }[];
  funnel: ({ intent: string } & Record<FunnelStage, number>)[];
  handoffReasons: { reason: string; count: number }[];
  outcomes: { intent: string; outcome: string; count: number }[];
  topMissed: { localeId: string; utterance: string; count: number }[];
}

/** Aggregates outcome records (the emulator's log) into the counts CloudWatch would sum. */
export function countOutcomes(records: OutcomeRecord[], start: Date, end: Date): OutcomeCounts {
  const bump = <K extends string>(map: Map<string, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  const outcomes = new Map<string, number>();
  const handoffs = new Map<string, number>();
  const funnel = new Map<string, number>();
  const fallbacks = new Map<string, number>();
  for (const r of records) {
    const at = Date.parse(r.at);
    if (at < start.getTime() || at >= end.getTime()) continue;
    if (r.outcome) bump(outcomes, `${r.intent}\u0000${r.outcome}`);
    if (r.outcome === "handoff") bump(handoffs, r.handoffReason ?? "unknown");
    for (const s of r.stages) bump(funnel, `${r.intent}\u0000${s}`);
    if (r.fallbackFrom) bump(fallbacks, r.fallbackFrom);
  }
  const split = (k: string) => k.split("\u0000") as [string, string];
  return {
    outcomes: [...outcomes].map(([k, count]) => ({ intent: split(k)[0], outcome: split(k)[1], count })),
    handoffs: [...handoffs].map(([reason, count]) => ({ reason, count })),
    funnel: [...funnel].map(([k, count]) => ({
      intent: split(k)[0],
      stage: split(k)[1] as FunnelStage,
      count,
    })),
    fallbacks: [...fallbacks].map(([fromIntent, count]) => ({ fromIntent, count })),
  };
}

/** Reads the Models API analytics and the outcome counts for [start, end) and joins them into the report. */
export async function collectInsights(
  client: LexModelsV2Client,
  target: { botId: string; botAliasId: string },
  outcomes: OutcomeSource,
  start: Date,
  end: Date,
): Promise<InsightsReport> {
  const { botId, botAliasId } = target;
  const window = { botId, startDateTime: start, endDateTime: end };
  const aliasFilter = [{ name: "BotAliasId" as const, operator: "EQ" as const, values: [botAliasId] }];
  const sessions = await client.send(
    new ListSessionMetricsCommand({
      ...window,
      filters: aliasFilter,
      metrics: ["Count", "Success", "Failure", "Dropped"].map((name) => ({
        name: name as "Count",
        statistic: "Sum",
      })),
    }),
  );
  const s = sessions.results?.[0]?.metricsResults ?? [];
  const metric = (name: string) => s.find((m) => m.name === name)?.value ?? 0;
  const intentRows = await client.send(
    new ListIntentMetricsCommand({
      ...window,
      filters: aliasFilter,
      groupBy: [{ name: "IntentName" }],
      metrics: ["Count", "Success", "Failure", "Switched", "Dropped"].map((name) => ({
        name: name as "Count",
        statistic: "Sum",
      })),
    }),
  );
  const counts = await outcomes.counts(start, end);

  // Missed utterances: ListAggregatedUtterances only takes fixed windows; the smallest covering one is used.
  const hours = (end.getTime() - start.getTime()) / 3_600_000;
  const rel =
    [1, 3, 6, 12, 24].find((h) => hours <= h) !== undefined
      ? { timeDimension: "Hours" as const, timeValue: [1, 3, 6, 12, 24].find((h) => hours <= h)! }
      : hours <= 72
        ? { timeDimension: "Days" as const, timeValue: 3 }
        : { timeDimension: "Weeks" as const, timeValue: hours <= 168 ? 1 : 2 };
  const locales = await client.send(new ListBotLocalesCommand({ botId, botVersion: "DRAFT" }));
  let utterances = 0;
  let missed = 0;
  const topMissed: InsightsReport["topMissed"] = [];
  for (const l of locales.botLocaleSummaries ?? []) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListAggregatedUtterancesCommand({
          botId,
          botAliasId,
          localeId: l.localeId,
          aggregationDuration: { relativeAggregationDuration: rel },
          maxResults: 1000,
          nextToken,
        }),
      );
      for (const u of page.aggregatedUtterancesSummaries ?? []) {
        utterances += (u.hitCount ?? 0) + (u.missedCount ?? 0);
        missed += u.missedCount ?? 0;
        if ((u.missedCount ?? 0) > 0) {
          topMissed.push({ localeId: l.localeId!, utterance: u.utterance!, count: u.missedCount! });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  topMissed.sort((a, b) => b.count - a.count || a.utterance.localeCompare(b.utterance));

  const conversations = metric("Count");
  const handedOff = counts.handoffs.reduce((n, h) => n + h.count, 0);
  const contained = Math.max(0, conversations - handedOff);
  const started = (intent: string) =>
    counts.funnel.find((f) => f.intent === intent && f.stage === "started")?.count ?? 0;
  const intents = (intentRows.results ?? [])
    .map((r) => {
      const v = (name: string) => r.metricsResults?.find((m) => m.name === name)?.value ?? 0;
      const intent = r.groupByKeys?.find((k) => k.name === "IntentName")?.value ?? "";
      const fellBack = counts.fallbacks.find((f) => f.fromIntent === intent)?.count ?? 0;
      return {
        intent,
        count: v("Count"),
        success: v("Success"),
        failure: v("Failure"),
        switched: v("Switched"),
        dropped: v("Dropped"),
        fallbackRate: started(intent) > 0 ? fellBack / started(intent) : 0,
      };
    })
    .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent));
  const funnelIntents = [...new Set(counts.funnel.map((f) => f.intent))].sort();
  const funnel = funnelIntents.map((intent) => {
    const row = { intent } as { intent: string } & Record<FunnelStage, number>;
    for (const stage of FUNNEL_STAGES) {
      row[stage] = counts.funnel.find((f) => f.intent === intent && f.stage === stage)?.count ?? 0;
    }
    return row;
  });
  return {
    window: { start: start.toISOString(), end: end.toISOString() },
    conversations,
    contained,
    containment: conversations > 0 ? contained / conversations : 0,
    endStates: { Success: metric("Success"), Failure: metric("Failure"), Dropped: metric("Dropped") },
    utterances,
    missed,
    fallbackRate: utterances > 0 ? missed / utterances : 0,
    intents,
    funnel,
    handoffReasons: counts.handoffs.sort((a, b) => b.count - a.count),
    outcomes: counts.outcomes.sort((a, b) => b.count - a.count),
    topMissed: topMissed.slice(0, 20),
  };
}

/** The report as text for a terminal. */
export function formatInsights(r: InsightsReport): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `Orderline insights ${r.window.start} → ${r.window.end}`,
    `Conversations ${r.conversations}: contained ${r.contained} (${pct(r.containment)}); success ${r.endStates.Success}, failure ${r.endStates.Failure}, dropped ${r.endStates.Dropped}`,
    `Utterances ${r.utterances}: missed ${r.missed} (fallback rate ${pct(r.fallbackRate)})`,
    "",
    "Intent               count success failure switched dropped fallback",
  ];
  for (const i of r.intents) {
    lines.push(
      `${i.intent.padEnd(20)} ${String(i.count).padStart(5)} ${String(i.success).padStart(7)} ${String(i.failure).padStart(7)} ${String(i.switched).padStart(8)} ${String(i.dropped).padStart(7)} ${pct(i.fallbackRate).padStart(8)}`,
    );
  }
  lines.push("", `Funnel               ${FUNNEL_STAGES.map((s) => s.padStart(10)).join("")}`);
  for (const f of r.funnel)
    lines.push(`${f.intent.padEnd(20)} ${FUNNEL_STAGES.map((s) => String(f[s]).padStart(10)).join("")}`);
  lines.push("", "Handoff reasons");
  for (const h of r.handoffReasons) lines.push(`  ${String(h.count).padStart(4)}  ${h.reason}`);
  lines.push("", "Top missed utterances");
  for (const m of r.topMissed.slice(0, 10))
    lines.push(`  ${String(m.count).padStart(4)}  [${m.localeId}] ${m.utterance}`);
  return lines;
}
