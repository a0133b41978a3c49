import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FLOW_FILES } from "../catalog.js";
import { buildFlows, flowJsonPath, loadFlowInputs, serializeFlow } from "./build-flows.js";
import { flowDiagramMarkdown } from "./diagram.js";
import { FLOWS_DIR, type FlowInputs, flowLocaleIds } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";
import { checkFlowStructure } from "./structure-check.js";

/** Path of a flow's committed diagram. */
export function flowDiagramPath(key: string): string {
  return join(FLOWS_DIR, `${key}.md`);
}

/**
 * Every check `npm run flows:check` runs: committed JSON and diagrams up to date, structure of each flow
 * against the action contract, the same prompt keys in every locale. Returns problems (empty = fine).
 */
export function checkAllFlows(): string[] {
  const problems: string[] = [];
  let inputs: FlowInputs;
  let built: { key: string; content: FlowContent }[] = [];
  try {
    inputs = loadFlowInputs();
    built = buildFlows(inputs);
  } catch (err) {
    return [`flows do not build: ${(err as Error).message}`];
  }
  const locales = flowLocaleIds(inputs.config);
  for (const { key, content } of built) {
    const path = flowJsonPath(key);
    const committed = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (committed !== serializeFlow(content))
      problems.push(`flows/${key}.json is out of date: run npm run flows:build`);
    const diagram = existsSync(flowDiagramPath(key)) ? readFileSync(flowDiagramPath(key), "utf8") : "";
    if (diagram !== flowDiagramMarkdown(key, content)) {
      problems.push(`flows/${key}.md is out of date: run npm run flows:diagram`);
    }
    const type = FLOW_FILES.find((f) => f.key === key)!.type;
    const flowProblems = checkFlowStructure(content, { flowType: type, locales });
    problems.push(...flowProblems.map((p) => `flows/${key}.json: ${p}`));
  }
  // Prompt keys: the same set in every locale, no empty text.
  const keySets = locales.map((l) => {
    const texts = inputs.locales[l]?.texts ?? {};
    for (const [k, v] of Object.entries(texts))
      if (v.trim() === "") problems.push(`locales/${l}/flows.json: "${k}" is empty`);
    return new Set(Object.keys(texts));
  });
  const all = new Set(keySets.flatMap((s) => [...s]));
  locales.forEach((l, i) => {
    for (const k of all) if (!keySets[i]!.has(k)) problems.push(`locales/${l}/flows.json: missing "${k}"`);
  });
  return problems;
}
