/**
 * The Lex V2 analytics operations over the emulator's conversation log: aggregated utterances, utterance and
 * session data, intent/session/stage metrics with bins and groups, intent paths. Definitions in conversations.ts.
 */
import type { LexTurnLogEntry, TurnLog } from "../lex/turn-log.js";
import { json, type LocalResponse } from "../service.js";
import { type Conversation, conversationsOf, FALLBACK, type IntentEpisode } from "./conversations.js";
import { encodeToken, type ListRequest, listPage, pageOf } from "./list-query.js";
import { invalid, LexModelsError } from "./models-errors.js";

type Json = Record<string, unknown>;
type Handler = (params: string[], body: Json) => LocalResponse | Promise<LocalResponse>;
type Row = Record<string, string | number | undefined>;

const HOUR = 3_600_000;
const INTERVALS: Record<string, number> = { OneHour: HOUR, OneDay: 24 * HOUR };
/** The windows ListAggregatedUtterances accepts (API reference). */
const AGGREGATION_WINDOWS: Record<string, number[]> = { Hours: [1, 3, 6, 12, 24], Days: [3], Weeks: [1, 2] };
const UNIT_MS: Record<string, number> = { Hours: HOUR, Days: 24 * HOUR, Weeks: 7 * 24 * HOUR };

interface MetricDef {
  /** The metric's value for one record; Sum/Avg/Max combine them. */
  value: (r: Row) => number;
}
interface OpRules {
  metrics: Record<string, MetricDef>;
  maxMetrics: number;
  groupBy: string[];
  maxGroupBy: number;
  filters: string[];
  maxFilters: number;
  binBy: string[];
}

const COMMON_FILTERS = [
  "BotAliasId",
  "BotVersion",
  "LocaleId",
  "Modality",
  "Channel",
  "SessionId",
  "OriginatingRequestId",
];
const is = (field: string, value: string) => (r: Row) => (r[field] === value ? 1 : 0);

const INTENT_RULES: OpRules = {
  metrics: {
    Count: { value: () => 1 },
    Success: { value: is("IntentEndState", "Success") },
    Failure: { value: is("IntentEndState", "Failed") },
    Switched: { value: is("IntentEndState", "Switched") },
    Dropped: { value: is("IntentEndState", "Dropped") },
  },
  maxMetrics: 5,
  groupBy: ["IntentName", "IntentEndState", "IntentLevel"],
  maxGroupBy: 3,
  filters: [...COMMON_FILTERS, "IntentName", "IntentEndState"],
  maxFilters: 9,
  binBy: ["ConversationStartTime"],
};
const SESSION_RULES: OpRules = {
  metrics: {
    Count: { value: () => 1 },
    Success: { value: is("ConversationEndState", "Success") },
    Failure: { value: is("ConversationEndState", "Failure") },
    Dropped: { value: is("ConversationEndState", "Dropped") },
    Duration: { value: (r) => Number(r.Duration ?? 0) },
    TurnsPerConversation: { value: (r) => Number(r.Turns ?? 0) },
    Concurrency: { value: () => 1 },
  },
  maxMetrics: 7,
  groupBy: ["ConversationEndState", "LocaleId"],
  maxGroupBy: 2,
  filters: [...COMMON_FILTERS, "Duration", "ConversationEndState", "IntentPath"],
  maxFilters: 10,
  binBy: ["ConversationStartTime"],
};
const STAGE_RULES: OpRules = {
  metrics: {
    Count: { value: () => 1 },
    Success: { value: is("StageEndState", "Success") },
    Failed: { value: is("StageEndState", "Failed") },
    Dropped: { value: is("StageEndState", "Dropped") },
    Retry: { value: (r) => Number(r.Retries ?? 0) },
  },
  maxMetrics: 5,
  groupBy: ["IntentStageName", "SwitchedToIntent"],
  maxGroupBy: 2,
  filters: [...COMMON_FILTERS, "IntentName", "IntentStageName"],
  maxFilters: 9,
  binBy: ["ConversationStartTime"],
};

