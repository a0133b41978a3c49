import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { redactPhones } from "../security/redact.js";
import { METRICS_NAMESPACE } from "./outcome-metrics.js";

/**
 * Security and degradation events: each is one log line (numbers masked) and one CloudWatch metric in the
 * `Orderline` namespace, which the stack alarms on (infra/operations/orderline-monitoring.ts).
 */
export const SecurityMetric = {
  /** A wrong order number / last-four / one-time code. */
  VerificationFailure: "VerificationFailure",
  /** An order reached the failure limit (or a locked order was asked for again). */
  OrderLocked: "OrderLocked",
  /** Session attributes arrived with a missing or wrong seal and were dropped. */
  ForgedSessionState: "ForgedSessionState",
  SmsSent: "SmsSent",
  /** A queued text was given up after its last attempt. */
  SmsGaveUp: "SmsGaveUp",
  /** A text was not sent: the number's daily allowance is used up. */
  SmsQuotaExceeded: "SmsQuotaExceeded",
  CallbackBooked: "CallbackBooked",
  /** A callback refused: number type or country, or the number already has one. */
  CallbackRefused: "CallbackRefused",
  /** A handler answered a caller with an apology because a dependency failed (handlers never throw). */
  HandlerDegraded: "HandlerDegraded",
} as const;
export type SecurityMetricName = (typeof SecurityMetric)[keyof typeof SecurityMetric];

/** Receives every event; tests and the emulator count them, Lambda publishes EMF. */
export type SecurityEventSink = (name: SecurityMetricName, fields: Record<string, unknown>) => void;

let sink: SecurityEventSink | undefined;
let emf: Metrics | undefined;

/** Sends events to `next` instead of EMF (tests, the emulator); `undefined` restores EMF. */
export function setSecurityEventSink(next: SecurityEventSink | undefined): void {
  sink = next;
}

/** Logs one event (warn; every string field redacted) and counts it. Never throws. */
export function securityEvent(
  log: Pick<Logger, "warn">,
  name: SecurityMetricName,
  fields: Record<string, unknown> = {},
): void {
  try {
    const safe = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, typeof v === "string" ? redactPhones(v) : v]),
    );
    log.warn(`security: ${name}`, safe);
    if (sink) sink(name, safe);
    else if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
      emf ??= new Metrics({ namespace: METRICS_NAMESPACE });
      // Only Powertools' `service` dimension (the function), which the stack's alarms sum over.
      emf.singleMetric().addMetric(name, MetricUnit.Count, 1);
    }
  } catch {
    // Observability never changes the answer.
  }
}
