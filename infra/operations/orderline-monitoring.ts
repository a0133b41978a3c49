import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_dynamodb as dynamodb,
  type aws_lambda as lambda,
  aws_sns as sns,
} from "aws-cdk-lib";
import { Construct } from "constructs";

/** Connect abandons a Lambda block after 8 s; alarm well before callers hear silence. */
export const P99_DURATION_THRESHOLD = Duration.seconds(3);
const PERIOD = Duration.minutes(5);

export interface OrderlineMonitoringProps {
  /** Functions watched for errors, throttles and p99 duration, by display name. */
  readonly functions: Record<string, lambda.IFunction>;
  /** Scheduled functions nobody waits on: watched for errors only. @default none */
  readonly backgroundFunctions?: Record<string, lambda.IFunction>;
  /** Tables watched for throttled requests, by display name. */
  readonly tables: Record<string, dynamodb.ITable>;
  /** Where alarms notify; none by default. */
  readonly alarmTopicArn?: string;
  /** @default a name CloudFormation generates */
  readonly dashboardName?: string;
}

/** CloudWatch alarms on the Lambdas and tables, and a small dashboard. */
export class OrderlineMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OrderlineMonitoringProps) {
    super(scope, id);
    const topic = props.alarmTopicArn
      ? sns.Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn)
      : undefined;
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (topic) a.addAlarmAction(new actions.SnsAction(topic));
      this.alarms.push(a);
      return a;
    };

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });

    for (const [name, fn] of Object.entries(props.backgroundFunctions ?? {})) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: PERIOD, statistic: "Sum" }),
        1,
        `${name}: the scheduled Lambda failed.`,
      );
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: PERIOD, statistic: "Sum" });
      const throttles = fn.metricThrottles({ period: PERIOD, statistic: "Sum" });
      const p99 = fn.metricDuration({ period: PERIOD, statistic: "p99" });
      alarm(`${name}Errors`, errors, 1, `${name}: the Lambda threw; callers may hear an error message.`);
      alarm(`${name}Throttles`, throttles, 1, `${name}: invocations throttled (concurrency limit).`);
      alarm(
        `${name}P99Duration`,
        p99,
        P99_DURATION_THRESHOLD.toMilliseconds(),
        `${name}: p99 duration above ${P99_DURATION_THRESHOLD.toSeconds()} s (Connect gives up at 8 s).`,
      );
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${name}: invocations, errors, throttles`,
          left: [fn.metricInvocations({ period: PERIOD }), errors, throttles],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: `${name}: duration`,
          left: [fn.metricDuration({ period: PERIOD, statistic: "p50" }), p99],
          leftAnnotations: [{ value: P99_DURATION_THRESHOLD.toMilliseconds(), label: "p99 alarm" }],
          width: 12,
        }),
      );
    }

    const tableWidgets: cloudwatch.IWidget[] = [];
    for (const [name, table] of Object.entries(props.tables)) {
      const throttled = new cloudwatch.MathExpression({
        expression: "reads + writes",
        usingMetrics: {
          reads: table.metric("ReadThrottleEvents", { period: PERIOD, statistic: "Sum" }),
          writes: table.metric("WriteThrottleEvents", { period: PERIOD, statistic: "Sum" }),
        },
        label: `${name} throttle events`,
        period: PERIOD,
      });
      alarm(`${name}Throttles`, throttled, 1, `${name} table: DynamoDB throttled reads or writes.`);
      tableWidgets.push(
        new cloudwatch.GraphWidget({
          title: `${name} table: consumed capacity and throttles`,
          left: [
            table.metricConsumedReadCapacityUnits({ period: PERIOD }),
            table.metricConsumedWriteCapacityUnits({ period: PERIOD }),
          ],
          right: [throttled],
          width: 12,
        }),
      );
    }
    if (tableWidgets.length > 0) this.dashboard.addWidgets(...tableWidgets);
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Orderline alarms", alarms: this.alarms, width: 24 }),
    );
  }
}
