/**
 * Outcome metrics — what neither Lex nor Connect reports: for every request, the intent, its outcome (done,
 * refused, conflict, handoff with its reason, error), locale and channel, and the funnel stages an intent
 * reached (started → identified → confirmed → written → texted). Derived at the handler edge from the event and
 * the response the handler returns, so the intent code stays unaware of them; published as CloudWatch embedded
 * metrics (EMF) with Powertools Metrics.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Dependencies } from "../ports.js";

/** The CloudWatch namespace of every Orderline metric (the CDK dashboard and `npm run insights` read it). */
export const METRICS_NAMESPACE = "Orderline";
export const MetricName = {
  Outcome: "Outcome",
  Handoff: "Handoff",
  FunnelStage: "FunnelStage",
  Fallback: "Fallback",
  Conversation: "Conversation",
} as const;
export const FUNNEL_STAGES = ["started", "identified", "confirmed", "written", "texted"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const OUTCOMES = ["done", "refused", "conflict", "handoff", "error", "fallback"] as const;

/** What one request tells about the business: a closed intent's outcome and the funnel stages first reached. */
export interface OutcomeRecord {
  at: string;
  source: "lex" | "connect";
  /** Lex intent name, or the Connect action (`cancelOrder`…). */
  intent: string;
  locale: string;
  /** `Connect` (voice or chat through a flow), `API`, or Connect's `VOICE`/`CHAT` for the keypad. */
  channel: string;
  /** Set when the request ended the intent or action. */
  outcome?: string;
  handoffReason?: string;
  /** Funnel stages this request reached for the first time in the intent. */
  stages: FunnelStage[];
  /** On a FallbackIntent turn: the intent that was open when the bot fell back (`none` between intents). */
  fallbackFrom?: string;
  /** The first code-hook call of a Lex session: one conversation (the containment denominator). */
  conversationStart?: boolean;
}

/** Receives every record; the default publishes EMF to stdout in Lambda. The emulator sets its own to keep the log local. */
export type OutcomeSink = (record: OutcomeRecord) => void;

let sinkOverride: OutcomeSink | undefined;

/** Sends records to `sink` instead of CloudWatch EMF (the emulator); `undefined` restores EMF. */
export function setOutcomeSink(sink: OutcomeSink | undefined): void {
  sinkOverride = sink;
}

/** The EMF writer: one `Outcome`, `Handoff` and `FunnelStage` count per record, each with its own dimensions. */
export function emfSink(serviceName: string): OutcomeSink {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  return (r) => {
    const count = (name: string, dims: Record<string, string>) => {
      const single = metrics.singleMetric();
      for (const [k, v] of Object.entries(dims)) single.addDimension(k, v);
      single.addMetric(name, MetricUnit.Count, 1);
    };
    if (r.outcome)
      count(MetricName.Outcome, {
        intent: r.intent,
        outcome: r.outcome,
        locale: r.locale,
        channel: r.channel,
      });
    if (r.outcome === "handoff") {
      count(MetricName.Handoff, {
        reason: r.handoffReason ?? "unknown",
        locale: r.locale,
        channel: r.channel,
      });
    }
    for (const stage of r.stages) count(MetricName.FunnelStage, { intent: r.intent, stage });
    if (r.fallbackFrom) count(MetricName.Fallback, { fromIntent: r.fallbackFrom, locale: r.locale });
    if (r.conversationStart) count(MetricName.Conversation, { locale: r.locale, channel: r.channel });
  };
}

/** Set by the SMS port during one invocation: whether that request sent a text. */
export interface TextObserver {
  sent: boolean;
}

/**
 * The SMS port of one invocation, wrapped so a request that sent a text reaches the `texted` stage. Passed per
 * call rather than kept in an AsyncLocalStorage: a store that is ever `run` turns on Node's promise hooks for the
 * whole process, a cost on every promise (measured at 2% of the emulator's CPU, where the Lambdas run in-process).
 */
export function observeTexts(deps: Dependencies, texts: TextObserver): Dependencies {
  const sms = deps.sms;
  return {
    ...deps,
    sms: {
      send: async (phoneNumber, message) => {
        await sms.send(phoneNumber, message);
        texts.sent = true;
      },
    },
  };
}

/**
 * Wraps a Lambda handler: runs it, derives the record from the event and its result, and publishes it. Metrics never
 * change the answer: a failure to derive or publish is swallowed.
 */
export function withOutcomeMetrics<E, R>(
  serviceName: string,
  derive: (event: E, result: R, texted: boolean) => Omit<OutcomeRecord, "at"> | undefined,
  handler: (event: E, texts: TextObserver) => Promise<R>,
): (event: E) => Promise<R> {
  let emf: OutcomeSink | undefined;
  return async (event: E) => {
    const flag: TextObserver = { sent: false };
    const result = await handler(event, flag);
    try {
      const record = derive(event, result, flag.sent);
      if (
        record &&
        (record.outcome || record.stages.length > 0 || record.fallbackFrom || record.conversationStart)
      ) {
        const full = { at: new Date().toISOString(), ...record };
        if (sinkOverride) sinkOverride(full);
        else if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
          // EMF only where CloudWatch reads it: in Lambda. Tests and tools stay quiet.
          emf ??= emfSink(serviceName);
          emf(full);
        }
      }
    } catch {
      // Observability must not break a call.
    }
    return result;
  };
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Intents that change an order or schedule something: only these reach `written` and `texted`. */
const WRITING_INTENTS = new Set(["CancelOrder", "ChangeShippingDate", "RequestCallback"]);
/** Orderline's session attribute that holds a verified order (set by the intents). */
const VERIFIED_ORDER_ATTR = "ol:order";
const FALLBACK_INTENT = "FallbackIntent";
/** This module's own attribute: `<intent>:<furthest stage index>` or `<intent>:closed`. */
export const FUNNEL_ATTR = "ol:funnel";

/**
 * The record for one Lex code-hook call: stages by comparing the funnel attribute the previous response left with
 * what this response shows; the outcome when the response closes the intent. Adds `ol:funnel` to the response.
 */
export function lexOutcome(
  event: unknown,
  result: unknown,
  texted: boolean,
): Omit<OutcomeRecord, "at"> | undefined {
  const e = obj(event);
  const before = obj(obj(e.sessionState).sessionAttributes);
  const state = obj(obj(result).sessionState);
  const after = obj(state.sessionAttributes);
  const intentAfter = obj(state.intent);
  const intent = str(intentAfter.name) ?? str(obj(obj(e.sessionState).intent).name);
  if (!intent) return undefined;
  const closed = obj(state.dialogAction).type === "Close";
  const outcome = str(after.outcome);
  const written = closed && outcome === "done" && WRITING_INTENTS.has(intent);
  const confirmed =
    intentAfter.confirmationState === "Confirmed" ||
    obj(obj(e.sessionState).intent).confirmationState === "Confirmed";
  let reached = 0;
  if (after[VERIFIED_ORDER_ATTR] !== undefined) reached = 1;
  if (confirmed) reached = 2;
  if (written) reached = texted ? 4 : 3;
  const [prevIntent, prevMark] = (str(before[FUNNEL_ATTR]) ?? "").split(":");
  const prev = prevIntent === intent && prevMark !== "closed" ? Number(prevMark) : -1;
  // FallbackIntent has no funnel: it only says which intent the bot lost.
  const stages = intent === FALLBACK_INTENT ? [] : FUNNEL_STAGES.slice(prev + 1, Math.max(prev, reached) + 1);
  const conversationStart = before[FUNNEL_ATTR] === undefined;
  if (state.sessionAttributes !== undefined) {
    if (intent !== FALLBACK_INTENT)
      after[FUNNEL_ATTR] = `${intent}:${closed ? "closed" : Math.max(prev, reached)}`;
    else after[FUNNEL_ATTR] = str(before[FUNNEL_ATTR]) ?? `${FALLBACK_INTENT}:closed`;
  }
  const platform = str(obj(e.requestAttributes)["x-amz-lex:channels:platform"]);
  const fallbackFrom =
    intent === FALLBACK_INTENT ? (prevIntent && prevMark !== "closed" ? prevIntent : "none") : undefined;
  return {
    ...(fallbackFrom ? { fallbackFrom } : {}),
    ...(conversationStart ? { conversationStart } : {}),
    source: "lex",
    intent,
    locale: str(obj(e.bot).localeId) ?? "unknown",
    channel: platform ?? "API",
    ...(closed ? { outcome: outcome ?? "done" } : {}),
    ...(closed && outcome === "handoff" ? { handoffReason: str(after.handoffReason) ?? "unknown" } : {}),
    stages,
  };
}

/** Connect actions that change something (the keypad's equivalents of the writing intents). */
const CONNECT_WRITES: Record<string, string> = {
  cancelOrder: "CancelOrder",
  changeShippingDate: "ChangeShippingDate",
  requestCallback: "RequestCallback",
};

/** The record for one Connect Lambda call: keypad actions that write, by their `result`. */
export function connectOutcome(
  event: unknown,
  result: unknown,
  texted: boolean,
): Omit<OutcomeRecord, "at"> | undefined {
  const details = obj(obj(event).Details);
  const params = obj(details.Parameters);
  const contact = obj(details.ContactData);
  const action = str(params.action) ?? "";
  const intent = CONNECT_WRITES[action];
  if (!intent || params.dryRun === "true") return undefined;
  const code = str(obj(result).result) ?? "ERROR";
  // A locked order goes to an agent through the keypad's ERROR branch: a handoff, not a failure of Orderline.
  const handoffReason = str(obj(result).handoffReason);
  const outcome = handoffReason
    ? "handoff"
    : code === "ERROR"
      ? "error"
      : /CHANGED|CONFLICT/.test(code)
        ? "conflict"
        : /^(NOT_|NO_|INVALID|ALREADY)/.test(code)
          ? "refused"
          : "done";
  return {
    source: "connect",
    intent,
    locale:
      str(params.locale) ?? str(obj(contact.Attributes).locale) ?? str(contact.LanguageCode) ?? "unknown",
    channel: str(contact.Channel) ?? "VOICE",
    outcome,
    ...(handoffReason ? { handoffReason } : {}),
    stages: outcome === "done" ? (texted ? ["written", "texted"] : ["written"]) : [],
  };
}
