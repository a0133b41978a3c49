import { FlowBuilder } from "./flow-builder.js";
import type { FlowInputs } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";

/** The customer-queue flow: a localized hold message while the contact waits for an agent. */
export function buildCustomerQueueFlow(inputs: FlowInputs): FlowContent {
  const b = new FlowBuilder(inputs);
  b.say("hold-message", "holdMessage", "end");
  b.add("end", "EndFlowExecution", {}, {});
  return b.build("hold-message", {
    name: "Orderline customer queue",
    description: "Localized hold message for callers waiting in the agent queue.",
    type: "CUSTOMER_QUEUE",
  });
}
