/** A Mermaid `flowchart`/`graph` reduced to what the console draws: nodes in order and labelled edges. */
export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}
export interface FlowNode {
  id: string;
  label: string;
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
    const label = m[3] !== undefined ? cleanLabel(m[3]) : undefined;
    const known = nodes.get(id);
    if (!known) nodes.set(id, { id, label: label || id });
    else if (label) known.label = label;
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

/** Loose identity for matching a flow block id against a Mermaid node id (diagrams may sanitise ids). */
export function sameBlockId(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return a === b || norm(a) === norm(b);
}
