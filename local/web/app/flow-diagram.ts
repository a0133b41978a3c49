import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import dagre from "cytoscape-dagre";
import { getJson } from "./api.js";
import { byId, make } from "./dom.js";
import {
  buildFlowGraph,
  type FlowEdgeLabel,
  type FlowFile,
  type FlowGraph,
  type FlowNode,
  highlightPath,
  type PathHighlight,
  type PathStep,
  readPath,
  START_NODE,
  shownAction,
} from "./flow-graph.js";
import { onUiLocaleChange, t, uiLocale } from "./i18n.js";

cytoscape.use(dagre);

export type { PathStep };
export { readPath };

const NODE_WIDTH = 190;
const MAX_DETAIL = 70;
// Zoom bounds: a whole inbound flow fits at ~0.3 in a phone-sized panel; beyond 2 the text is huge.
const MIN_ZOOM = 0.15;
const MAX_ZOOM = 2;
const FOLLOW_ZOOM = 0.9;
// Below this a whole large flow is too small to read: start at the top, readable, and let "whole flow" fit.
const READABLE_ZOOM = 0.75;

interface DrawnFlow {
  file: FlowFile;
  graph: FlowGraph;
}

/**
 * The flow beside the phone, drawn from the flow JSON with cytoscape and a dagre (layered) layout: blocks in
 * the page's language, the blocks the contact visited shaded, the branches it took bold, the current block
 * outlined and kept in view; zoom and pan with the wheel, dragging, the buttons or the keyboard. A list of the
 * same blocks follows for screen readers and for anyone who prefers text.
 */
export class FlowDiagramPanel {
  private flows: DrawnFlow[] = [];
  private path: PathStep[] = [];
  private userChose = false;
  private cy: Core | undefined;
  private drawnKey = "";
  private readonly select = byId<HTMLSelectElement>("flow-select");
  private readonly canvas = byId<HTMLElement>("flow-canvas");
  private readonly list = byId<HTMLElement>("flow-list");
  private readonly pathList = byId<HTMLOListElement>("flow-path");

  constructor() {
    this.select.addEventListener("change", () => {
      this.userChose = true;
      this.render({ redraw: true });
    });
    byId("flow-zoom-in").addEventListener("click", () => this.zoomBy(1.25));
    byId("flow-zoom-out").addEventListener("click", () => this.zoomBy(0.8));
    byId("flow-fit").addEventListener("click", () => this.cy?.fit(undefined, 16));
    byId("flow-follow").addEventListener("click", () => this.followCurrent(true));
    this.canvas.addEventListener("keydown", (e) => this.onKey(e));
    onUiLocaleChange(() => {
      this.renderOptions();
      this.render({ redraw: true });
    });
  }

  async load(): Promise<void> {
    const res = await getJson<FlowFile[]>("/_local/flows");
    this.flows = res.ok
      ? res.data.map((file) => ({ file, graph: buildFlowGraph(file.key, file.content) }))
      : [];
    this.renderOptions();
    // Every contact starts in the inbound flow, so it is the one to show before a call.
    const inbound = this.flows.findIndex((f) => f.file.key === "inbound");
    if (inbound >= 0) this.select.value = String(inbound);
    this.select.disabled = this.flows.length === 0;
    this.render({ redraw: true });
  }

  /** Takes the path from a contact's record and shows the flow holding the current block. */
  showCall(detail: Record<string, unknown>): void {
    const path = readPath(detail);
    // A new contact (shorter path) follows the call again even if the user picked a flow before.
    if (path.length < this.path.length) this.userChose = false;
    this.path = path;
    const current = path.at(-1);
    let redraw = false;
    if (current && !this.userChose) {
      const index = this.flows.findIndex((f) =>
        current.flow ? f.file.key === current.flow : f.graph.nodeOf.has(current.block),
      );
      if (index >= 0 && this.select.value !== String(index)) {
        this.select.value = String(index);
        redraw = true;
      }
    }
    this.render({ redraw });
    this.followCurrent(false);
  }

  private renderOptions(): void {
    const chosen = this.select.value;
    this.select.replaceChildren(...this.flows.map((f, i) => new Option(flowName(f.file), String(i))));
    if (chosen) this.select.value = chosen;
  }

  private current(): DrawnFlow | undefined {
    return this.flows[Number(this.select.value)];
  }

