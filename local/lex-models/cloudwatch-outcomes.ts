import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  paginateListMetrics,
} from "@aws-sdk/client-cloudwatch";
import {
  type FunnelStage,
  METRICS_NAMESPACE,
  MetricName,
} from "../../fulfillment/src/observability/outcome-metrics.js";
import type { OutcomeCounts, OutcomeSource } from "./insights.js";

// GetMetricData takes at most 500 queries per call.
const MAX_QUERIES = 500;

/**
 * The outcome metrics from CloudWatch (what the Lambdas' EMF became): every dimension combination of each metric
 * (ListMetrics), summed over the window (GetMetricData, one period per day).
 */
export function cloudWatchOutcomes(cw: CloudWatchClient): OutcomeSource {
  return {
    async counts(start: Date, end: Date): Promise<OutcomeCounts> {
      const series: { name: string; dims: Record<string, string> }[] = [];
      for (const name of Object.values(MetricName)) {
        for await (const page of paginateListMetrics(
          { client: cw },
          { Namespace: METRICS_NAMESPACE, MetricName: name },
        )) {
          for (const m of page.Metrics ?? []) {
            series.push({
              name,
              dims: Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name ?? "", d.Value ?? ""])),
            });
          }
        }
      }
      const sums = new Array<number>(series.length).fill(0);
      const period = Math.max(
        60,
        Math.min(86_400, Math.ceil((end.getTime() - start.getTime()) / 60_000) * 60),
      );
      for (let i = 0; i < series.length; i += MAX_QUERIES) {
        const queries: MetricDataQuery[] = series.slice(i, i + MAX_QUERIES).map((s, j) => ({
          Id: `m${i + j}`,
          MetricStat: {
            Metric: {
              Namespace: METRICS_NAMESPACE,
              MetricName: s.name,
              Dimensions: Object.entries(s.dims).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: period,
            Stat: "Sum",
          },
        }));
        let token: string | undefined;
        do {
          const out = await cw.send(
            new GetMetricDataCommand({
              MetricDataQueries: queries,
              StartTime: start,
              EndTime: end,
              NextToken: token,
            }),
          );
          for (const r of out.MetricDataResults ?? []) {
            const index = Number((r.Id ?? "m0").slice(1));
            sums[index] = (sums[index] ?? 0) + (r.Values ?? []).reduce((a, b) => a + b, 0);
          }
          token = out.NextToken;
        } while (token);
      }
      const counts: OutcomeCounts = { outcomes: [], handoffs: [], funnel: [], fallbacks: [] };
      const add = <T extends { count: number }>(list: T[], key: Omit<T, "count">, n: number) => {
        const hit = list.find((x) =>
          Object.entries(key).every(([k, v]) => (x as Record<string, unknown>)[k] === v),
        );
        if (hit) hit.count += n;
        else list.push({ ...key, count: n } as T);
      };
      series.forEach((s, i) => {
        const n = sums[i] ?? 0;
        if (n === 0) return;
        const d = s.dims;
        if (s.name === MetricName.Outcome)
          add(counts.outcomes, { intent: d.intent ?? "", outcome: d.outcome ?? "" }, n);
        if (s.name === MetricName.Handoff) add(counts.handoffs, { reason: d.reason ?? "unknown" }, n);
        if (s.name === MetricName.FunnelStage) {
          add(counts.funnel, { intent: d.intent ?? "", stage: (d.stage ?? "started") as FunnelStage }, n);
        }
        if (s.name === MetricName.Fallback) add(counts.fallbacks, { fromIntent: d.fromIntent ?? "none" }, n);
      });
      return counts;
    },
  };
}

/** The emulator's outcome counts over HTTP (`GET /_local/insights/outcomes`). */
export function emulatorOutcomes(endpoint: string): OutcomeSource {
  return {
    async counts(start: Date, end: Date): Promise<OutcomeCounts> {
      const url = `${endpoint}/_local/insights/outcomes?start=${start.getTime() / 1000}&end=${end.getTime() / 1000}`;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      return (await res.json()) as OutcomeCounts;
    },
  };
}
