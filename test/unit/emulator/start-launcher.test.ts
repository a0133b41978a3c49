import { type ChildProcess, spawn } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_BUNDLE_CACHE, isLauncherCurrent } from "../../../local/emulator-bundle.js";

/**
 * `npm start` (local/start.mjs) in a copy of the repository whose node_modules links the real packages one by one,
 * so a package can be taken away: without tsx, only the compiled launcher can start the emulator. The copy has its
 * own emulator cache (the NLU model cache is the real one).
 */
const REPO = resolve(import.meta.dirname, "../../..");
const COPIED = ["bot", "locales", "fulfillment", "flows", "infra", "local", "package.json", "tsconfig.json"];
const EDITED = "console.log(`[test] main.ts as edited`);";

let tree: string;
const running = new Set<ChildProcess>();

const launcherCurrent = () => isLauncherCurrent({ root: tree, entry: "local/main.ts" });

function linkPackage(name: string, linked: boolean): void {
  const link = join(tree, "node_modules", name);
  rmSync(link, { force: true });
  if (linked) symlinkSync(join(REPO, "node_modules", name), link, "dir");
}

interface Start {
  /** `GET /health` answered 200; false: the process exited first. */
  healthy: boolean;
  stdout: string;
  stderr: string;
}

/** `node local/start.mjs --in-memory --port 0 ...args` in the copy, to `GET /health` 200 or exit; stopped once healthy. */
function start(args: string[] = []): Promise<Start> {
  const child = spawn(process.execPath, ["local/start.mjs", "--in-memory", "--port", "0", ...args], {
    cwd: tree,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: "" },
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((done) => {
    let url: string | undefined;
    let healthy = false;
    child.once("exit", () => {
      running.delete(child);
      done({ healthy, stdout, stderr });
    });
    child.stdout.on("data", async (c: Buffer) => {
      stdout += c.toString();
      if (url) return;
      url = /ready at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      healthy = (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;
      child.kill("SIGTERM");
    });
  });
}

beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), "orderline-start-"));
  for (const entry of COPIED) cpSync(join(REPO, entry), join(tree, entry), { recursive: true });
  mkdirSync(join(tree, "node_modules", ".cache"), { recursive: true });
  for (const name of readdirSync(join(REPO, "node_modules"))) {
    if (name !== ".cache") linkPackage(name, true);
  }
  symlinkSync(
    join(REPO, "node_modules", ".cache", "orderline-nlu"),
    join(tree, "node_modules", ".cache", "orderline-nlu"),
    "dir",
  );
  // The first start after a clone: through tsx, building the bundle and the launcher; stopped as soon as it is
  // ready, it leaves a current launcher.
  const first = await start();
  expect(first.healthy, first.stderr).toBe(true);
  expect(launcherCurrent()).toBe(true);
}, 120_000);

afterEach(() => {
  linkPackage("tsx", true);
  linkPackage("esbuild", true);
});

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe("npm start (local/start.mjs)", () => {
  it("starts from a current launcher and bundle with no tsx to load", async () => {
    linkPackage("tsx", false);
    const { healthy, stdout, stderr } = await start();
    expect(healthy, stderr).toBe(true);
    expect(stdout).toMatch(/^Orderline emulator ready at http:\/\/127\.0\.0\.1:\d+ in \d+ ms/m);
    expect(stderr).toBe("");
  });

  it("rebuilds a stale emulator bundle with no tsx either", async () => {
    const manifest = () => readFileSync(join(tree, EMULATOR_BUNDLE_CACHE, "manifest.json"), "utf8");
    const before = manifest();
    appendFileSync(join(tree, "local", "config.ts"), "\n// edited by the test: the bundle is stale\n");
    linkPackage("tsx", false);
    const { healthy, stderr } = await start();
    expect(healthy, stderr).toBe(true);
    expect(stderr).toBe("");
    expect(manifest()).not.toBe(before);
  });

  it("runs from source through tsx, with the same warning, when the bundle fails to build", async () => {
    appendFileSync(join(tree, "local", "config.ts"), "\n// edited again: the bundle is stale\n");
    linkPackage("esbuild", false);
    const { healthy, stderr } = await start();
    expect(healthy, stderr).toBe(true);
    expect(stderr).toMatch(/^\[orderline\] running from source: the emulator bundle failed \(.*esbuild/m);
  });

  it("runs an edited main.ts from source through tsx, then from the launcher compiled again", async () => {
    appendFileSync(join(tree, "local", "main.ts"), `\n${EDITED}\n`);
    expect(launcherCurrent()).toBe(false);
    linkPackage("tsx", false);
    const stale = await start();
    expect(stale.healthy).toBe(false);
    expect(stale.stderr).toContain("Cannot find package 'tsx'");

    linkPackage("tsx", true);
    const fromSource = await start();
    expect(fromSource.healthy, fromSource.stderr).toBe(true);
    expect(fromSource.stdout).toContain("[test] main.ts as edited");
    expect(launcherCurrent()).toBe(true);

    linkPackage("tsx", false);
    const compiled = await start();
    expect(compiled.healthy, compiled.stderr).toBe(true);
    expect(compiled.stdout).toContain("[test] main.ts as edited");
  });

  it("runs the sources through tsx with --from-source", async () => {
    linkPackage("tsx", false);
    expect((await start(["--from-source"])).stderr).toContain("Cannot find package 'tsx'");
    linkPackage("tsx", true);
    const { healthy, stdout, stderr } = await start(["--from-source"]);
    expect(healthy, stderr).toBe(true);
    expect(stdout).toMatch(/^Orderline emulator ready at /m);
  });
});
