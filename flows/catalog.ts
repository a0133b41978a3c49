import type { FlowPlaceholder } from "./placeholders.js";
import type { FlowType } from "./src/flow-types.js";

/** One committed flow file: what the CDK stack creates and the emulator loads. */
export interface FlowFile {
  /** Short key, also the file stem: `flows/<key>.json`, `flows/<key>.mmd`. */
  key: string;
  /** `AWS::Connect::ContactFlow.Name`. */
  name: string;
  type: FlowType;
  /** The placeholder other flows use for this flow's ARN (none for the entry flow). */
  arnPlaceholder?: FlowPlaceholder;
}

/** The flows Orderline ships, entry flow first. */
export const FLOW_FILES: readonly FlowFile[] = [
  { key: "inbound", name: "Orderline inbound", type: "CONTACT_FLOW" },
  {
    key: "keypad-menu",
    name: "Orderline keypad menu",
    type: "CONTACT_FLOW",
    arnPlaceholder: "KeypadMenuFlowArn",
  },
  {
    key: "agent-transfer",
    name: "Orderline agent transfer",
    type: "CONTACT_FLOW",
    arnPlaceholder: "AgentTransferFlowArn",
  },
  {
    key: "customer-queue",
    name: "Orderline customer queue",
    type: "CUSTOMER_QUEUE",
    arnPlaceholder: "CustomerQueueFlowArn",
  },
];
