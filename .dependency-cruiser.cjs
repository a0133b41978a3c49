/**
 * Import boundaries (issue 9), checked by `npm run lint:deps` and by test/architecture/import-rules.test.ts
 * inside `npm test`. Rule names are what a violation prints.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const AWS_PACKAGES = "^node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|aws-cdk-lib|constructs)/";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules form no cycle (type-only imports included): a cycle hides which one owns a decision.",
      from: {},
      to: { circular: true },
    },
    {
      name: "pure-domain",
      severity: "error",
      comment: "Order rules, policies and dates are pure: they import only each other and non-AWS libraries.",
      from: { path: "^fulfillment/src/(domain|dates)/" },
      to: {
        pathNot: ["^fulfillment/src/(domain|dates)/", "^node_modules/", "^node:"],
        dependencyTypesNot: ["core"],
      },
    },
    {
      name: "pure-domain-no-aws",
      severity: "error",
      comment: "AWS lives in adapters, never in the domain or date rules.",
      from: { path: "^fulfillment/src/(domain|dates)/" },
      to: { path: AWS_PACKAGES },
    },
    {
      name: "product-not-on-tooling",
      severity: "error",
      comment:
        "What ships (fulfillment, infra, flows, bot, locales) never imports the emulator, the tests or the bench.",
      from: { path: "^(fulfillment|infra|flows|bot|locales)/" },
      to: { path: "^(local|test|bench)/" },
    },
    {
      name: "fulfillment-not-on-infra",
      severity: "error",
      comment: "The Lambdas do not depend on the CDK app or the flow generator.",
      from: { path: "^fulfillment/" },
      to: { path: ["^(infra|flows)/", "^node_modules/(aws-cdk-lib|constructs)/"] },
    },
    {
      name: "locales-are-data",
      severity: "error",
      comment: "locales/ is read by bot/, flows/ and fulfillment/, and reads none of them.",
      from: { path: "^locales/" },
      to: { path: "^(bot|flows|fulfillment|infra)/" },
    },
    {
      name: "bench-not-on-tests",
      severity: "error",
      comment: "The bench measures the product and the emulator, not the test suite's helpers.",
      from: { path: "^bench/" },
      to: { path: "^test/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every relative import resolves to a file.",
      from: {},
      to: { couldNotResolve: true, path: "^\\." },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^cdk\\.out/", "^\\.orderline/", "^local/web/vendor/", "^node_modules/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    skipAnalysisNotInRules: true,
  },
};
