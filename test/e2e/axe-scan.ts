import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** axe-core's browser build from node_modules (injected into the page: nothing is fetched from a CDN). */
const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** One axe rule broken on the page, with where. */
export interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  targets: string[];
}

/** Violations per impact, as the closing note of issue 16 reports them. */
export type ImpactCounts = Record<"critical" | "serious" | "moderate" | "minor", number>;

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now. */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } })
      .axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: AxeViolation["impact"];
        help: string;
        nodes: { target: string[] }[];
      }[];
    }
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

export function countByImpact(violations: AxeViolation[]): ImpactCounts {
  const counts: ImpactCounts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) if (v.impact) counts[v.impact] += v.targets.length;
  return counts;
}

/** The serious and critical ones, readable in a failed assertion. */
export function blocking(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.targets.slice(0, 5).join(", ")}`);
}
