import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  aws_sns as sns,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import { METRICS_NAMESPACE, MetricName } from "../../fulfillment/src/observability/outcome-metrics.js";

/** Alarm when more than this share of customer requests fall back (the bot did not understand). */
export const FALLBACK_RATE_ALARM_THRESHOLD = 0.3;
const PERIOD = Duration.minutes(15);
const SERVICES = "service";

export interface BotInsightsProps {
  /** The dashboard to add the widgets to. */
  readonly dashboard: cloudwatch.Dashboard;
  /** Intents that get a fallback-rate line (FallbackIntent itself is left out). */
  readonly intents: string[];
  /** Where the alarm notifies; none by default. */
  readonly alarmTopicArn?: string;
  /** @default 0.3 */
  readonly fallbackRateThreshold?: number;
}

/** `SUM(SEARCH(...))` over one Orderline EMF metric, every dimension value (Powertools adds `service`). */
function searchSum(metric: string, dims: string[], filter = ""): string {
  const schema = [METRICS_NAMESPACE, ...dims, SERVICES].join(",");
  return `SUM(SEARCH('{${schema}} MetricName="${metric}"${filter}', 'Sum', ${PERIOD.toSeconds()}))`;
}

/**
 * Outcome analytics on the dashboard, from the Lambdas' embedded metrics (namespace `Orderline`): containment
 * (conversations without a handoff), fallback rate overall and per intent, handoff reasons, outcomes per intent;
 * and an alarm on the fallback rate.
 */
export class BotInsights extends Construct {
  readonly fallbackRateAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BotInsightsProps) {
    super(scope, id);
    const conversations = searchSum(MetricName.Conversation, ["channel", "locale"]);
    const handoffs = searchSum(MetricName.Handoff, ["channel", "locale", "reason"]);
    const fallbacks = searchSum(MetricName.Fallback, ["fromIntent", "locale"]);
    const started = searchSum(MetricName.FunnelStage, ["intent", "stage"], ' stage="started"');

    const containment = new cloudwatch.MathExpression({
      expression: `100 * (1 - ${handoffs} / ${conversations})`,
      usingMetrics: {},
      label: "Containment % (no agent)",
      period: PERIOD,
    });
    const fallbackRate = new cloudwatch.MathExpression({
      expression: `${fallbacks} / (${started} + ${fallbacks})`,
      usingMetrics: {},
      label: "Fallback rate",
      period: PERIOD,
    });
    const perIntent = props.intents
      .filter((intent) => intent !== "FallbackIntent")
      .map(
        (intent) =>
          new cloudwatch.MathExpression({
            expression: `100 * ${searchSum(MetricName.Fallback, ["fromIntent", "locale"], ` fromIntent="${intent}"`)} / ${searchSum(MetricName.FunnelStage, ["intent", "stage"], ` intent="${intent}" stage="started"`)}`,
            usingMetrics: {},
            label: `${intent} fallback %`,
            period: PERIOD,
          }),
      );

    props.dashboard.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: "Containment (conversations without an agent)",
        metrics: [containment],
        width: 6,
      }),
      new cloudwatch.GraphWidget({ title: "Fallback rate", left: [fallbackRate], width: 6 }),
      new cloudwatch.GraphWidget({ title: "Fallback rate per intent (%)", left: perIntent, width: 12 }),
      new cloudwatch.GraphWidget({
        title: "Handoff reasons",
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},channel,locale,reason,${SERVICES}} MetricName="${MetricName.Handoff}"', 'Sum', ${PERIOD.toSeconds()})`,
            usingMetrics: {},
            label: "",
            period: PERIOD,
          }),
        ],
        stacked: true,
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: "Funnel: started → identified → confirmed → written → texted",
        left: ["started", "identified", "confirmed", "written", "texted"].map(
          (stage) =>
            new cloudwatch.MathExpression({
              expression: searchSum(MetricName.FunnelStage, ["intent", "stage"], ` stage="${stage}"`),
              usingMetrics: {},
              label: stage,
              period: PERIOD,
            }),
        ),
        width: 12,
      }),
    );

    this.fallbackRateAlarm = new cloudwatch.Alarm(this, "FallbackRate", {
      metric: fallbackRate,
      threshold: props.fallbackRateThreshold ?? FALLBACK_RATE_ALARM_THRESHOLD,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `More than ${(props.fallbackRateThreshold ?? FALLBACK_RATE_ALARM_THRESHOLD) * 100}% of requests fell back to FallbackIntent: review missed utterances (npm run bot -- missed --target aws).`,
    });
    if (props.alarmTopicArn) {
      this.fallbackRateAlarm.addAlarmAction(
        new actions.SnsAction(sns.Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn)),
      );
    }
  }
}
