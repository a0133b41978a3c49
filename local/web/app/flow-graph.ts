import type { FlowAction, FlowContent } from "../../../flows/src/flow-types.js";

/** One flow as `GET /_local/flows` serves it: the committed flow JSON with its key and name. */
export interface FlowFile {
  /** File stem and the emulator's flow key, e.g. `keypad-menu`. */
  key: string;
  /** `Metadata.name`, e.g. `Orderline keypad menu`. */
  name: string;
  content: FlowContent;
}

/** How a block is drawn: what it does for the caller. */
export type BlockKind =
  | "start"
  | "prompt"
  | "input"
  | "bot"
  | "decision"
  | "lambda"
  | "transfer"
  | "end"
  | "set";

/** A block of the diagram: one flow action, or one localized block (a locale Compare and its copies). */
export interface FlowNode {
  id: string;
  type: string;
  kind: BlockKind;
  /** The action ids this node stands for (the group and its per-locale copies). */
  members: string[];
  /** The copy to describe per locale (`ja_JP` → the `-ja_JP` copy); `default` for the rest. */
  shown: Record<string, FlowAction>;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** What the branch is for, untranslated: a condition (`1`, `CHAT`) or an error type. */
  label: FlowEdgeLabel;
}

export type FlowEdgeLabel =
  | { kind: "next" }
  | { kind: "condition"; operator: string; operands: string[] }
  | { kind: "error"; errorType: string };

export interface FlowGraph {
  key: string;
  start: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Action id → node id (localized copies fold into their group). */
  nodeOf: Map<string, string>;
}

export const START_NODE = "__start";
const LOCALE_ATTRIBUTE = "$.Attributes.locale";

const KINDS: Record<string, BlockKind> = {
  MessageParticipant: "prompt",
  GetParticipantInput: "input",
  ConnectParticipantWithLexBot: "bot",
  Compare: "decision",
  Loop: "decision",
  CheckHoursOfOperation: "decision",
  InvokeLambdaFunction: "lambda",
  TransferToFlow: "transfer",
  TransferContactToQueue: "transfer",
  CreateCallbackContact: "transfer",
  DisconnectParticipant: "end",
  EndFlowExecution: "end",
};

/** The block kind of an action type (`set` for the attribute and setting blocks). */
export function blockKind(type: string): BlockKind {
  return KINDS[type] ?? "set";
}

/**
 * The diagram of a flow: its actions and branches, with each localized block (a Compare on the contact's
 * locale whose branches go to `<id>-<locale>` copies) folded into one node, so the picture shows the logic,
 * and each language sees its own copy's text.
 */
export function buildFlowGraph(key: string, flow: FlowContent): FlowGraph {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const nodeOf = new Map<string, string>();
  const copies = new Map<string, Record<string, FlowAction>>();
  for (const a of flow.Actions) {
    if (a.Type !== "Compare" || a.Parameters.ComparisonValue !== LOCALE_ATTRIBUTE) continue;
    const conditions = a.Transitions.Conditions ?? [];
    const grouped =
      conditions.length > 0 &&
      conditions.every((c) => c.NextAction === `${a.Identifier}-${c.Condition.Operands[0]}`);
    if (!grouped) continue;
    const perLocale: Record<string, FlowAction> = {};
    for (const c of conditions) {
      const copy = byId.get(c.NextAction);
      if (!copy) continue;
      perLocale[c.Condition.Operands[0]!] = copy;
      nodeOf.set(copy.Identifier, a.Identifier);
    }
    copies.set(a.Identifier, perLocale);
  }
  const nodes: FlowNode[] = [{ id: START_NODE, type: "Start", kind: "start", members: [], shown: {} }];
  for (const a of flow.Actions) {
    if (nodeOf.has(a.Identifier)) continue;
    nodeOf.set(a.Identifier, a.Identifier);
    const perLocale = copies.get(a.Identifier);
    const first = perLocale ? Object.values(perLocale)[0] : undefined;
    const shown: Record<string, FlowAction> = { ...(perLocale ?? {}), default: first ?? a };
    nodes.push({
      id: a.Identifier,
      type: shown.default!.Type,
      kind: blockKind(shown.default!.Type),
      members: [a.Identifier, ...Object.values(perLocale ?? {}).map((c) => c.Identifier)],
      shown,
    });
  }
  const edges: FlowEdge[] = [
    { from: START_NODE, to: nodeOf.get(flow.StartAction) ?? flow.StartAction, label: { kind: "next" } },
  ];
  const seen = new Set<string>();
  for (const node of nodes) {
    const action = node.shown.default;
    if (!action) continue;
    for (const edge of branches(action)) {
      const to = nodeOf.get(edge.to) ?? edge.to;
      const id = `${node.id}|${to}|${JSON.stringify(edge.label)}`;
      if (seen.has(id) || !byId.has(edge.to)) continue;
      seen.add(id);
      edges.push({ from: node.id, to, label: edge.label });
    }
  }
  return { key, start: flow.StartAction, nodes, edges, nodeOf };
}

