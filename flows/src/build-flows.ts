import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FLOW_FILES } from "../catalog.js";
import { buildAgentTransferFlow } from "./agent-transfer-flow.js";
import { buildCustomerQueueFlow } from "./customer-queue-flow.js";
import type { FlowTexts } from "./flow-builder.js";
import { FLOWS_DIR, type FlowConfig, flowLocaleIds, loadFlowConfig } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";
import { buildInboundFlow } from "./inbound-flow.js";
import { buildKeypadMenuFlow } from "./keypad-menu-flow.js";

const BUILDERS: Record<string, (config: FlowConfig, texts: Record<string, FlowTexts>) => FlowContent> = {
  inbound: buildInboundFlow,
  "keypad-menu": buildKeypadMenuFlow,
  "agent-transfer": buildAgentTransferFlow,
  "customer-queue": buildCustomerQueueFlow,
};

/** `locales/` next to `flows/`. */
export const LOCALES_DIR = join(FLOWS_DIR, "..", "locales");

/** Reads `locales/<id>/flows.json` for every locale in the flow config. */
export function loadFlowTexts(config: FlowConfig, localesDir = LOCALES_DIR): Record<string, FlowTexts> {
  const texts: Record<string, FlowTexts> = {};
  for (const l of flowLocaleIds(config)) {
    const path = join(localesDir, l, "flows.json");
    if (!existsSync(path)) throw new Error(`Missing ${path}`);
    texts[l] = JSON.parse(readFileSync(path, "utf8")) as FlowTexts;
  }
  return texts;
}

/** Builds every flow from its TS source, `flows/config.json` and the locale texts. */
export function buildFlows(
  config: FlowConfig = loadFlowConfig(),
  texts: Record<string, FlowTexts> = loadFlowTexts(config),
): { key: string; content: FlowContent }[] {
  return FLOW_FILES.map((f) => {
    const build = BUILDERS[f.key];
    if (!build) throw new Error(`No builder for flow ${f.key}`);
    return { key: f.key, content: build(config, texts) };
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
