import { placeholder } from "../placeholders.js";
import { always, equals, errors, FlowBuilder } from "./flow-builder.js";
import type { FlowInputs } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";
import { addQueuedCallback } from "./queued-callback.js";

/**
 * Hand-off to a human: hours-of-operation check, the customer-queue hook, transfer to the agent queue;
 * after hours or a full queue, a callback offer on voice and a closing message on chat.
 */
export function buildAgentTransferFlow(inputs: FlowInputs): FlowContent {
  const { config } = inputs;
  const b = new FlowBuilder(inputs);
  b.add(
    "set-queue",
    "UpdateContactTargetQueue",
    { QueueId: placeholder("AgentQueueArn") },
    { NextAction: "check-hours", Errors: errors({ NoMatchingError: "technical-error" }) },
  );
  b.add(
    "check-hours",
    "CheckHoursOfOperation",
    { HoursOfOperationId: placeholder("HoursOfOperationArn") },
    {
      Conditions: [equals("True", "queue-hook"), equals("False", "after-hours")],
      Errors: errors({ NoMatchingError: "technical-error" }),
    },
  );
  b.add(
    "queue-hook",
    "UpdateContactEventHooks",
    { EventHooks: { CustomerQueue: placeholder("CustomerQueueFlowArn") } },
    always("transferring"),
  );
  b.say("transferring", "transferring", "transfer");
  b.add(
    "transfer",
    "TransferContactToQueue",
    {},
    { Errors: errors({ QueueAtCapacity: "queue-full", NoMatchingError: "technical-error" }) },
  );
  b.say("queue-full", "queueFull", "offer-callback-channel");
  b.say("after-hours", "afterHours", "offer-callback-channel");
  b.add(
    "offer-callback-channel",
    "Compare",
    { ComparisonValue: "$.Channel" },
    {
      Conditions: [equals("VOICE", "offer-callback")],
      Errors: errors({ NoMatchingCondition: "chat-closing" }),
    },
  );
  b.localized(
    "offer-callback",
    (t) => ({
      type: "GetParticipantInput",
      parameters: {
        Text: t("offerCallback"),
        InputTimeLimitSeconds: String(config.menuTimeoutSeconds),
        StoreInput: "False",
      },
    }),
    {
      Conditions: [equals("1", "callback-number"), equals("2", "goodbye")],
      Errors: errors({
        InputTimeLimitExceeded: "goodbye",
        NoMatchingCondition: "goodbye",
        NoMatchingError: "goodbye",
      }),
    },
  );
  addQueuedCallback(b, config, "callback-number", "disconnect", "technical-error");
  b.say("chat-closing", "chatClosing", "disconnect");
  b.say("technical-error", "technicalError", "disconnect");
  b.say("goodbye", "goodbye", "disconnect");
  b.add("disconnect", "DisconnectParticipant", {}, {});
  return b.build("set-queue", {
    name: "Orderline agent transfer",
    description:
      "Hours check, customer-queue hook and transfer to the agent queue; callback offer after hours.",
    type: "CONTACT_FLOW",
  });
}