function branches(a: FlowAction): { to: string; label: FlowEdgeLabel }[] {
  const t = a.Transitions;
  const out: { to: string; label: FlowEdgeLabel }[] = [];
  for (const c of t.Conditions ?? []) {
    out.push({
      to: c.NextAction,
      label: { kind: "condition", operator: c.Condition.Operator, operands: c.Condition.Operands },
    });
  }
  if (t.NextAction) out.push({ to: t.NextAction, label: { kind: "next" } });
  for (const e of t.Errors ?? []) {
    if (e.NextAction !== t.NextAction)
      out.push({ to: e.NextAction, label: { kind: "error", errorType: e.ErrorType } });
  }
  return out;
}

/** The action of `node` to describe in `locale`: its own copy when it is a localized block. */
export function shownAction(node: FlowNode, locale: string): FlowAction | undefined {
  return node.shown[locale] ?? node.shown.default;
}

/** One step of the path a contact took, as the Connect emulator records it. */
export interface PathStep {
  flow?: string;
  block: string;
  label?: string;
}

/** Reads the path from a call record: `path`, `blocks` or `trace`, as ids or objects. */
export function readPath(detail: Record<string, unknown>): PathStep[] {
  const raw = detail.path ?? detail.blocks ?? detail.trace;
  if (!Array.isArray(raw)) return [];
  const steps: PathStep[] = [];
  for (const item of raw) {
    if (typeof item === "string") {
      const [flow, block] = item.includes("/") ? (item.split("/", 2) as [string, string]) : [undefined, item];
      steps.push({ flow, block });
    } else if (item && typeof item === "object") {
      const o = item as Record<string, unknown>;
      const block = o.action ?? o.block ?? o.blockId ?? o.identifier ?? o.Identifier ?? o.id ?? o.actionId;
      if (typeof block !== "string") continue;
      const flow = o.flow ?? o.flowName ?? o.flowId;
      const label = o.type ?? o.Type;
      steps.push({
        block,
        flow: typeof flow === "string" ? flow : undefined,
        label: typeof label === "string" ? label : undefined,
      });
    }
  }
  return steps;
}

/** What the diagram highlights for a path: the nodes visited, the branches taken, the current node. */
export interface PathHighlight {
  visited: Set<string>;
  /** `from|to` node ids. */
  taken: Set<string>;
  current?: string;
}

/**
 * The part of `path` inside this flow, in node ids. A contact crosses flows (inbound → keypad menu →
 * agent transfer), so only consecutive steps within this flow make a branch taken; the start counts as taken
 * for each entry into the flow.
 */
export function highlightPath(graph: FlowGraph, path: PathStep[]): PathHighlight {
  const visited = new Set<string>();
  const taken = new Set<string>();
  let previous: string | undefined;
  let current: string | undefined;
  for (const step of path) {
    const inFlow = step.flow === undefined ? graph.nodeOf.has(step.block) : step.flow === graph.key;
    const node = inFlow ? graph.nodeOf.get(step.block) : undefined;
    if (!node) {
      previous = undefined;
      current = undefined;
      continue;
    }
    if (previous === undefined && step.block === graph.start) taken.add(`${START_NODE}|${node}`);
    if (previous !== undefined && previous !== node) taken.add(`${previous}|${node}`);
    visited.add(node);
    previous = node;
    current = node;
  }
  if (visited.size > 0) visited.add(START_NODE);
  return { visited, taken, current };
}
