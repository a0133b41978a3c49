import { defineConfig } from "vitest/config";

// The locked @aws-sdk/core reads exactly this name and value; workers inherit it (the SDK warns about Node 20
// when a client is built otherwise).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One line, once, when no browser is found: the browser suites are then reported as skipped.
    globalSetup: ["test/e2e/browser-global-setup.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", POWERTOOLS_LOG_LEVEL: "SILENT" },
  },
});
