import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { describe, it } from "vitest";

/** The one command that makes the browser suites run on Debian/Ubuntu (the font draws the Japanese page). */
export const BROWSER_INSTALL_HINT =
  "sudo apt-get install -y chromium fonts-ipafont-gothic (or install Google Chrome, or set CHROMIUM_PATH)";

/** Where the browser was found, or why not. */
export type BrowserSearch = { path: string; from: string } | { reason: string };

/** What `findBrowser` looks at; the defaults are this process's. */
export interface BrowserSearchEnv {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
}

const PATH_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/** The usual install locations of Chromium and Google Chrome per platform. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === "darwin") {
    const apps = ["/Applications", join(env.HOME ?? "~", "Applications")];
    return apps.flatMap((dir) => [
      join(dir, "Google Chrome.app/Contents/MacOS/Google Chrome"),
      join(dir, "Chromium.app/Contents/MacOS/Chromium"),
      join(dir, "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing"),
    ]);
  }
  if (platform === "win32") {
    const roots = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter((r): r is string =>
      Boolean(r),
    );
    return roots.flatMap((root) => [
      `${root}\\Google\\Chrome\\Application\\chrome.exe`,
      `${root}\\Chromium\\Application\\chrome.exe`,
    ]);
  }
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
  ];
}

/**
 * Finds a Chromium or Chrome to drive: `CHROMIUM_PATH` when set (and only it: an explicit choice never falls
 * back to another browser), else the usual install paths, else the `PATH`.
 */
export function findBrowser({
  env = process.env,
  platform = process.platform,
  exists = existsSync,
}: BrowserSearchEnv = {}): BrowserSearch {
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH, from: "CHROMIUM_PATH" }
      : { reason: `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist` };
  }
  for (const path of browserCandidates(platform, env))
    if (exists(path)) return { path, from: "install path" };
  const suffix = platform === "win32" ? ".exe" : "";
  for (const dir of (env.PATH ?? "").split(platform === "win32" ? ";" : delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) {
      const path = join(dir, name + suffix);
      if (exists(path)) return { path, from: "PATH" };
    }
  }
  return { reason: "no Chromium or Google Chrome found (CHROMIUM_PATH, the usual install paths, PATH)" };
}

/** `CI=true` (or any value but `false`/`0`): a missing browser is a failure, never a skip. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/** The one line `npm test` prints when the browser suites are skipped (or fail under CI). */
export function missingBrowserLine(reason: string): string {
  return `Browser e2e suites skipped: ${reason}. Install one with: ${BROWSER_INSTALL_HINT}`;
}

// Offline by construction: every host name except loopback fails to resolve.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

/** Launches the browser `findBrowser` finds, failing with the install command when there is none. */
export async function launchChromium(): Promise<Browser> {
  const found = findBrowser();
  if ("reason" in found) throw new Error(`${found.reason}. Install one with: ${BROWSER_INSTALL_HINT}`);
  return chromium.launch({ executablePath: found.path, headless: true, args: CHROMIUM_ARGS });
}

/**
 * `describe` for a suite that drives the browser: it runs when a browser is found; without one it is
 * reported as skipped, except under CI, where it fails so browser tests never silently stop running.
 */
export function describeInBrowser(name: string, options: { timeout?: number }, body: () => void): void {
  const found = findBrowser();
  if (!("reason" in found)) describe(name, options, body);
  else if (isCi()) {
    describe(name, () => {
      it("has a browser to run in (CI=true)", () => {
        throw new Error(`${found.reason}. CI must run the browser suites: ${BROWSER_INSTALL_HINT}`);
      });
    });
  } else describe.skip(name, options, body);
}