  private render({ redraw }: { redraw: boolean }): void {
    const flow = this.current();
    if (!flow) {
      this.cy?.destroy();
      this.cy = undefined;
      this.canvas.replaceChildren(make("p", "muted", t("flow.none")));
      this.list.replaceChildren();
    } else {
      const highlight = highlightPath(flow.graph, this.path);
      const key = `${flow.file.key}|${uiLocale()}`;
      if (redraw || !this.cy || this.drawnKey !== key) this.draw(flow, key);
      this.applyHighlight(highlight);
      this.renderList(flow, highlight);
      const currentNode = flow.graph.nodes.find((n) => n.id === highlight.current);
      const currentText = currentNode ? t("flow.currentIs", { block: nodeTitle(currentNode) }) : "";
      this.canvas.setAttribute(
        "aria-label",
        t("flow.diagramLabel", {
          flow: flowName(flow.file),
          count: flow.graph.nodes.length - 1,
          current: currentText,
        }),
      );
      this.canvas.dataset.flow = flow.file.key;
      this.canvas.dataset.current = highlight.current ?? "";
    }
    this.renderPath();
  }

  private draw(flow: DrawnFlow, key: string): void {
    this.cy?.destroy();
    this.canvas.replaceChildren();
    const locale = uiLocale();
    const elements: ElementDefinition[] = [
      ...flow.graph.nodes.map((node) => {
        const label = nodeLabel(node, locale);
        return {
          group: "nodes" as const,
          data: { id: node.id, label, kind: node.kind, height: labelHeight(label) },
        };
      }),
      ...flow.graph.edges.map((edge, i) => ({
        group: "edges" as const,
        data: { id: `e${i}`, source: edge.from, target: edge.to, label: edgeLabel(edge.label) },
      })),
    ];
    this.cy = cytoscape({
      container: this.canvas,
      elements,
      minZoom: MIN_ZOOM,
      maxZoom: MAX_ZOOM,
      wheelSensitivity: 0.4,
      boxSelectionEnabled: false,
      autoungrabify: true,
      autounselectify: true,
      style: DIAGRAM_STYLE,
      layout: {
        name: "dagre",
        rankDir: "TB",
        nodeSep: 24,
        rankSep: 46,
        edgeSep: 8,
        fit: true,
        padding: 16,
      } as cytoscape.LayoutOptions,
    });
    this.drawnKey = key;
    if (this.cy.zoom() < READABLE_ZOOM) {
      const start = this.cy.getElementById(START_NODE).position();
      this.cy.zoom(READABLE_ZOOM);
      this.cy.pan({ x: this.cy.width() / 2 - start.x * READABLE_ZOOM, y: 30 - start.y * READABLE_ZOOM });
    }
    // What the picture shows, for tests and tools that cannot read a canvas.
    this.canvas.dataset.nodes = String(this.cy.nodes().length);
    this.canvas.dataset.zoom = this.cy.zoom().toFixed(2);
    this.cy.on("zoom", () => {
      if (this.cy) this.canvas.dataset.zoom = this.cy.zoom().toFixed(2);
    });
    // Cytoscape's own canvases are pictures of the diagram; the list below carries the same content as text.
    for (const layer of this.canvas.querySelectorAll("canvas")) layer.setAttribute("aria-hidden", "true");
  }

