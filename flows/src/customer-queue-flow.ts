import { FlowBuilder, type FlowTexts } from "./flow-builder.js";
import type { FlowConfig } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";

/** The customer-queue flow: a localized hold message while the contact waits for an agent. */
export function buildCustomerQueueFlow(config: FlowConfig, texts: Record<string, FlowTexts>): FlowContent {
  const b = new FlowBuilder(config, texts);
  b.say("hold-message", "holdMessage", "end");
  b.add("end", "EndFlowExecution", {}, {});
  return b.build("hold-message", {
    name: "Orderline customer queue",
    description: "Localized hold message for callers waiting in the agent queue.",
    type: "CUSTOMER_QUEUE",
  });
}
