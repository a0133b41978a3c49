import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  aws_sns as sns,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import { METRICS_NAMESPACE } from "../../fulfillment/src/observability/outcome-metrics.js";
import {
  SecurityMetric,
  type SecurityMetricName,
} from "../../fulfillment/src/observability/security-events.js";

const PERIOD = Duration.minutes(5);

/** Alarm thresholds per 5 minutes, summed over the fulfillment Lambdas (`service` dimension). */
export const SECURITY_ALARM_THRESHOLDS: Record<
  SecurityMetricName,
  { threshold: number; description: string }
> = {
  VerificationFailure: {
    threshold: 20,
    description: "Many wrong order numbers / last-four digits: someone may be guessing.",
  },
  OrderLocked: { threshold: 1, description: "An order was locked after repeated verification failures." },
  ForgedSessionState: {
    threshold: 1,
    description: "Lex session attributes arrived with a missing or wrong seal (forged state).",
  },
  SmsSent: { threshold: 200, description: "Unusual SMS volume (cost)." },
  SmsGaveUp: { threshold: 1, description: "A queued confirmation text was given up after its last attempt." },
  SmsQuotaExceeded: {
    threshold: 5,
    description: "Texts refused by the per-number daily cap: someone may be flooding a number.",
  },
  CallbackBooked: { threshold: 50, description: "Unusual callback volume." },
  CallbackRefused: {
    threshold: 10,
    description: "Many refused callbacks (premium, foreign or already booked numbers).",
  },
  HandlerDegraded: {
    threshold: 5,
    description: "Handlers answered with an apology because a dependency failed (they never throw).",
  },
};

export interface OrderlineSecurityAlarmsProps {
  /** Powertools service names of the Lambdas that publish the metrics. */
  readonly services: string[];
  /** Where alarms notify; none by default. */
  readonly alarmTopicArn?: string;
}

/** One alarm per security metric of fulfillment/src/observability/security-events.ts. */
export class OrderlineSecurityAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OrderlineSecurityAlarmsProps) {
    super(scope, id);
    const topic = props.alarmTopicArn
      ? sns.Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn)
      : undefined;
    for (const name of Object.values(SecurityMetric)) {
      const usingMetrics = Object.fromEntries(
        props.services.map((service, i) => [
          `m${i}`,
          new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: name,
            dimensionsMap: { service },
            period: PERIOD,
            statistic: "Sum",
          }),
        ]),
      );
      const { threshold, description } = SECURITY_ALARM_THRESHOLDS[name];
      const alarm = new cloudwatch.Alarm(this, name, {
        metric: new cloudwatch.MathExpression({
          expression: Object.keys(usingMetrics)
            .map((m) => `FILL(${m}, 0)`)
            .join(" + "),
          usingMetrics,
          label: name,
          period: PERIOD,
        }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Orderline ${name}: ${description}`,
      });
      if (topic) alarm.addAlarmAction(new actions.SnsAction(topic));
      this.alarms.push(alarm);
    }
  }
}
