import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const config = require("../../.dependency-cruiser.cjs") as IConfiguration;
const SOURCE_FOLDERS = ["bot", "locales", "fulfillment", "flows", "infra", "local", "bench", "test"];

async function violations(folders: string[], baseDir?: string): Promise<string[]> {
  const result = await cruise(folders, {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    ...(baseDir ? { baseDir } : {}),
  } as never);
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe("import boundaries (.dependency-cruiser.cjs)", () => {
  it("holds for the whole tree", async () => {
    expect(await violations(SOURCE_FOLDERS)).toEqual([]);
  }, 60_000);

  const scratch = mkdtempSync(join(process.cwd(), ".depcruise-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ["fulfillment/src/domain/order.ts", 'import "../../../local/thing.js";', "local/thing.ts", "pure-domain"],
    ["flows/src/a.ts", 'import "../../local/thing.js";', "local/thing.ts", "product-not-on-tooling"],
    ["bench/run.ts", 'import "../test/support/x.js";', "test/support/x.ts", "bench-not-on-tests"],
    ["locales/index.ts", 'import "../bot/types.js";', "bot/types.ts", "locales-are-data"],
    ["bot/a.ts", 'import "./b.js";', "bot/b.ts", "no-circular"],
  ])(
    "reports %s importing what it must not (%s)",
    async (from, source, target, rule) => {
      const dir = mkdtempSync(join(scratch, "case-"));
      const write = (path: string, text: string) => {
        mkdirSync(join(dir, path, ".."), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      write(target, rule === "no-circular" ? 'import "./a.js";\nexport {};\n' : "export {};\n");
      write(from, `${source}\nexport {};\n`);
      const found = await violations([from.split("/")[0]!, target.split("/")[0]!], dir);
      expect(found.some((v) => v.startsWith(`${rule}:`))).toBe(true);
    },
    60_000,
  );
});
