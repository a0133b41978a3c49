import { describe, expect, it } from "vitest";
import { findBrowser, isCi, missingBrowserLine } from "./browser.js";

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe("findBrowser", () => {
  it.each([
    ["linux", {}, "/usr/bin/chromium", "/usr/bin/chromium"],
    ["linux", {}, "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome-stable"],
    ["linux", { PATH: "/opt/bin:/x" }, "/opt/bin/chromium-browser", "/opt/bin/chromium-browser"],
    [
      "darwin",
      { HOME: "/Users/me" },
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ],
    [
      "win32",
      { PROGRAMFILES: "C:\\Program Files" },
      "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
      "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    ],
  ] as const)("finds a browser on %s at its usual place (%#)", (platform, env, installed, expected) => {
    expect(findBrowser({ platform, env, exists: only(installed) })).toMatchObject({ path: expected });
  });

  it("uses CHROMIUM_PATH and only it when it is set", () => {
    const exists = only("/usr/bin/chromium", "/custom/chrome");
    expect(findBrowser({ platform: "linux", env: { CHROMIUM_PATH: "/custom/chrome" }, exists })).toEqual({
      path: "/custom/chrome",
      from: "CHROMIUM_PATH",
    });
    expect(findBrowser({ platform: "linux", env: { CHROMIUM_PATH: "/missing" }, exists })).toEqual({
      reason: "CHROMIUM_PATH=/missing does not exist",
    });
  });

  it("explains a machine without a browser in one line naming the install command", () => {
    const found = findBrowser({ platform: "linux", env: { PATH: "/usr/bin" }, exists: () => false });
    if (!("reason" in found)) throw new Error("found a browser");
    const line = missingBrowserLine(found.reason);
    expect(line).not.toContain("\n");
    expect(line).toContain("apt-get install -y chromium fonts-ipafont-gothic");
  });

  it.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "false" }, false],
    [{}, false],
  ])("reads CI=%j as %s", (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });
});