  private applyHighlight(h: PathHighlight): void {
    const cy = this.cy;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass("visited current taken");
      for (const id of h.visited) cy.getElementById(id).addClass("visited");
      if (h.current) cy.getElementById(h.current).addClass("current");
      cy.edges().forEach((edge) => {
        if (h.taken.has(`${edge.source().id()}|${edge.target().id()}`)) edge.addClass("taken");
      });
    });
  }

  /** Brings the current block into view (always when asked, else only when it is off screen). */
  private followCurrent(asked: boolean): void {
    const cy = this.cy;
    const node = cy?.$(".current");
    if (!cy || !node || node.empty()) return;
    const box = node.renderedBoundingBox();
    const visible = box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height();
    if (visible && !asked) return;
    cy.stop();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), FOLLOW_ZOOM) }, { duration: 250 });
  }

  private zoomBy(factor: number): void {
    const cy = this.cy;
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  private onKey(e: KeyboardEvent): void {
    const cy = this.cy;
    if (!cy) return;
    const step = 60;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
    };
    const move = moves[e.key];
    if (move) cy.panBy({ x: move[0], y: move[1] });
    else if (e.key === "+" || e.key === "=") this.zoomBy(1.25);
    else if (e.key === "-") this.zoomBy(0.8);
    else if (e.key === "0") cy.fit(undefined, 16);
    else return;
    e.preventDefault();
  }

  private renderList(flow: DrawnFlow, h: PathHighlight): void {
    const byNode = new Map(flow.graph.nodes.map((n) => [n.id, n]));
    const list = make("ol");
    list.setAttribute("aria-label", flowName(flow.file));
    for (const node of flow.graph.nodes) {
      if (node.id === START_NODE) continue;
      const li = make("li", "flow-node");
      li.dataset.block = node.id;
      const isCurrent = h.current === node.id;
      if (h.visited.has(node.id)) li.classList.add("visited");
      if (isCurrent) {
        li.classList.add("current");
        li.setAttribute("aria-current", "step");
      }
      li.append(make("span", "node-label", nodeTitle(node)));
      const detail = nodeDetail(node, uiLocale());
      if (detail) li.append(make("span", "node-detail", detail));
      if (isCurrent) li.append(make("span", "badge", t("flow.current")));
      else if (h.visited.has(node.id)) li.append(make("span", "badge", t("flow.visited")));
      const edges = flow.graph.edges.filter((e) => e.from === node.id);
      if (edges.length > 0) {
        const ul = make("ul", "edges");
        for (const edge of edges) {
          const target = byNode.get(edge.to);
          const label = edgeLabel(edge.label);
          const taken = h.taken.has(`${edge.from}|${edge.to}`);
          ul.append(
            make(
              "li",
              taken ? "taken" : "",
              `${label ? `${label} ` : ""}→ ${target ? nodeTitle(target) : edge.to}`,
            ),
          );
        }
        li.append(ul);
      }
      list.append(li);
    }
    this.list.replaceChildren(list);
  }

  private renderPath(): void {
    if (this.path.length === 0) {
      this.pathList.replaceChildren(make("li", "muted", t("flow.noPath")));
      return;
    }
    this.pathList.replaceChildren(
      ...this.path.map((step) => {
        const flow = this.flows.find((f) => f.file.key === step.flow);
        const node = flow?.graph.nodes.find((n) => n.id === flow.graph.nodeOf.get(step.block));
        const what = node ? nodeTitle(node) : step.label ? blockName(step.label) : step.block;
        const li = make("li", "", `${flow ? `${flowName(flow.file)}: ` : ""}${what}`);
        li.title = step.block;
        return li;
      }),
    );
    // The newest step is the interesting one; keep it in view.
    this.pathList.scrollTop = this.pathList.scrollHeight;
  }
}

/** The flow's name in the page language (the file's `Metadata.name` when there is no translation). */
export function flowName(file: { key: string; name: string }): string {
  const key = `flow.name.${file.key}`;
  const name = t(key);
  return name === key ? file.name : name;
}

function blockName(type: string): string {
  const key = `block.${type}`;
  const name = t(key);
  return name === key ? type : name;
}

function nodeTitle(node: FlowNode): string {
  return node.id === START_NODE ? t("flow.start") : blockName(node.type);
}

function nodeLabel(node: FlowNode, locale: string): string {
  const detail = nodeDetail(node, locale);
  return detail ? `${nodeTitle(node)}\n${detail}` : nodeTitle(node);
}

