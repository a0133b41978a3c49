import { getJson } from "./api.js";
import { byId, make } from "./dom.js";
import { onUiLocaleChange, t } from "./i18n.js";
import {
  type FlowGraph,
  type FlowNode,
  nodeIsBlock,
  parseFlowchart,
  sameBlockId,
} from "./mermaid-flowchart.js";

interface FlowDiagramFile {
  name: string;
  file: string;
  mermaid: string;
}

/** One step of the path a call took, normalised from the Connect emulator's record. */
export interface PathStep {
  flow?: string;
  block: string;
  label?: string;
}

/**
 * The flow beside the phone: every block of the chosen flow's Mermaid diagram as a list with its exits,
 * the blocks the call visited shaded, the current one outlined and marked `aria-current`.
 */
export class FlowDiagramPanel {
  private flows: { name: string; file: string; graph: FlowGraph }[] = [];
  private path: PathStep[] = [];
  private userChose = false;
  private readonly select = byId<HTMLSelectElement>("flow-select");
  private readonly diagram = byId<HTMLElement>("flow-diagram");
  private readonly pathList = byId<HTMLOListElement>("flow-path");

  constructor() {
    this.select.addEventListener("change", () => {
      this.userChose = true;
      this.render();
    });
    onUiLocaleChange(() => this.render());
  }

  async load(): Promise<void> {
    const res = await getJson<FlowDiagramFile[]>("/_local/flows");
    this.flows = res.ok
      ? res.data.map((f) => ({ name: f.name, file: f.file, graph: parseFlowchart(f.mermaid) }))
      : [];
    this.select.replaceChildren(...this.flows.map((f, i) => new Option(f.file, String(i))));
    // Every contact starts in the inbound flow, so it is the one to show before a call.
    const inbound = this.flows.findIndex((f) => f.name === "inbound");
    if (inbound >= 0) this.select.value = String(inbound);
    this.select.disabled = this.flows.length === 0;
    this.render();
  }

  /** Takes the path from a call's record and shows the flow holding the current block. */
  showCall(detail: Record<string, unknown>): void {
    this.path = readPath(detail);
    const current = this.path.at(-1);
    if (current && !this.userChose) {
      const index = this.flows.findIndex((f) =>
        current.flow
          ? sameBlockId(f.name, current.flow) || f.file.includes(current.flow)
          : f.graph.nodes.some((n) => sameBlockId(n.id, current.block)),
      );
      const fallback = this.flows.findIndex((f) =>
        f.graph.nodes.some((n) => sameBlockId(n.id, current.block)),
      );
      const chosen = index >= 0 && this.hasBlock(index, current.block) ? index : fallback;
      if (chosen >= 0) this.select.value = String(chosen);
    }
    this.render();
  }

  private stepIn(flow: { name: string; graph: FlowGraph }, step: PathStep): boolean {
    if (step.flow && !sameBlockId(step.flow, flow.name)) return false;
    return flow.graph.nodes.some((n) => nodeIsBlock(n, step.block));
  }

  private hasBlock(index: number, block: string): boolean {
    return this.flows[index]!.graph.nodes.some((n) => nodeIsBlock(n, block));
  }

  private render(): void {
    const flow = this.flows[Number(this.select.value)];
    if (!flow) {
      this.diagram.replaceChildren(make("p", "muted", t("flow.none")));
    } else {
      // Only this flow's part of the path counts (a call crosses flows: inbound → keypad menu → queue).
      const inFlow = this.path.filter((step) => this.stepIn(flow, step));
      const visited = (node: FlowNode) => inFlow.some((step) => nodeIsBlock(node, step.block));
      const last = this.path.at(-1);
      const current = last && this.stepIn(flow, last) ? last : undefined;
      const taken = (from: FlowNode, to: FlowNode) =>
        inFlow.some(
          (step, i) => i > 0 && nodeIsBlock(from, inFlow[i - 1]!.block) && nodeIsBlock(to, step.block),
        );
      const byId = new Map(flow.graph.nodes.map((n) => [n.id, n]));
      const list = make("ol");
      list.setAttribute("aria-label", flow.file);
      for (const node of flow.graph.nodes) {
        const li = make("li", "flow-node");
        li.dataset.block = node.lines[0] ?? node.id;
        const isCurrent = current !== undefined && nodeIsBlock(node, current.block);
        const wasVisited = visited(node);
        if (wasVisited) li.classList.add("visited");
        if (isCurrent) {
          li.classList.add("current");
          li.setAttribute("aria-current", "step");
        }
        li.append(make("span", "node-label", node.lines[0] ?? node.id));
        if (node.lines.length > 1) li.append(make("span", "node-id", node.lines.slice(1).join(" · ")));
        if (isCurrent) li.append(make("span", "badge", t("flow.current")));
        else if (wasVisited) li.append(make("span", "badge", t("flow.visited")));
        const edges = flow.graph.edges.filter((e) => e.from === node.id);
        if (edges.length > 0) {
          const ul = make("ul", "edges");
          for (const edge of edges) {
            const target = byId.get(edge.to);
            const name = target?.lines[0] ?? edge.to;
            const wasTaken = target !== undefined && taken(node, target);
            ul.append(make("li", wasTaken ? "taken" : "", `${edge.label ? `${edge.label} ` : ""}→ ${name}`));
          }
          li.append(ul);
        }
        list.append(li);
      }
      this.diagram.replaceChildren(list);
      list.querySelector(".current")?.scrollIntoView({ block: "nearest" });
    }
    if (this.path.length === 0) {
      this.pathList.replaceChildren(make("li", "muted", t("flow.noPath")));
    } else {
      this.pathList.replaceChildren(
        ...this.path.map((s) => make("li", "", `${s.flow ? `${s.flow}: ` : ""}${s.label ?? s.block}`)),
      );
      // The newest step is the interesting one; keep it in view.
      this.pathList.scrollTop = this.pathList.scrollHeight;
    }
  }
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
      const label = o.label ?? o.type ?? o.Type;
      steps.push({
        block,
        flow: typeof flow === "string" ? flow : undefined,
        label: typeof label === "string" ? `${label} (${block})` : undefined,
      });
    }
  }
  return steps;
}
