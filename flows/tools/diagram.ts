import { writeFileSync } from "node:fs";
import { buildFlows } from "../src/build-flows.js";
import { flowDiagramMarkdown } from "../src/diagram.js";
import { flowDiagramPath } from "../src/flow-check.js";

// `npm run flows:diagram`: one Mermaid diagram per flow, committed next to its JSON as flows/<key>.md.
for (const { key, content } of buildFlows()) {
  writeFileSync(flowDiagramPath(key), flowDiagramMarkdown(key, content));
  console.log(`flows/${key}.md`);
}
