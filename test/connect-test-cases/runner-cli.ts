import { ConnectClient, ListTestCasesCommand } from "@aws-sdk/client-connect";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { loadTestCaseSources } from "../../flows/src/test-case-sources.js";
import { TRANSCRIPT_PATH } from "../../local/connect-test-cases/connect-test-case-service.js";
import { formatReports, runTestCaseExecutions } from "../../local/connect-test-cases/execution-client.js";
import { startEmulator } from "../../local/emulator.js";
import { demoOrders, toDynamoItem } from "../../local/seed/demo-orders.js";
import { localPlaceholderValues, publishTestCases } from "./suite.js";

const USAGE = `usage: npm run test:connect -- --target local|aws [options]
  --target local        start an in-memory emulator, create the cases there and run them (default)
  --target aws          run the cases deployed with cdk deploy -c deployTestCases=true
  --instance-id ID      the Amazon Connect instance (aws; required)
  --region REGION       (aws) default: AWS_REGION
  --stack NAME          (aws) the stack that deployed them, when not "Orderline" (names end " (NAME)")
  --seed-table NAME     (aws) first put the demo orders the cases read into this Orders table
                        (the stack output OrdersTableName; overwrites those order ids, never other orders)
  --filter TEXT         only cases whose name contains TEXT
  --concurrency N       executions in flight, at most 5 (default 5)`;

const OPTIONS = new Set(["target", "instance-id", "region", "stack", "seed-table", "filter", "concurrency"]);

/** Reads `--name value` pairs; an unknown option is an error. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") return { help: "true" };
    const name = a.startsWith("--") ? a.slice(2) : "";
    if (!OPTIONS.has(name)) throw new Error(`Unknown argument ${a}\n${USAGE}`);
    out[name] = argv[++i] ?? "";
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const target = args.target ?? "local";
  const sources = loadTestCaseSources().filter((s) => !args.filter || s.Name.includes(args.filter));
  const concurrency = args.concurrency ? Number(args.concurrency) : undefined;
  const onReport = (r: { status: string; name: string }) =>
    console.error(`  ${r.status.padEnd(7)} ${r.name}`);
  if (target === "local") {
    const started = Date.now();
    const emu = await startEmulator({ port: 0, inMemory: true });
    try {
      const client = new ConnectClient({
        endpoint: emu.url,
        region: emu.ctx.region,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        requestHandler: new NodeHttpHandler(),
      });
      const instanceId = emu.ctx.connect.instanceId;
      const values = localPlaceholderValues({ region: emu.ctx.region, instanceId, ...emu.ctx.bot });
      const cases = await publishTestCases(client, instanceId, sources, values);
      const reports = await runTestCaseExecutions({
        client,
        instanceId,
        testCases: cases,
        pollMs: 20,
        concurrency,
        onReport,
      });
      console.log(formatReports(reports));
      for (const r of reports.filter((x) => x.status !== "PASSED" && x.executionId)) {
        const res = await fetch(`${emu.url}${TRANSCRIPT_PATH}${r.executionId}`);
        const rec = (await res.json()) as {
          transcript: { from: string; event?: unknown; input?: unknown }[];
        };
        console.log(`  what "${r.name}" heard and did:`);
        for (const t of rec.transcript) console.log(`    ${t.from}: ${JSON.stringify(t.event ?? t.input)}`);
      }
      console.log(`local run: ${Date.now() - started} ms including the emulator's start`);
      return reports.every((r) => r.status === "PASSED") ? 0 : 1;
    } finally {
      await emu.stop();
    }
  }
  if (target !== "aws") throw new Error(`--target must be local or aws\n${USAGE}`);
  const instanceId = args["instance-id"];
  if (!instanceId) throw new Error(`--instance-id is required for --target aws\n${USAGE}`);
  const client = new ConnectClient({ region: args.region ?? process.env.AWS_REGION });
  if (args["seed-table"]) {
    const dynamodb = new DynamoDBClient({ region: args.region ?? process.env.AWS_REGION });
    for (const order of demoOrders())
      await dynamodb.send(new PutItemCommand({ TableName: args["seed-table"], Item: toDynamoItem(order) }));
    console.error(`put ${demoOrders().length} demo orders into ${args["seed-table"]}`);
  }
  const suffix = args.stack && args.stack !== "Orderline" ? ` (${args.stack})` : "";
  const deployed = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListTestCasesCommand({ InstanceId: instanceId, NextToken: token }));
    for (const s of page.TestCaseSummaryList ?? []) if (s.Name && s.Id) deployed.set(s.Name, s.Id);
    token = page.NextToken;
  } while (token);
  const cases = sources.map((s) => ({ name: `${s.Name}${suffix}`, id: deployed.get(`${s.Name}${suffix}`) }));
  const missing = cases.filter((c) => !c.id).map((c) => c.name);
  if (missing.length > 0)
    throw new Error(`Not deployed (cdk deploy -c deployTestCases=true): ${missing.join(", ")}`);
  const reports = await runTestCaseExecutions({
    client,
    instanceId,
    testCases: cases as { id: string; name: string }[],
    concurrency,
    onReport,
  });
  console.log(formatReports(reports));
  return reports.every((r) => r.status === "PASSED") ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(2);
  },
);
