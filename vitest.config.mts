import { defineConfig } from "vitest/config";

// The locked @aws-sdk/core reads exactly this name and value; workers inherit it (the SDK warns about Node 20
// when a client is built otherwise).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // CI runs on a shared machine: a test that fails once is run once more, and both tries stay in the report
    // (.ci/run lists every test that failed or needed the second try at the end of its output).
    retry: process.env.CI ? 1 : 0,
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "test-results/vitest.json" },
    hookTimeout: 60_000,
    // One line, once, when no browser is found: the browser suites are then reported as skipped.
    globalSetup: ["test/e2e/browser-global-setup.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", POWERTOOLS_LOG_LEVEL: "SILENT" },
  },
});
