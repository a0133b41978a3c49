import { defineConfig } from "vitest/config";

// Workers inherit this: the SDK warns about Node 20 at import time otherwise.
process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING = "1";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1", POWERTOOLS_LOG_LEVEL: "SILENT" },
  },
});
