import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";

/** One committed Mermaid diagram of a contact flow. */
export interface FlowDiagramFile {
  /** Flow name: the file name without its extensions, e.g. `inbound`. */
  name: string;
  /** Path relative to the flows folder. */
  file: string;
  mermaid: string;
}

const MERMAID_FENCE = /```mermaid\s*\n([\s\S]*?)```/;

/**
 * Finds the flow diagrams committed next to the flows (`*.mmd`, `*.mermaid`, or a Markdown file with a
 * ```mermaid fence), two folder levels deep, sorted by name.
 */
export function readFlowDiagrams(flowsDir: string): FlowDiagramFile[] {
  if (!existsSync(flowsDir)) return [];
  const out: FlowDiagramFile[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 2 && entry.name !== "node_modules" && !entry.name.startsWith(".")) visit(path, depth + 1);
        continue;
      }
      const text = diagramText(path);
      if (text !== undefined) {
        out.push({
          name: basename(entry.name).replace(/\..*$/, ""),
          file: relative(flowsDir, path),
          mermaid: text,
        });
      }
    }
  };
  visit(flowsDir, 0);
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file));
}

function diagramText(path: string): string | undefined {
  if (/\.(mmd|mermaid)$/.test(path)) return readFileSync(path, "utf8");
  if (path.endsWith(".md")) return MERMAID_FENCE.exec(readFileSync(path, "utf8"))?.[1];
  return undefined;
}
