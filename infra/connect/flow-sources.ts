import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { placeholdersIn } from "./flow-content.js";

/** `AWS::Connect::ContactFlow.Type` values (aws-contracts.md §1.6). */
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
  /** File name without `.json`, e.g. `customer-queue`. */
  name: string;
  file: string;
  kind: "flow" | "module";
  /** For flows; modules have no type. */
  type?: ContactFlowType;
  /** Raw JSON text with `{{Placeholder}}`s. */
  content: string;
  /** The placeholder other flows use for this one's ARN, e.g. `CustomerQueueFlowArn`. */
  arnPlaceholder: string;
  /** Placeholders this flow uses. */
  placeholders: string[];
  description?: string;
}

function pascal(kebab: string): string {
  return kebab
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

// Console exports name the type in camel case (`customerQueue`); our generator may use the CFN spelling.
function typeFrom(metadata: Record<string, unknown> | undefined, name: string): ContactFlowType {
  const raw = typeof metadata?.type === "string" ? metadata.type : undefined;
  if (raw) {
    const upper = raw.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
    if ((CONTACT_FLOW_TYPES as readonly string[]).includes(upper)) return upper as ContactFlowType;
  }
  return name.includes("customer-queue") ? "CUSTOMER_QUEUE" : "CONTACT_FLOW";
}

/**
 * Reads `flows/*.json` flow-language files (skips files that are not flows, like `config.json`).
 * A file `x-y.json` (or `x-y-flow.json`) is referred to by other flows as `{{XYFlowArn}}`; a module
 * (content with `Settings`, or `*-module.json`) as `{{XYModuleArn}}`.
 */
export function loadFlowSources(dir: string): FlowSource[] {
  if (!existsSync(dir)) return [];
  const sources: FlowSource[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const content = readFileSync(join(dir, file), "utf8");
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
    if (parsed.Version !== "2019-10-30" || !Array.isArray(parsed.Actions)) continue;
    const name = basename(file, ".json");
    const isModule = parsed.Settings !== undefined || name.endsWith("-module");
    const stem = name.replace(/-(flow|module)$/, "");
    sources.push({
      name,
      file,
      kind: isModule ? "module" : "flow",
      type: isModule ? undefined : typeFrom(parsed.Metadata, name),
      content,
      arnPlaceholder: `${pascal(stem)}${isModule ? "ModuleArn" : "FlowArn"}`,
      placeholders: placeholdersIn(content),
      description: typeof parsed.Metadata?.description === "string" ? parsed.Metadata.description : undefined,
    });
  }
  return sources;
}

/**
 * Orders flows so that every flow comes after the flows whose ARNs it references (CloudFormation
 * needs the referenced flow first). Throws on a reference cycle, which no deployment could satisfy.
 */
export function orderFlowSources(sources: FlowSource[]): FlowSource[] {
  const byPlaceholder = new Map(sources.map((s) => [s.arnPlaceholder, s]));
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
