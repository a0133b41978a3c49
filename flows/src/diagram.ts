import type { FlowAction, FlowContent } from "./flow-types.js";
import { localizedGroups } from "./transitions.js";

const MAX_LABEL = 48;

/**
 * A Mermaid flowchart of one flow. A localized block (a locale Compare in front of one identical copy per
 * locale) is drawn as one node, so the diagram shows the logic, not the translations.
 */
function flowToMermaid(flow: FlowContent): string {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const groupOf = localizedGroups(flow);
  const node = (id: string) => groupOf.get(id) ?? id;
  const lines = ["flowchart TD", `  start((Start)) --> ${nodeId(flow.StartAction)}`];
  const drawn = new Set<string>();
  for (const a of flow.Actions) {
    if (groupOf.has(a.Identifier)) continue;
    const isGroup = [...groupOf.values()].includes(a.Identifier);
    const shown = isGroup ? firstCopy(a, byId) : a;
    const label = `${a.Identifier}<br/>${shown.Type}${isGroup ? " (localized)" : ""}${detail(shown)}`;
    lines.push(`  ${nodeId(a.Identifier)}${shape(shown.Type, label)}`);
    for (const [target, edge] of edges(shown)) {
      const key = `${a.Identifier}|${node(target)}|${edge}`;
      if (drawn.has(key)) continue;
      drawn.add(key);
      lines.push(
        `  ${nodeId(a.Identifier)} -->${edge ? `|${mermaidEscape(edge)}|` : ""} ${nodeId(node(target))}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A Markdown page with the diagram, committed next to the flow JSON. */
export function flowDiagramMarkdown(key: string, flow: FlowContent): string {
  const name = String(flow.Metadata.name ?? key);
  return [
    `# ${name}`,
    "",
    `Generated from \`flows/${key}.json\` by \`npm run flows:diagram\`; do not edit by hand.`,
    "",
    "```mermaid",
    flowToMermaid(flow).trimEnd(),
    "```",
    "",
  ].join("\n");
}

function firstCopy(group: FlowAction, byId: Map<string, FlowAction>): FlowAction {
  const first = group.Transitions.Conditions?.[0]?.NextAction;
  return (first && byId.get(first)) || group;
}

function edges(a: FlowAction): [string, string][] {
  const t = a.Transitions;
  const out: [string, string][] = [];
  for (const c of t.Conditions ?? []) {
    const op = c.Condition.Operator === "Equals" ? "" : `${c.Condition.Operator} `;
    out.push([c.NextAction, `${op}${c.Condition.Operands.join(",")}`]);
  }
  if (t.NextAction) out.push([t.NextAction, ""]);
  for (const e of t.Errors ?? []) if (e.NextAction !== t.NextAction) out.push([e.NextAction, e.ErrorType]);
  return out;
}

function detail(a: FlowAction): string {
  const p = a.Parameters;
  const params = p.LambdaInvocationAttributes as Record<string, string> | undefined;
  const bits: string[] = [];
  if (params?.action) bits.push(params.action);
  for (const k of [
    "Text",
    "ComparisonValue",
    "LoopCount",
    "ContactFlowId",
    "QueueId",
    "LanguageCode",
    "TextToSpeechVoice",
  ]) {
    if (typeof p[k] === "string") bits.push(truncate(p[k] as string));
  }
  return bits.length > 0 ? `<br/>${bits.map(mermaidEscape).join("<br/>")}` : "";
}

function truncate(s: string): string {
  return s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s;
}

function shape(type: string, label: string): string {
  const l = `"${mermaidEscape(label)}"`;
  if (type === "Compare" || type === "CheckHoursOfOperation" || type === "Loop") return `{${l}}`;
  if (type === "DisconnectParticipant" || type === "EndFlowExecution" || type === "TransferContactToQueue")
    return `([${l}])`;
  if (type === "TransferToFlow") return `[[${l}]]`;
  return `[${l}]`;
}

function nodeId(id: string): string {
  return `n_${id.replace(/[^A-Za-z0-9]/g, "_")}`;
}

function mermaidEscape(s: string): string {
  return s
    .replace(/"/g, "#quot;")
    .replace(/\|/g, "#124;")
    .replace(/[{}]/g, (c) => (c === "{" ? "#123;" : "#125;"));
}
