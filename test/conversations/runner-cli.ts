import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LexRuntimeV2Client } from "@aws-sdk/client-lex-runtime-v2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startEmulator } from "../../local/emulator.js";
import { shopTimeZone } from "../../local/seed/demo-orders.js";
import { type CallTarget, loadCallSuites, runCall } from "./call-runner.js";
import { type ConversationTarget, formatTranscript, loadSuites, runConversation } from "./runner.js";

const USAGE = `Usage: npm run conversations -- [--target local|aws] [--endpoint URL] [--bot-id ID --alias-id ID --region R]
  [--orders-table NAME] [--file NAME.yaml] [--grep TEXT] [--verbose]
  local (default): runs against --endpoint, or starts an in-memory emulator.
  aws: runs against a deployed bot with your AWS credentials; SMS/callback checks are skipped, and order
       checks run only with --orders-table (conversations then write their own orders into that table).
  Phone calls through the inbound flow (calls/*.yaml, --file calls/NAME.yaml) run locally only.`;

/** `npm run conversations`: the YAML suites against the emulator or a deployed bot. */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  let stop = async () => {};
  let target: ConversationTarget;
  let calls: CallTarget | undefined;
  if (args.target === "aws") {
    if (!args["bot-id"] || !args["alias-id"])
      throw new Error(`--target aws needs --bot-id and --alias-id\n${USAGE}`);
    const region = args.region ?? process.env.AWS_REGION ?? "us-east-1";
    const lex = new LexRuntimeV2Client({ region });
    target = {
      lex,
      botId: args["bot-id"],
      botAliasId: args["alias-id"],
      orders: args["orders-table"]
        ? {
            doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region })),
            tableName: args["orders-table"],
          }
        : undefined,
      timeZoneOf: shopTimeZone,
    };
  } else {
    let url = args.endpoint;
    if (!url) {
      const emu = await startEmulator({ port: 0, inMemory: true });
      url = emu.url;
      stop = () => emu.stop();
    }
    const health = (await (await fetch(`${url}/health`)).json()) as {
      bot: { botId: string; botAliasId: string };
      tableName: string;
    };
    const base = {
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    };
    const get = async <T>(path: string) => (await (await fetch(`${url}${path}`)).json()) as T;
    const orders = {
      doc: DynamoDBDocumentClient.from(new DynamoDBClient(base)),
      tableName: health.tableName,
    };
    calls = { url, orders, timeZoneOf: shopTimeZone };
    target = {
      lex: new LexRuntimeV2Client(base),
      botId: health.bot.botId,
      botAliasId: health.bot.botAliasId,
      orders,
      outbox: { sms: () => get("/_local/sms"), callbacks: () => get("/_local/callbacks") },
      timeZoneOf: shopTimeZone,
    };
  }
  let passed = 0;
  let failed = 0;
  for (const suite of loadSuites(dirname(fileURLToPath(import.meta.url)))) {
    if (args.file && suite.file !== args.file) continue;
    for (const conv of suite.conversations) {
      if (args.grep && !conv.name.includes(args.grep)) continue;
      const result = await runConversation(conv, target);
      const ok = result.failures.length === 0;
      ok ? passed++ : failed++;
      console.log(`${ok ? "✓" : "✗"} ${suite.file} › ${conv.name}`);
      if (!ok) console.log(result.failures.map((f) => `    ${f}`).join("\n"));
      if (!ok || args.verbose) console.log(formatTranscript(result));
    }
  }
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const suite of calls ? loadCallSuites(join(dir, "calls")) : []) {
    if (args.file && `calls/${suite.file}` !== args.file) continue;
    for (const call of suite.calls) {
      if (args.grep && !call.name.includes(args.grep)) continue;
      const result = await runCall(call, calls!);
      const ok = result.failures.length === 0;
      ok ? passed++ : failed++;
      console.log(`${ok ? "✓" : "✗"} calls/${suite.file} › ${call.name}`);
      if (!ok) console.log(result.failures.map((f) => `    ${f}`).join("\n"));
      if (!ok || args.verbose) console.log(result.transcript.join("\n"));
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  await stop();
  process.exitCode = failed > 0 ? 1 : 0;
}

function parseArgs(argv: string[]): Record<string, string | undefined> & { help?: string; verbose?: string } {
  const out: Record<string, string | undefined> = { target: "local" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") out.help = "1";
    else if (a === "--verbose" || a === "-v") out.verbose = "1";
    else if (a.startsWith("--")) out[a.slice(2)] = argv[++i];
    else throw new Error(`Unknown argument ${a}\n${USAGE}`);
  }
  if (out.target !== "local" && out.target !== "aws")
    throw new Error(`--target must be local or aws\n${USAGE}`);
  return out;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
