import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  isLauncherCurrent,
  LAUNCHER_FILE,
  loadEmulatorBundle,
  updateLauncher,
} from "../../../local/emulator-bundle.js";

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

describe("the compiled launcher npm start imports instead of loading tsx (local/start.mjs)", () => {
  const launcher = () => ({ root, entry: "src/entry.ts", cacheDir });

  it("is one ES module of the entry and our sources it imports, with their import.meta, packages left to import", async () => {
    expect(isLauncherCurrent(launcher())).toBe(false);
    expect(await updateLauncher(launcher())).toBe(true);
    const code = readFileSync(join(cacheDir, LAUNCHER_FILE), "utf8");
    expect(code).toMatch(/^import .* from "chrono-node\/en";$/m);
    const compiled = (await import(pathToFileURL(join(cacheDir, LAUNCHER_FILE)).href)) as Entry;
    expect(compiled.greeting()).toBe("こんにちは");
    expect(compiled.here).toBe(src);
    expect(compiled.weekday).toBe("5");
  });

  it("is current until a file it was compiled from changes (a touch is no change), then compiled again", async () => {
    await updateLauncher(launcher());
    expect(isLauncherCurrent(launcher())).toBe(true);
    expect(await updateLauncher(launcher())).toBe(false);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(src, "entry.ts"), later, later);
    expect(isLauncherCurrent(launcher())).toBe(true);
    writeFileSync(join(src, "text.json"), JSON.stringify({ hello: "hello" }));
    expect(isLauncherCurrent(launcher())).toBe(false);
    expect(await updateLauncher(launcher())).toBe(true);
    expect(isLauncherCurrent(launcher())).toBe(true);
    expect(readFileSync(join(cacheDir, LAUNCHER_FILE), "utf8")).toContain('"hello"');
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "other" }));
    expect(isLauncherCurrent(launcher())).toBe(false);
    rmSync(join(src, "greeting.ts"));
    expect(isLauncherCurrent(launcher())).toBe(false);
  });

  it("is not current for another entry, nor when it is missing", async () => {
    await updateLauncher(launcher());
    expect(isLauncherCurrent({ ...launcher(), entry: "src/greeting.ts" })).toBe(false);
    rmSync(join(cacheDir, LAUNCHER_FILE));
    expect(isLauncherCurrent(launcher())).toBe(false);
  });
});
