import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FLOW_FILES } from "../../flows/catalog.js";
import type { FlowContent } from "../../flows/src/flow-types.js";

/** One committed contact flow, as the console draws it. */
export interface FlowJsonFile {
  /** File stem, also the emulator's flow key: `keypad-menu`. */
  key: string;
  /** `Metadata.name`, e.g. `Orderline keypad menu` (the console shows a translated name when it has one). */
  name: string;
  content: FlowContent;
}

/**
 * The flow JSON files Connect imports (`flows/<key>.json`), entry flow first in the catalog's order, then any
 * other file that is a flow (has `Version` and `Actions`).
 */
export function readFlowFiles(flowsDir: string): FlowJsonFile[] {
  if (!existsSync(flowsDir)) return [];
  const out: FlowJsonFile[] = [];
  for (const name of readdirSync(flowsDir)) {
    if (!name.endsWith(".json")) continue;
    let content: FlowContent;
    try {
      content = JSON.parse(readFileSync(join(flowsDir, name), "utf8")) as FlowContent;
    } catch {
      continue;
    }
    if (!content || content.Version === undefined || !Array.isArray(content.Actions)) continue;
    const key = name.replace(/\.json$/, "");
    out.push({ key, name: String(content.Metadata?.name ?? key), content });
  }
  const rank = (key: string) => {
    const i = FLOW_FILES.findIndex((f) => f.key === key);
    return i < 0 ? FLOW_FILES.length : i;
  };
  return out.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}
