import { writeFileSync } from "node:fs";
import { buildFlows, flowJsonPath, serializeFlow } from "../src/build-flows.js";

// Regenerates flows/<key>.json from flows/src and locales/*/flows.json (the JSON is the committed artifact).
for (const { key, content } of buildFlows()) {
  writeFileSync(flowJsonPath(key), serializeFlow(content));
  console.log(`flows/${key}.json: ${content.Actions.length} actions`);
}
