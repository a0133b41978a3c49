import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SUPPORTED_ACTION_TYPES } from "../../local/connect/blocks/index.js";
import { FLOW_FILES } from "../catalog.js";
import { buildFlows, flowJsonPath, LOCALES_DIR, serializeFlow } from "./build-flows.js";
import { flowDiagramMarkdown } from "./diagram.js";
import { FLOWS_DIR, flowLocaleIds, loadFlowConfig } from "./flow-config.js";
import type { FlowContent } from "./flow-types.js";
import { checkFlowStructure } from "./structure-check.js";

/** Path of a flow's committed diagram. */
export function flowDiagramPath(key: string): string {
  return join(FLOWS_DIR, `${key}.md`);
}

/**
 * Every check `npm run flows:check` runs: committed JSON and diagrams up to date, structure of each flow,
 * the same prompt keys in every locale, voices matching the bot's. Returns problems (empty = fine).
 */
export function checkAllFlows(): string[] {
  const problems: string[] = [];
  const config = loadFlowConfig();
  const locales = flowLocaleIds(config);
  let built: { key: string; content: FlowContent }[] = [];
  try {
    built = buildFlows(config);
  } catch (err) {
    return [`flows do not build: ${(err as Error).message}`];
  }
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
    const flowProblems = checkFlowStructure(content, {
      flowType: type,
      locales,
      supportedTypes: SUPPORTED_ACTION_TYPES,
    });
    problems.push(...flowProblems.map((p) => `flows/${key}.json: ${p}`));
  }
  // Prompt keys: the same set in every locale, no empty text.
  const keySets = locales.map((l) => {
    const texts = JSON.parse(readFileSync(join(LOCALES_DIR, l, "flows.json"), "utf8")) as Record<
      string,
      string
    >;
    for (const [k, v] of Object.entries(texts))
      if (v.trim() === "") problems.push(`locales/${l}/flows.json: "${k}" is empty`);
    return new Set(Object.keys(texts));
  });
  const all = new Set(keySets.flatMap((s) => [...s]));
  locales.forEach((l, i) => {
    for (const k of all) if (!keySets[i]!.has(k)) problems.push(`locales/${l}/flows.json: missing "${k}"`);
  });
  // The flows' voice must be the one the bot locale declares.
  for (const l of locales) {
    const botPath = join(LOCALES_DIR, l, "bot.json");
    if (!existsSync(botPath)) continue;
    const bot = JSON.parse(readFileSync(botPath, "utf8")) as {
      voice?: { voiceId?: string };
      languageCode?: string;
    };
    const c = config.locales[l]!;
    if (bot.voice?.voiceId && bot.voice.voiceId !== c.voiceId) {
      problems.push(`flows/config.json: ${l} voice ${c.voiceId} differs from bot.json ${bot.voice.voiceId}`);
    }
    if (bot.languageCode && bot.languageCode !== c.languageCode) {
      problems.push(
        `flows/config.json: ${l} languageCode ${c.languageCode} differs from bot.json ${bot.languageCode}`,
      );
    }
  }
  return problems;
}