/** Serves the analytics routes of the Models API from the turn log's history. */
export class AnalyticsApi {
  constructor(
    private readonly turns: TurnLog,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Conversations in the log (all of them; callers window them). */
  conversations(): Conversation[] {
    return conversationsOf(this.turns.history(), this.ttlSeconds, this.now());
  }

  routes(checkBot: (botId: string) => void): [string, RegExp, Handler][] {
    const op =
      (fn: (body: Json) => Json): Handler =>
      ([botId], body) => {
        checkBot(botId!);
        return json(200, { botId, ...fn(body) });
      };
    return [
      ["POST", /^\/bots\/([^/]+)\/aggregatedutterances$/, op((b) => this.aggregatedUtterances(b))],
      ["POST", /^\/bots\/([^/]+)\/analytics\/utterances$/, op((b) => this.utteranceData(b))],
      ["POST", /^\/bots\/([^/]+)\/analytics\/sessions$/, op((b) => this.sessionData(b))],
      [
        "POST",
        /^\/bots\/([^/]+)\/analytics\/intentmetrics$/,
        op((b) => this.metrics(b, INTENT_RULES, this.intentRows(b))),
      ],
      [
        "POST",
        /^\/bots\/([^/]+)\/analytics\/sessionmetrics$/,
        op((b) => this.metrics(b, SESSION_RULES, this.sessionRows(b))),
      ],
      [
        "POST",
        /^\/bots\/([^/]+)\/analytics\/intentstagemetrics$/,
        op((b) => this.metrics(b, STAGE_RULES, this.stageRows(b))),
      ],
      ["POST", /^\/bots\/([^/]+)\/analytics\/intentpaths$/, op((b) => this.intentPaths(b))],
    ];
  }

  private aggregatedUtterances(body: Json): Json {
    const localeId = requireString(body, "localeId");
    const { botAliasId, botVersion } = body as { botAliasId?: string; botVersion?: string };
    if ((botAliasId === undefined) === (botVersion === undefined)) {
      throw new LexModelsError("ValidationException", "Specify exactly one of botAliasId and botVersion");
    }
    const rel = ((body.aggregationDuration as Json | undefined)?.relativeAggregationDuration ?? {}) as Json;
    const unit = String(rel.timeDimension ?? "");
    const value = Number(rel.timeValue);
    if (!AGGREGATION_WINDOWS[unit]?.includes(value)) {
      throw invalid("aggregationDuration", "Hours 1, 3, 6, 12 or 24; Days 3; Weeks 1 or 2");
    }
    const end = this.now();
    const start = new Date(end.getTime() - value * UNIT_MS[unit]!);
    const groups = new Map<string, { hit: number; missed: number; first: number; last: number }>();
    for (const t of this.turns.history()) {
      const at = Date.parse(t.at);
      if (t.error || t.localeId !== localeId || at < start.getTime() || at > end.getTime()) continue;
      if (botAliasId !== undefined && t.aliasId !== botAliasId) continue;
      if (botVersion !== undefined && (t.botVersion ?? "DRAFT") !== botVersion) continue;
      const g = groups.get(t.input) ?? { hit: 0, missed: 0, first: at, last: at };
      if (isMissed(t)) g.missed++;
      else g.hit++;
      g.first = Math.min(g.first, at);
      g.last = Math.max(g.last, at);
      groups.set(t.input, g);
    }
    const summaries = [...groups].map(([utterance, g]) => ({
      utterance,
      hitCount: g.hit,
      missedCount: g.missed,
      utteranceFirstRecordedInAggregationDuration: g.first / 1000,
      utteranceLastRecordedInAggregationDuration: g.last / 1000,
      containsDataFromDeletedResources: false,
    }));
    const { page, nextToken } = listPage(summaries, body as ListRequest, {
      sort: { HitCount: (s) => s.hitCount, MissedCount: (s) => s.missedCount },
      filters: { Utterance: (s) => s.utterance },
      operators: ["CO", "EQ"],
      defaultSort: { attribute: "HitCount", order: "Descending" },
    });
    return {
      ...(botAliasId !== undefined ? { botAliasId } : { botVersion }),
      localeId,
      aggregationDuration: body.aggregationDuration,
      aggregationWindowStartTime: start.getTime() / 1000,
      aggregationWindowEndTime: end.getTime() / 1000,
      aggregationLastRefreshedDateTime: end.getTime() / 1000,
      aggregatedUtterancesSummaries: page,
      nextToken,
    };
  }

  private utteranceData(body: Json): Json {
    const { start, end } = window(body);
    const filters = parseFilters(body, [...COMMON_FILTERS, "UtteranceState", "UtteranceText"], 9);
    const rows: { row: Row; data: Json }[] = [];
    for (const c of this.conversations()) {
      for (const episode of c.intents) {
        for (const t of episode.turns) {
          const at = Date.parse(t.at);
          if (at < start || at >= end) continue;
          const row: Row = {
            ...commonRow(c),
            UtteranceState: isMissed(t) ? "Missed" : "Detected",
            UtteranceText: t.input,
            time: at,
          };
          rows.push({
            row,
            data: {
              botAliasId: c.botAliasId,
              botVersion: c.botVersion,
              localeId: c.localeId,
              sessionId: c.sessionId,
              channel: c.channel,
              mode: c.mode,
              conversationStartTime: c.start.getTime() / 1000,
              conversationEndTime: c.end.getTime() / 1000,
              utterance: t.input,
              utteranceTimestamp: at / 1000,
              utteranceUnderstood: !isMissed(t),
              inputType: t.inputMode === "DTMF" ? "DTMF" : t.inputMode === "Speech" ? "Audio" : "Text",
              outputType: "Text",
              associatedIntentName: t.intent ?? FALLBACK,
              ...(t.dialogAction === "ElicitSlot" ? {} : {}),
              intentState: t.intentState ?? undefined,
              dialogActionType: t.dialogAction ?? undefined,
              slotsFilledInSession: Object.entries(t.slots)
                .filter(([, v]) => v !== null)
                .map(([k]) => k)
                .join(","),
              utteranceRequestId: t.requestId,
              botResponses: t.messages.map((content) => ({ content, contentType: "PlainText" })),
            },
          });
        }
      }
    }
    const kept = rows.filter((r) => matches(r.row, filters));
    const order = (body.sortBy as Json | undefined)?.order === "Descending" ? -1 : 1;
    kept.sort((a, b) => order * (Number(a.row.time) - Number(b.row.time)));
    return paged(
      kept.map((r) => r.data),
      body,
      "utterances",
    );
  }

  private sessionData(body: Json): Json {
    const filters = parseFilters(body, SESSION_RULES.filters, 10);
    const rows = this.sessionRows(body).filter((r) => matches(r, filters));
    const sortBy = (body.sortBy ?? { name: "ConversationStartTime", order: "Ascending" }) as Json;
    const key = { ConversationStartTime: "time", NumberOfTurns: "Turns", Duration: "Duration" }[
      String(sortBy.name)
    ];
    if (!key)
      throw invalid(
        "sortBy.name",
        "Member must satisfy enum value set: [ConversationStartTime, NumberOfTurns, Duration]",
      );
    const sign = sortBy.order === "Descending" ? -1 : 1;
    rows.sort((a, b) => sign * (Number(a[key]) - Number(b[key])));
    const sessions = rows.map((r) => {
      const c = r.conversation as unknown as Conversation;
      return {
        botAliasId: c.botAliasId,
        botVersion: c.botVersion,
        localeId: c.localeId,
        channel: c.channel,
        sessionId: c.sessionId,
        conversationStartTime: c.start.getTime() / 1000,
        conversationEndTime: c.end.getTime() / 1000,
        conversationDurationSeconds: Math.round((c.end.getTime() - c.start.getTime()) / 1000),
        ...(c.endState ? { conversationEndState: c.endState } : {}),
        mode: c.mode,
        numberOfTurns: c.turns.length,
        invokedIntentSamples: [...new Set(c.intents.map((i) => i.intentName))].map((intentName) => ({
          intentName,
        })),
        originatingRequestId: c.originatingRequestId,
      };
    });
    return paged(sessions, body, "sessions");
  }

  private intentPaths(body: Json): Json {
    const { start, end } = window(body);
    const path = requireString(body, "intentPath");
    const filters = parseFilters(body, ["BotAliasId", "BotVersion", "LocaleId", "Modality", "Channel"], 5);
    const prefix = path.split("/").filter(Boolean);
    const nodes = new Map<string, { count: number; continues: number }>();
    for (const c of this.conversations()) {
      if (c.start.getTime() < start || c.start.getTime() >= end || !matches(commonRow(c), filters)) continue;
      const names = c.intents.map((i) => i.intentName);
      if (!prefix.every((p, i) => names[i] === p)) continue;
      const next = names[prefix.length];
      if (!next) continue;
      const n = nodes.get(next) ?? { count: 0, continues: 0 };
      n.count++;
      if (names.length > prefix.length + 1) n.continues++;
      nodes.set(next, n);
    }
    const base = prefix.length === 0 ? "" : `/${prefix.join("/")}`;
    return {
      nodeSummaries: [...nodes]
        .sort((a, b) => b[1].count - a[1].count)
        .map(([intentName, n]) => ({
          intentName,
          intentPath: `${base}/${intentName}`,
          intentCount: n.count,
          intentLevel: prefix.length + 1,
          nodeType: n.continues > 0 ? "Inner" : "Exit",
        })),
    };
  }

  private windowed(body: Json): Conversation[] {
    const { start, end } = window(body);
    return this.conversations().filter((c) => c.start.getTime() >= start && c.start.getTime() < end);
  }

  private intentRows(body: Json): Row[] {
    return this.windowed(body).flatMap((c) =>
      c.intents.map((i) => ({
        ...commonRow(c),
        IntentName: i.intentName,
        IntentEndState: i.endState,
        IntentLevel: i.level,
      })),
    );
  }

  private sessionRows(body: Json): Row[] {
    return this.windowed(body).map((c) => ({
      ...commonRow(c),
      ConversationEndState: c.endState,
      Duration: Math.round((c.end.getTime() - c.start.getTime()) / 1000),
      Turns: c.turns.length,
      IntentPath: `/${c.intents.map((i) => i.intentName).join("/")}`,
      conversation: c as unknown as string,
    }));
  }

  /** One row per stage the bot entered: a slot it asked for, the confirmation, the fulfilment. */
  private stageRows(body: Json): Row[] {
    const rows: Row[] = [];
    for (const c of this.windowed(body)) {
      for (const episode of c.intents) rows.push(...stagesOf(c, episode));
    }
    return rows;
  }

  private metrics(body: Json, rules: OpRules, all: Row[]): Json {
    window(body);
    const metrics = body.metrics as { name?: string; statistic?: string; order?: string }[] | undefined;
    if (!Array.isArray(metrics) || metrics.length < 1 || metrics.length > rules.maxMetrics) {
      throw invalid("metrics", `Member must have length between 1 and ${rules.maxMetrics}`);
    }
    for (const m of metrics) {
      if (!m.name || !rules.metrics[m.name]) {
        throw invalid(
          "metrics.member.name",
          `Member must satisfy enum value set: [${Object.keys(rules.metrics).join(", ")}]`,
        );
      }
      if (!["Sum", "Avg", "Max"].includes(String(m.statistic))) {
        throw invalid("metrics.member.statistic", "Member must satisfy enum value set: [Sum, Avg, Max]");
      }
    }
    const groupBy = ((body.groupBy ?? []) as { name?: string }[]).map((g) => String(g.name));
    if (groupBy.length > rules.maxGroupBy || groupBy.some((g) => !rules.groupBy.includes(g))) {
      throw invalid("groupBy", `Up to ${rules.maxGroupBy} of [${rules.groupBy.join(", ")}]`);
    }
    const binBy = (body.binBy ?? []) as { name?: string; interval?: string; order?: string }[];
    if (binBy.length > 1) throw invalid("binBy", "Member must have length less than or equal to 1");
    const bin = binBy[0];
    if (bin && (!rules.binBy.includes(String(bin.name)) || !INTERVALS[String(bin.interval)])) {
      throw invalid("binBy", `name one of [${rules.binBy.join(", ")}], interval OneHour or OneDay`);
    }
    const filters = parseFilters(body, rules.filters, rules.maxFilters);
    const rows = all.filter((r) => matches(r, filters));
    const groups = new Map<string, { binKeys: Json[]; groupByKeys: Json[]; rows: Row[] }>();
    for (const r of rows) {
      const binStart = bin
        ? Math.floor(Number(r.time) / INTERVALS[String(bin.interval)]!) * INTERVALS[String(bin.interval)]!
        : undefined;
      const groupKeys = groupBy.map((name) => ({ name, value: String(r[name] ?? "") }));
      const key = JSON.stringify([binStart, groupKeys]);
      const g = groups.get(key) ?? {
        binKeys: bin ? [{ name: bin.name, value: binStart }] : [],
        groupByKeys: groupKeys,
        rows: [] as Row[],
      };
      g.rows.push(r);
      groups.set(key, g);
    }
    let results = [...groups.values()].map((g) => ({
      binKeys: g.binKeys,
      groupByKeys: g.groupByKeys,
      metricsResults: metrics.map((m) => ({
        name: m.name,
        statistic: m.statistic,
        value:
          m.name === "Concurrency"
            ? concurrency(g.rows)
            : combine(g.rows.map(rules.metrics[m.name!]!.value), String(m.statistic)),
      })),
    }));
    const binOrder = bin?.order === "Descending" ? -1 : 1;
    results.sort((a, b) => binOrder * (Number(a.binKeys[0]?.value ?? 0) - Number(b.binKeys[0]?.value ?? 0)));
    const ordered = metrics.findIndex((m) => m.order);
    if (ordered >= 0) {
      const sign = metrics[ordered]!.order === "Descending" ? -1 : 1;
      results = results.sort(
        (a, b) => sign * (a.metricsResults[ordered]!.value - b.metricsResults[ordered]!.value),
      );
    }
    return paged(results, body, "results");
  }
}

function stagesOf(c: Conversation, episode: IntentEpisode): Row[] {
  const rows: Row[] = [];
  const turns = episode.turns;
  let i = 0;
  while (i < turns.length) {
    const t = turns[i]!;
    const stage =
      t.dialogAction === "ElicitSlot"
        ? (Object.entries(t.slots).find(([, v]) => v === null)?.[0] ?? "SlotElicitation")
        : t.dialogAction === "ConfirmIntent"
          ? "Confirmation"
          : t.dialogAction === "Close"
            ? "Fulfillment"
            : undefined;
    if (!stage) {
      i++;
      continue;
    }
    let retries = 0;
    let j = i + 1;
    while (
      j < turns.length &&
      turns[j]!.dialogAction === t.dialogAction &&
      stageName(turns[j]!) === stageName(t)
    ) {
      retries++;
      j++;
    }
    let end: string;
    let switchedTo = "";
    if (stage === "Fulfillment") end = t.intentState === "Failed" ? "Failed" : "Success";
    else if (j < turns.length)
      end = turns[j]!.intentState === "Failed" && turns[j]!.dialogAction === "Close" ? "Failed" : "Success";
    else if (episode.endState === "Switched" || episode.endState === "Failed") {
      end = "Failed";
      switchedTo = episode.switchedTo ?? FALLBACK;
    } else end = "Dropped";
    rows.push({
      ...commonRow(c),
      IntentName: episode.intentName,
      IntentStageName: stage,
      StageEndState: end,
      SwitchedToIntent: switchedTo,
      Retries: retries,
    });
    i = j;
  }
  return rows;
}

function stageName(t: LexTurnLogEntry): string {
  return `${t.dialogAction}:${Object.entries(t.slots).find(([, v]) => v === null)?.[0] ?? ""}`;
}

/** Lex's Missed: the bot could not tell what the customer wanted (FallbackIntent). */
export function isMissed(t: LexTurnLogEntry): boolean {
  return (t.intent ?? FALLBACK) === FALLBACK;
}

function commonRow(c: Conversation): Row {
  return {
    BotAliasId: c.botAliasId,
    BotVersion: c.botVersion,
    LocaleId: c.localeId,
    Modality: c.mode === "Speech" ? "Speech" : c.mode,
    Channel: c.channel,
    SessionId: c.sessionId,
    OriginatingRequestId: c.originatingRequestId,
    time: c.start.getTime(),
  };
}

function combine(values: number[], statistic: string): number {
  if (values.length === 0) return 0;
  if (statistic === "Max") return Math.max(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return statistic === "Avg" ? sum / values.length : sum;
}

function concurrency(rows: Row[]): number {
  const events = rows.flatMap((r) => {
    const c = r.conversation as unknown as Conversation | undefined;
    return c
      ? [
          [c.start.getTime(), 1],
          [c.end.getTime(), -1],
        ]
      : [];
  });
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let max = 0;
  for (const [, d] of events) {
    now += d!;
    max = Math.max(max, now);
  }
  return max;
}

interface Filter {
  name: string;
  operator: string;
  values: string[];
}

function parseFilters(body: Json, names: string[], max: number): Filter[] {
  const filters = (body.filters ?? []) as Filter[];
  if (!Array.isArray(filters) || filters.length > max)
    throw invalid("filters", `Member must have length less than or equal to ${max}`);
  for (const f of filters) {
    if (!names.includes(f.name))
      throw invalid("filters.member.name", `Member must satisfy enum value set: [${names.join(", ")}]`);
    if (!["EQ", "GT", "LT", "CO"].includes(f.operator))
      throw invalid("filters.member.operator", "Member must satisfy enum value set: [EQ, GT, LT]");
    if (!Array.isArray(f.values) || f.values.length < 1 || f.values.length > 5) {
      throw invalid("filters.member.values", "Member must have length between 1 and 5");
    }
  }
  return filters;
}

function matches(row: Row, filters: Filter[]): boolean {
  return filters.every((f) => {
    const v = row[f.name];
    return f.values.some((want) => {
      if (f.operator === "GT") return Number(v) > Number(want);
      if (f.operator === "LT") return Number(v) < Number(want);
      if (f.operator === "CO") return String(v ?? "").includes(want);
      return String(v ?? "") === want;
    });
  });
}

function window(body: Json): { start: number; end: number } {
  const start = Number(body.startDateTime);
  const end = Number(body.endDateTime);
  if (body.startDateTime === undefined || !Number.isFinite(start))
    throw invalid("startDateTime", "Member must not be null");
  if (body.endDateTime === undefined || !Number.isFinite(end))
    throw invalid("endDateTime", "Member must not be null");
  if (end <= start)
    throw new LexModelsError("ValidationException", "endDateTime must be after startDateTime");
  return { start: start * 1000, end: end * 1000 };
}

function requireString(body: Json, field: string): string {
  const v = body[field];
  if (typeof v !== "string" || v === "") throw invalid(field, "Member must not be null");
  return v;
}

function paged(items: unknown[], body: Json, key: string): Json {
  const { offset, size } = pageOf(body as ListRequest);
  const next = offset + size;
  return {
    [key]: items.slice(offset, next),
    ...(next < items.length ? { nextToken: encodeToken(next) } : {}),
  };
}
