import { join } from "node:path";
import { FLOW_FILES } from "../catalog.js";
import { buildAgentTransferFlow } from "./agent-transfer-flow.js";
import { buildCustomerQueueFlow } from "./customer-queue-flow.js";
import { FLOWS_DIR, type FlowInputs, loadFlowConfig, loadFlowLocales } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";
import { buildInboundFlow } from "./inbound-flow.js";
import { buildKeypadMenuFlow } from "./keypad-menu-flow.js";

const BUILDERS: Record<string, (inputs: FlowInputs) => FlowContent> = {
  inbound: buildInboundFlow,
  "keypad-menu": buildKeypadMenuFlow,
  "agent-transfer": buildAgentTransferFlow,
  "customer-queue": buildCustomerQueueFlow,
};

/**
 * The generator's inputs: `flows/config.json`, the locales it names (`locales/<id>/flows.json` and
 * `bot.json`) and no exact dialed numbers, unless given.
 */
export function loadFlowInputs(given: Partial<FlowInputs> = {}): FlowInputs {
  const config = given.config ?? loadFlowConfig();
  return {
    config,
    locales: given.locales ?? loadFlowLocales(config),
    dialedNumberLocales: given.dialedNumberLocales ?? {},
  };
}

/**
 * Builds every flow of the catalog from its TS source and the inputs (defaults: {@link loadFlowInputs}).
 * A builder's error names the flow file.
 */
export function buildFlows(given: Partial<FlowInputs> = {}): { key: string; content: FlowContent }[] {
  const inputs = loadFlowInputs(given);
  return FLOW_FILES.map((f) => {
    const build = BUILDERS[f.key];
    if (!build) throw new Error(`No builder for flow ${f.key}`);
    try {
      return { key: f.key, content: build(inputs) };
    } catch (err) {
      throw new Error(`flows/${f.key}.json: ${(err as Error).message}`, { cause: err });
    }
  });
}

/** The JSON text committed as `flows/<key>.json`. */
export function serializeFlow(content: FlowContent): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}

/** Path of a flow's committed JSON. */
export function flowJsonPath(key: string): string {
  return join(FLOWS_DIR, `${key}.json`);
}