/** One line saying what the block does, in the page's language (the localized copy's own text). */
export function nodeDetail(node: FlowNode, locale: string): string {
  const action = shownAction(node, locale);
  if (!action) return "";
  const p = action.Parameters;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  let text = "";
  switch (action.Type) {
    case "MessageParticipant":
    case "GetParticipantInput":
    case "ConnectParticipantWithLexBot":
      text = str(p.Text);
      break;
    case "UpdateFlowAttributes": {
      const attrs = (p.FlowAttributes ?? {}) as Record<string, { Value?: string }>;
      text = Object.values(attrs)
        .map((a) => str(a?.Value))
        .join(" ");
      break;
    }
    case "Compare":
      text = t("flow.detail.compare", { value: reference(str(p.ComparisonValue)) });
      break;
    case "Loop":
      text = t("flow.detail.loop", { count: str(p.LoopCount) });
      break;
    case "UpdateContactAttributes":
      text = t("flow.detail.attributes", { names: Object.keys((p.Attributes ?? {}) as object).join(", ") });
      break;
    case "UpdateContactTextToSpeechVoice":
      text = t("flow.detail.voice", { voice: str(p.TextToSpeechVoice) });
      break;
    case "UpdateContactData":
      text = str(p.LanguageCode) ? t("flow.detail.language", { language: str(p.LanguageCode) }) : "";
      break;
    case "InvokeLambdaFunction": {
      const fn = str((p.LambdaInvocationAttributes as Record<string, unknown> | undefined)?.action);
      const key = `lambda.${fn}`;
      text = fn ? (t(key) === key ? fn : t(key)) : "";
      break;
    }
    case "TransferToFlow": {
      const target = flowKeyOfPlaceholder(str(p.ContactFlowId));
      text = target ? t("flow.detail.to", { target: flowName({ key: target, name: target }) }) : "";
      break;
    }
    default:
      text = "";
  }
  const clean = text
    .replace(/\$\.(?:FlowAttributes|External|Attributes|Lex\.SessionAttributes)\.(\w+)/g, "{$1}")
    .trim();
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL - 1)}…` : clean;
}

/** `$.Attributes.locale` → `locale`: the attribute's name is what a reader needs. */
function reference(path: string): string {
  return path.replace(/^\$\.(?:Attributes\.|External\.|Lex\.SessionAttributes\.)?/, "");
}

/** `{{KeypadMenuFlowArn}}` → `keypad-menu` (the placeholder names follow the flow keys). */
export function flowKeyOfPlaceholder(value: string): string | undefined {
  const m = /^\{\{(\w+)FlowArn\}\}$/.exec(value);
  return m ? m[1]!.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase() : undefined;
}

/** A branch's label in the page language: keys, values and the error branches Connect names. */
export function edgeLabel(label: FlowEdgeLabel): string {
  if (label.kind === "next") return "";
  const translated = (value: string) => {
    const key = `edge.${value}`;
    const text = t(key);
    return text === key ? value : text;
  };
  if (label.kind === "error") return translated(label.errorType);
  const value = label.operands.map(translated).join(", ");
  return label.operator === "TextStartsWith" ? t("edge.startsWith", { value }) : value;
}

function labelHeight(label: string): number {
  // Rough wrap estimate at the node width (CJK glyphs are about twice as wide as Latin ones).
  const lines = label.split("\n").reduce((n, line) => {
    const width = [...line].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 12 : 6.4), 0);
    return n + Math.max(1, Math.ceil(width / (NODE_WIDTH - 16)));
  }, 0);
  return 14 + lines * 15;
}

// Colours meet WCAG contrast against white (text) and tell kinds apart by border and fill.
const KIND_COLOURS: Record<string, { border: string; fill: string }> = {
  start: { border: "#16191f", fill: "#ffffff" },
  prompt: { border: "#0a4a74", fill: "#eef5fb" },
  input: { border: "#0f6cbd", fill: "#e8f1fb" },
  bot: { border: "#6b3fa0", fill: "#f3eefa" },
  decision: { border: "#8a5a00", fill: "#fff8e6" },
  lambda: { border: "#b3261e", fill: "#fdf0ef" },
  transfer: { border: "#1d6b2f", fill: "#edf7ef" },
  end: { border: "#16191f", fill: "#eceff1" },
  set: { border: "#4b5563", fill: "#f7f7f8" },
};

const DIAGRAM_STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      width: NODE_WIDTH,
      height: "data(height)",
      label: "data(label)",
      "text-wrap": "wrap",
      // Japanese has no spaces to break at.
      "text-overflow-wrap": "anywhere",
      "text-max-width": `${NODE_WIDTH - 16}px`,
      "text-valign": "center",
      "text-halign": "center",
      "font-size": 11,
      "line-height": 1.3,
      "font-family": '"Helvetica Neue", Arial, "IPAGothic", "IPAPGothic", "Noto Sans CJK JP", sans-serif',
      color: "#16191f",
      "border-width": 1.5,
      "background-color": "#ffffff",
      "border-color": "#4b5563",
    },
  },
  ...Object.entries(KIND_COLOURS).map(([kind, c]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { "border-color": c.border, "background-color": c.fill },
  })),
  { selector: `node[kind = "start"]`, style: { shape: "ellipse", width: 70 } },
  { selector: `node[kind = "decision"]`, style: { shape: "cut-rectangle" } },
  { selector: "node.visited", style: { "background-color": "#d4ecd0", "border-width": 2 } },
  {
    selector: "node.current",
    style: { "background-color": "#ffe58a", "border-color": "#8a6d00", "border-width": 4 },
  },
  {
    selector: "edge",
    style: {
      width: 1.2,
      "curve-style": "bezier",
      "line-color": "#9aa1ab",
      "target-arrow-color": "#9aa1ab",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.8,
      label: "data(label)",
      "font-size": 10,
      color: "#374151",
      "text-background-color": "#ffffff",
      "text-background-opacity": 1,
      "text-background-padding": "2px",
    },
  },
  {
    selector: "edge.taken",
    style: {
      width: 3.5,
      "line-color": "#1d6b2f",
      "target-arrow-color": "#1d6b2f",
      color: "#1d6b2f",
      "z-index": 10,
    },
  },
];
