import { findBrowser, isCi, missingBrowserLine } from "./browser.js";

/**
 * Vitest global setup: says once, before any suite, that the browser suites will be skipped and how to get
 * them running. Under CI the suites themselves fail (see `describeInBrowser`).
 */
export default function reportBrowser(): void {
  const found = findBrowser();
  if (!("reason" in found) || isCi()) return;
  console.log(missingBrowserLine(found.reason));
}
