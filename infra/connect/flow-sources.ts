import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FLOW_FILES, type FlowFile } from "../../flows/catalog.js";
import { buildFlows, serializeFlow } from "../../flows/src/build-flows.js";
import type { FlowInputs } from "../../flows/src/flow-config.js";
import { placeholdersIn } from "./flow-content.js";

/**
 * `AWS::Connect::ContactFlow.Type` values
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-connect-contactflow.html).
 */
export const CONTACT_FLOW_TYPES = [
  "CONTACT_FLOW",
  "CUSTOMER_QUEUE",
  "CUSTOMER_HOLD",
  "CUSTOMER_WHISPER",
  "AGENT_HOLD",
  "AGENT_WHISPER",
  "OUTBOUND_WHISPER",
  "AGENT_TRANSFER",
  "QUEUE_TRANSFER",
  "CAMPAIGN",
] as const;
export type ContactFlowType = (typeof CONTACT_FLOW_TYPES)[number];

/** One committed flow file, ready to become a `CfnContactFlow` or `CfnContactFlowModule`. */
export interface FlowSource {
  /** Catalog key = file stem, e.g. `customer-queue`. */
  name: string;
  file: string;
  /** Display name in Connect, e.g. `Orderline customer queue`. */
  displayName: string;
  kind: "flow" | "module";
  /** For flows; modules have no type. */
  type?: ContactFlowType;
  /** Raw JSON text with `{{Placeholder}}`s. */
  content: string;
  /** The placeholder other flows use for this one's ARN, e.g. `CustomerQueueFlowArn` (none for the entry flow). */
  arnPlaceholder?: string;
  /** Placeholders this flow uses. */
  placeholders: string[];
  description?: string;
}

/**
 * Reads the flows named in the catalog (`flows/catalog.ts`) from `dir`. A catalog entry whose file is not
 * written yet is skipped, so the stack synthesizes while flows are still being written. Content with
 * `Settings` is a flow module.
 */
export function loadFlowSources(dir: string, catalog: readonly FlowFile[] = FLOW_FILES): FlowSource[] {
  return catalog.flatMap((entry) => {
    const path = join(dir, `${entry.key}.json`);
    return existsSync(path) ? [flowSource(entry, readFileSync(path, "utf8"))] : [];
  });
}

/**
 * The flows as the generator (flows/src) writes them for this deployment: the committed JSON, plus the
 * deployment's exact dialed numbers → locale in the inbound flow. Throws on a locale the flows do not speak.
 */
export function generateFlowSources(
  inputs: Pick<FlowInputs, "dialedNumberLocales">,
  catalog: readonly FlowFile[] = FLOW_FILES,
): FlowSource[] {
  const built = buildFlows({ dialedNumberLocales: inputs.dialedNumberLocales });
  return catalog.flatMap((entry) => {
    const flow = built.find((b) => b.key === entry.key);
    return flow ? [flowSource(entry, serializeFlow(flow.content))] : [];
  });
}

function flowSource(entry: FlowFile, content: string): FlowSource {
  const file = `${entry.key}.json`;
  let parsed: {
    Version?: unknown;
    Actions?: unknown;
    Settings?: unknown;
    Metadata?: Record<string, unknown>;
  };
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new Error(`flows/${file}: not valid JSON (${(error as Error).message})`);
  }
  if (parsed.Version !== "2019-10-30" || !Array.isArray(parsed.Actions)) {
    throw new Error(`flows/${file}: not a flow (Version 2019-10-30 with Actions)`);
  }
  if (!(CONTACT_FLOW_TYPES as readonly string[]).includes(entry.type)) {
    throw new Error(`flows/${file}: unknown flow type ${entry.type}`);
  }
  const isModule = parsed.Settings !== undefined;
  return {
    name: entry.key,
    file,
    displayName: entry.name,
    kind: isModule ? "module" : "flow",
    type: isModule ? undefined : entry.type,
    content,
    arnPlaceholder: entry.arnPlaceholder,
    placeholders: placeholdersIn(content),
    description: typeof parsed.Metadata?.description === "string" ? parsed.Metadata.description : undefined,
  };
}

/**
 * Orders flows so that every flow comes after the flows whose ARNs it references (CloudFormation
 * needs the referenced flow first). Throws on a reference cycle, which no deployment could satisfy.
 */
export function orderFlowSources(sources: FlowSource[]): FlowSource[] {
  const byPlaceholder = new Map(
    sources.flatMap((s) => (s.arnPlaceholder ? [[s.arnPlaceholder, s] as const] : [])),
  );
  const ordered: FlowSource[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (source: FlowSource, path: string[]) => {
    const s = state.get(source.name);
    if (s === "done") return;
    if (s === "visiting") throw new Error(`Flow reference cycle: ${[...path, source.name].join(" → ")}`);
    state.set(source.name, "visiting");
    for (const p of source.placeholders) {
      const dep = byPlaceholder.get(p);
      if (dep) visit(dep, [...path, source.name]);
    }
    state.set(source.name, "done");
    ordered.push(source);
  };
  for (const source of sources) visit(source, []);
  return ordered;
}
