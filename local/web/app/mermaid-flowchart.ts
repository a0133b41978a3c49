/** A Mermaid `flowchart`/`graph` reduced to what the console draws: nodes in order and labelled edges. */
export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}
export interface FlowNode {
  id: string;
  /** The label's lines (`<br/>` splits them); generated diagrams put the flow action id first. */
  lines: string[];
}
export interface FlowEdge {
  from: string;
  to: string;
  label: string;
}

// Edge operators: -->, ---, -.->, ==>, with an optional `|label|`, or the `-- label -->` form.
const EDGE =
  /\s*(?:--\s+([^-|>][^>]*?)\s+-->|==\s+([^=>][^>]*?)\s+==>|-\.\s+([^.>][^>]*?)\s+\.->|<?-{2,}>|<?={2,}>|<?-\.+->|-{3,}|={3,})\s*(?:\|([^|]*)\|)?\s*/;
// A node reference with an optional shape: id["x"], id("x"), id{"x"}, id(["x"]), id[["x"]], id(("x")), id>"x"], id{{"x"}}.
const NODE =
  /^([A-Za-z0-9_.:-]+)\s*(?:(\[\[|\[\(|\(\[|\(\(|\{\{|\[\/|\[\\|\[|\(|\{|>)([\s\S]*?)(\]\]|\)\]|\]\)|\)\)|\}\}|\/\]|\\\]|\]|\)|\})?)?\s*$/;
const SKIP = /^(flowchart|graph|classDef|class|style|linkStyle|click|subgraph|end|direction|%%)\b/;

/** Parses the flowchart subset that flow diagrams use; unknown lines are ignored rather than fatal. */
export function parseFlowchart(text: string): FlowGraph {
  const nodes = new Map<string, FlowNode>();
  const edges: FlowEdge[] = [];
  const touch = (ref: string): string | undefined => {
    const m = NODE.exec(ref.trim().replace(/:::\w+$/, ""));
    if (!m) return undefined;
    const id = m[1]!;
    const lines = m[3] !== undefined ? labelLines(m[3]) : [];
    const known = nodes.get(id);
    if (!known) nodes.set(id, { id, lines: lines.length > 0 ? lines : [id] });
    else if (lines.length > 0) known.lines = lines;
    return id;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/;$/, "");
    if (!line || SKIP.test(line)) continue;
    parseStatement(line, touch, edges);
  }
  return { nodes: [...nodes.values()], edges };
}

function parseStatement(line: string, touch: (ref: string) => string | undefined, edges: FlowEdge[]): void {
  const parts: string[] = [];
  const labels: string[] = [];
  let rest = line;
  for (;;) {
    const m = findEdge(rest);
    if (!m) break;
    parts.push(rest.slice(0, m.index));
    labels.push(cleanLabel(m[1] ?? m[2] ?? m[3] ?? m[4] ?? ""));
    rest = rest.slice(m.index + m[0].length);
  }
  parts.push(rest);
  const ids = parts.map((p) => touch(p));
  for (let i = 0; i < labels.length; i++) {
    const from = ids[i];
    const to = ids[i + 1];
    if (from && to) edges.push({ from, to, label: labels[i]! });
  }
}

/** The first edge operator that is outside a node's brackets or quotes. */
function findEdge(s: string): RegExpExecArray | undefined {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if ("[({".includes(c)) depth++;
    else if ("])}".includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === "-" || c === "=" || c === "<") && i > 0) {
      const m = EDGE.exec(s.slice(i));
      if (m && m.index === 0) {
        const found = m as RegExpExecArray;
        found.index = i;
        return found;
      }
    }
  }
  return undefined;
}

function labelLines(label: string): string[] {
  return label
    .trim()
    .replace(/^"([\s\S]*)"$/, "$1")
    .split(/<br\s*\/?>/i)
    .map(cleanLabel)
    .filter((line) => line !== "");
}

function cleanLabel(label: string): string {
  return label
    .trim()
    .replace(/^"([\s\S]*)"$/, "$1")
    .replace(/<br\s*\/?>/gi, " / ")
    .replace(/#quot;/g, '"')
    .replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}

/** Loose identity of two ids (diagrams may sanitise ids: `n_flow_logging` for `flow-logging`). */
export function sameBlockId(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return a === b || norm(a) === norm(b);
}

/** Does the diagram node stand for the flow action `block` (by node id, `n_` id or first label line)? */
export function nodeIsBlock(node: FlowNode, block: string): boolean {
  // Localized blocks run as one action per locale (`ask-date-ja_JP`) under one diagram node (`ask-date`).
  const base = block.replace(/-[a-z]{2}_[A-Z]{2}$/, "");
  return [block, base].some(
    (id) => sameBlockId(node.id, id) || sameBlockId(node.id, `n_${id}`) || node.lines[0] === id,
  );
}
