import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1", POWERTOOLS_LOG_LEVEL: "SILENT" },
  },
});
