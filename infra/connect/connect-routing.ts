import { aws_connect as connect, Fn } from "aws-cdk-lib";
import { Construct } from "constructs";
import type { BusinessHours } from "../settings.js";

const DAY_NAMES = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;
/** Mon–Fri 09:00–18:00, the fulfillment `ShopConfig` default. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };

export interface ConnectRoutingProps {
  readonly instanceArn: string;
  /** Use this queue instead of creating one. */
  readonly existingQueueArn?: string;
  /** Use these hours instead of creating them (required to skip creating hours when a queue is created). */
  readonly existingHoursOfOperationArn?: string;
  /** Time zone of the created hours of operation. */
  readonly timeZone: string;
  /** @default DEFAULT_BUSINESS_HOURS */
  readonly businessHours?: BusinessHours;
  /** An existing flow for scheduled callback tasks; else a small one is created. */
  readonly callbackFlowId?: string;
  /** Prefix for resource names inside the instance. */
  readonly namePrefix: string;
}

/** Connect `HoursOfOperation.Config` from the shop's business hours. */
export function hoursOfOperationConfig(
  hours: BusinessHours,
): connect.CfnHoursOfOperation.HoursOfOperationConfigProperty[] {
  const time = (hhmm: string) => {
    const [h, m] = hhmm.split(":").map(Number);
    return { hours: h ?? 0, minutes: m ?? 0 };
  };
  return [...new Set(hours.days)]
    .sort()
    .map((d) => ({ day: DAY_NAMES[d] as string, startTime: time(hours.start), endTime: time(hours.end) }));
}

/**
 * The contact flow a scheduled callback task starts in: route it to the agent queue.
 * Connect needs a flow id for `StartTaskContact`; this is the smallest flow that queues the task.
 */
export function callbackTaskFlowContent(queueArn: string): string {
  const content = {
    Version: "2019-10-30",
    StartAction: "SetCallbackQueue",
    Metadata: {
      name: "Orderline callback task",
      description: "Routes a scheduled callback task to the agent queue.",
    },
    Actions: [
      {
        Identifier: "SetCallbackQueue",
        Type: "UpdateContactTargetQueue",
        Parameters: { QueueId: "{{AgentQueueArn}}" },
        Transitions: {
          NextAction: "QueueCallbackTask",
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "End" }],
        },
      },
      {
        Identifier: "QueueCallbackTask",
        Type: "TransferContactToQueue",
        Parameters: {},
        Transitions: {
          NextAction: "End",
          Errors: [
            { ErrorType: "QueueAtCapacity", NextAction: "End" },
            { ErrorType: "NoMatchingError", NextAction: "End" },
          ],
        },
      },
      { Identifier: "End", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };
  const [before, after] = JSON.stringify(content).split("{{AgentQueueArn}}");
  return Fn.join("", [before as string, queueArn, after as string]);
}

/** The agent queue, its hours of operation and the callback-task flow (existing ones when given). */
export class ConnectRouting extends Construct {
  readonly queueArn: string;
  readonly hoursOfOperationArn: string;
  readonly callbackFlowId: string;
  readonly callbackFlowArn: string;

  constructor(scope: Construct, id: string, props: ConnectRoutingProps) {
    super(scope, id);
    if (props.existingHoursOfOperationArn) {
      this.hoursOfOperationArn = props.existingHoursOfOperationArn;
    } else {
      const hours = new connect.CfnHoursOfOperation(this, "Hours", {
        instanceArn: props.instanceArn,
        name: `${props.namePrefix} business hours`,
        description: "Orderline: when agents take calls and callbacks",
        timeZone: props.timeZone,
        config: hoursOfOperationConfig(props.businessHours ?? DEFAULT_BUSINESS_HOURS),
      });
      this.hoursOfOperationArn = hours.attrHoursOfOperationArn;
    }
    if (props.existingQueueArn) {
      this.queueArn = props.existingQueueArn;
    } else {
      const queue = new connect.CfnQueue(this, "AgentQueue", {
        instanceArn: props.instanceArn,
        name: `${props.namePrefix} agents`,
        description: "Orderline: transfers from the bot and scheduled callbacks",
        hoursOfOperationArn: this.hoursOfOperationArn,
      });
      this.queueArn = queue.attrQueueArn;
    }
    if (props.callbackFlowId) {
      this.callbackFlowId = props.callbackFlowId;
      this.callbackFlowArn = `${props.instanceArn}/contact-flow/${props.callbackFlowId}`;
    } else {
      const flow = new connect.CfnContactFlow(this, "CallbackTaskFlow", {
        instanceArn: props.instanceArn,
        name: `${props.namePrefix} callback task`,
        description: "Orderline: routes scheduled callback tasks to the agent queue",
        type: "CONTACT_FLOW",
        content: callbackTaskFlowContent(this.queueArn),
      });
      this.callbackFlowArn = flow.attrContactFlowArn;
      // Flow ARN: arn:aws:connect:region:account:instance/<instanceId>/contact-flow/<flowId>
      this.callbackFlowId = Fn.select(3, Fn.split("/", flow.attrContactFlowArn));
    }
  }
}
