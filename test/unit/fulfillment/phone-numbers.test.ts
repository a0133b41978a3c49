import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { PHONE_METADATA_FILE, phoneNumberParser } from "../../../fulfillment/src/domain/phone-numbers.js";

const ROOT = join(import.meta.dirname, "../../..");

describe("phoneNumberParser", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("types numbers with the full metadata when run from source", async () => {
    const parse = await phoneNumberParser();
    expect(parse("+819012345678", "JP")?.getType()).toBe("MOBILE");
    expect(parse("0120-123-456", "JP")?.getType()).toBe("TOLL_FREE");
    expect(parse("not a number", "US")).toBeUndefined();
  });

  it("reads the metadata file shipped beside a bundle, with no node_modules in reach", async () => {
    // Bundled like infra bundles the Lambdas (ESM, node), into a folder outside the repository.
    const dir = mkdtempSync(join(tmpdir(), "orderline-phone-"));
    dirs.push(dir);
    const entry = join(dir, "entry.ts");
    writeFileSync(
      entry,
      `export { phoneNumberParser } from ${JSON.stringify(join(ROOT, "fulfillment/src/domain/phone-numbers.ts"))};`,
    );
    await build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "node",
      mainFields: ["module", "main"],
      outfile: join(dir, "index.mjs"),
      logLevel: "silent",
    });
    const bundled = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as {
      phoneNumberParser: typeof phoneNumberParser;
    };
    // Without the file, the bundle cannot find the metadata: it is not code in the bundle.
    await expect(bundled.phoneNumberParser()).rejects.toThrow();
    const dir2 = mkdtempSync(join(tmpdir(), "orderline-phone-"));
    dirs.push(dir2);
    copyFileSync(join(dir, "index.mjs"), join(dir2, "index.mjs"));
    const metadata = createRequire(import.meta.url).resolve("libphonenumber-js/metadata.max.json");
    copyFileSync(metadata, join(dir2, PHONE_METADATA_FILE));
    const withFile = (await import(pathToFileURL(join(dir2, "index.mjs")).href)) as typeof bundled;
    const parse = await withFile.phoneNumberParser();
    expect(parse("+12025550123", "US")?.isValid()).toBe(true);
    expect(parse("+819012345678", "JP")?.getType()).toBe("MOBILE");
  });
});
