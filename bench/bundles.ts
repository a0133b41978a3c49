import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { median } from "./stats.js";

const OUT = resolve(".bench/bundles");
const RUNS = 7;

/** Two ways to ship a Lambda: as the CDK stack does (AWS SDK from the Node 22 runtime) and self-contained. */
const VARIANTS = [
  { name: "as deployed (AWS SDK from the runtime, like infra/)", external: ["@aws-sdk/*", "@smithy/*"] },
  { name: "self-contained (AWS SDK bundled in)", external: [] as string[] },
];

/** Bundles each Lambda with esbuild (minified ESM) and times cold init in fresh Node processes. */
export async function runBundleBench(endpoint: string, tableName: string): Promise<void> {
  for (const variant of VARIANTS) await runVariant(variant.name, variant.external, endpoint, tableName);
}

async function runVariant(
  label: string,
  external: string[],
  endpoint: string,
  tableName: string,
): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const entries = {
    lex: "fulfillment/src/lex-handler.ts",
    connect: "fulfillment/src/connect-handler.ts",
    baseline: "bench/baseline-handler.ts",
  };
  const sizes: Record<string, number> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const dir = join(OUT, name);
    await build({
      entryPoints: [entry],
      outfile: join(dir, "index.mjs"),
      bundle: true,
      minify: true,
      format: "esm",
      platform: "node",
      target: "node20",
      external,
      mainFields: ["module", "main"],
      banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
      logLevel: "silent",
    });
    sizes[name] = statSync(join(dir, "index.mjs")).size;
    for (const locale of readdirSync("locales", { withFileTypes: true }).filter((d) => d.isDirectory())) {
      cpSync(join("locales", locale.name), join(dir, "locales", locale.name), {
        recursive: true,
        filter: (p) => !p.endsWith(".ts"),
      });
    }
  }
  writeFileSync(
    join(OUT, "cold.mjs"),
    `const t0 = performance.now();
const { handler } = await import(process.argv[2]);
const event = JSON.parse(process.argv[3]);
await handler(event);
process.stdout.write(String(performance.now() - t0));`,
  );
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    ORDERS_TABLE: tableName,
    POWERTOOLS_LOG_LEVEL: "SILENT",
    AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1",
  };
  const connectEvent = JSON.stringify({
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        ContactId: "bench",
        Channel: "VOICE",
        CustomerEndpoint: { Address: "+819012345678", Type: "TELEPHONE_NUMBER" },
        LanguageCode: "ja-JP",
      },
      Parameters: { action: "lookupCaller" },
    },
  });
  const lexEvent = JSON.stringify({
    messageVersion: "1.0",
    invocationSource: "DialogCodeHook",
    inputMode: "Speech",
    sessionId: "bench",
    inputTranscript: "where is my order",
    bot: { id: "ORDERLINE1", localeId: "ja_JP" },
    sessionState: {
      sessionAttributes: { callerPhone: "+819012345678" },
      intent: { name: "CheckOrderStatus", slots: {}, state: "InProgress", confirmationState: "None" },
    },
  });
  const baselineEvent = JSON.stringify({ orderId: "1001" });
  // Async child processes: the local DynamoDB answering them lives in this process's event loop.
  const run = promisify(execFile);
  const cold = async (name: string, event: string) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await run(process.execPath, [join(OUT, "cold.mjs"), join(OUT, name, "index.mjs"), event], {
        env,
        encoding: "utf8",
      });
      times.push(Number(r.stdout));
    }
    return median(times);
  };
  const base = await cold("baseline", baselineEvent);
  const lex = await cold("lex", lexEvent);
  const connect = await cold("connect", connectEvent);
  console.log(`\n== Lambda bundles, ${label} ==`);
  for (const [name, size] of Object.entries(sizes))
    console.log(`${name.padEnd(9)} ${(size / 1024).toFixed(1)} KiB`);
  console.log(`Cold init + first invocation, median of ${RUNS} fresh processes (import → response):`);
  console.log(`baseline (DynamoDB client + one GetItem) ${base.toFixed(1)} ms`);
  console.log(
    `lex code hook (CheckOrderStatus, 1 Query) ${lex.toFixed(1)} ms  ratio ${(lex / base).toFixed(2)} (target <= 1.5)`,
  );
  console.log(
    `connect (lookupCaller, 1 Query)          ${connect.toFixed(1)} ms  ratio ${(connect / base).toFixed(2)} (target <= 1.5)`,
  );
}
