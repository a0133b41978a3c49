import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEmulatorBundle } from "../../../local/emulator-bundle.js";

interface Entry {
  greeting(): string;
  here: string;
  weekday: string;
}

// A throwaway repository: two sources, a locale-like JSON file, and the real node_modules for a package.
let root: string;
let src: string;
let cacheDir: string;
const load = () => loadEmulatorBundle<Entry>({ root, entry: "src/entry.ts", cacheDir });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "orderline-bundle-"));
  cacheDir = join(root, "cache");
  symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");
  writeFileSync(join(root, "package.json"), "{}");
  src = join(root, "src");
  mkdirSync(src);
  writeFileSync(join(src, "text.json"), JSON.stringify({ hello: "こんにちは" }));
  writeFileSync(
    join(src, "greeting.ts"),
    `import text from "./text.json";\nexport const greeting = (): string => text.hello;\n`,
  );
  writeFileSync(
    join(src, "entry.ts"),
    [
      `import * as chrono from "chrono-node/en";`,
      `export { greeting } from "./greeting.js";`,
      `export const here: string = import.meta.dirname;`,
      `export const weekday = String(chrono.parseDate("2026-11-27")?.getDay());`,
    ].join("\n"),
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the emulator bundle npm start runs from", () => {
  it("runs the entry with its JSON, its import.meta and a package, and builds only once", async () => {
    const first = await load();
    expect(first.built).toBe("all");
    expect(first.exports.greeting()).toBe("こんにちは");
    expect(first.exports.here).toBe(src);
    expect(first.exports.weekday).toBe("5");
    first.saveCodeCache();
    const second = await load();
    expect(second.built).toBe("none");
    expect(second.exports.greeting()).toBe("こんにちは");
  });

  it("rebuilds only our sources when one changes, and nothing when a file is only touched", async () => {
    await load();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(src, "greeting.ts"), later, later);
    expect((await load()).built).toBe("none");
    writeFileSync(join(src, "text.json"), JSON.stringify({ hello: "hello" }));
    const edited = await load();
    expect(edited.built).toBe("sources");
    expect(edited.exports.greeting()).toBe("hello");
  });

  it("rebuilds the packages bundle when the sources import another package", async () => {
    await load();
    writeFileSync(
      join(src, "greeting.ts"),
      `import { parsePhoneNumberFromString } from "libphonenumber-js";\nexport const greeting = (): string => parsePhoneNumberFromString("+819012345678")?.country ?? "";\n`,
    );
    const edited = await load();
    expect(edited.built).toBe("all");
    expect(edited.exports.greeting()).toBe("JP");
  });
});
