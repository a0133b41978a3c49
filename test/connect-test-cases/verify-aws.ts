/**
 * `npm run verify:aws`: the first-deploy probes. Runs the Amazon Connect test cases in
 * test/connect-test-cases/probes/ (the behaviour AWS does not document) against a deployed stack, or against
 * the emulator with its switches, and prints which way the platform behaved. See local/FIDELITY.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConnectClient } from "@aws-sdk/client-connect";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { loadTestCaseSources, type TestCasePlaceholder } from "../../flows/src/test-case-sources.js";
import {
  type ExecutionReport,
  formatReports,
  runTestCaseExecutions,
} from "../../local/connect-test-cases/execution-client.js";
import { startEmulator } from "../../local/emulator.js";
import { parseFailedCloseBranch } from "../../local/fidelity.js";
import { localPlaceholderValues, publishTestCases } from "./suite.js";

export const PROBES_DIR = join(import.meta.dirname, "probes");

const USAGE = `usage: npm run verify:aws -- --instance-id ID --outputs cdk-outputs.json [--region R] [--stack Orderline]
       npm run verify:aws -- --target local [--failed-close intent|error] [--keep-session-attributes]
  --outputs FILE   written by: npx cdk deploy --outputs-file cdk-outputs.json (BotAliasArn, FlowIdInbound)
  Creates (or updates) the probe test cases as PUBLISHED, runs them (up to 5 minutes each) and prints which
  way Connect and Lex behaved. Needs connect:CreateTestCase/UpdateTestCase/StartTestCaseExecution.`;

/** What each probe's verdict means, in the words of local/FIDELITY.md. */
export function interpret(byName: Map<string, string>): string[] {
  const passed = (fragment: string) => {
    const entry = [...byName].find(([name]) => name.includes(fragment));
    return entry ? entry[1] === "PASSED" : undefined;
  };
  const lines: string[] = [];
  const intentBranch = passed("Failed close takes the intent branch");
  const reaches = passed("Failed close reaches anything else");
  lines.push(
    intentBranch
      ? "Failed close → the intent's branch (emulator default --failed-close intent)."
      : reaches
        ? "Failed close → the Error branch (run the emulator with --failed-close error); the flow still reached 'anything else?'."
        : "Failed close: the flow did NOT reach 'anything else?' — check the transcript before going live.",
  );
  const yes = passed("yes to a suggested date");
  lines.push(
    yes
      ? "はい to an offered date reaches the code hook (elicitation code hook honoured)."
      : "はい to an offered date did NOT reach the code hook: check the slot's elicitationCodeHook.",
  );
  const jst = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Tokyo",
    hour: "2-digit",
    hour12: false,
  }).format(new Date());
  const inGap = Number(jst) < 14;
  const tokyo = passed("day after tomorrow in Tokyo");
  lines.push(
    `${tokyo ? "明後日 accepted: dates are read in Tokyo's zone" : "明後日 NOT accepted: a Region-zone date reached the policy"} (run at ${jst}:xx JST${inGap ? ", inside the 00:00–14:00 window where the zones' dates differ" : "; rerun between 00:00 and 14:00 JST for a meaningful result"}).`,
  );
  const keys = passed("key 1 at a confirmation");
  lines.push(
    keys
      ? "Key 1 confirms at the bot's confirmation."
      : "Key 1 did NOT confirm: check the confirmation's elicitation code hook.",
  );
  const kept = passed("session attributes kept across bot blocks");
  lines.push(
    kept
      ? "Session attributes carried across bot blocks (run the emulator with --keep-session-attributes)."
      : "Session attributes NOT carried across bot blocks (the emulator's default); the flow passes what the bot needs.",
  );
  return lines;
}

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") out.help = "true";
    else if (a === "--keep-session-attributes") out["keep-session-attributes"] = "true";
    else if (a.startsWith("--")) out[a.slice(2)] = argv[++i] ?? "";
    else throw new Error(`Unknown argument ${a}\n${USAGE}`);
  }
  return out;
}

/** Placeholder values of a deployed stack from `cdk deploy --outputs-file`. */
export function deployedValues(
  outputs: Record<string, Record<string, string>>,
  stack: string,
  instanceId: string,
): Partial<Record<TestCasePlaceholder, string>> {
  const o = outputs[stack];
  if (!o?.BotAliasArn || !o.FlowIdInbound)
    throw new Error(`${stack}: outputs BotAliasArn and FlowIdInbound are needed`);
  const [, , , region, account] = o.BotAliasArn.split(":");
  const instanceArn = `arn:aws:connect:${region}:${account}:instance/${instanceId}`;
  return { LexBotAliasArn: o.BotAliasArn, InboundFlowArn: `${instanceArn}/contact-flow/${o.FlowIdInbound}` };
}

async function main(): Promise<number> {
  const a = args(process.argv.slice(2));
  if (a.help) {
    console.log(USAGE);
    return 0;
  }
  const probes = loadTestCaseSources(PROBES_DIR);
  const onReport = (r: ExecutionReport) => console.error(`  ${r.status.padEnd(7)} ${r.name}`);
  let reports: ExecutionReport[];
  if ((a.target ?? "aws") === "local") {
    const emu = await startEmulator({
      port: 0,
      inMemory: true,
      fidelity: {
        ...(a["failed-close"] ? { failedCloseBranch: parseFailedCloseBranch(a["failed-close"]) } : {}),
        keepSessionAttributesAcrossBotBlocks: a["keep-session-attributes"] === "true",
      },
    });
    try {
      const client = new ConnectClient({
        endpoint: emu.url,
        region: emu.ctx.region,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        requestHandler: new NodeHttpHandler(),
      });
      const instanceId = emu.ctx.connect.instanceId;
      const values = localPlaceholderValues({ region: emu.ctx.region, instanceId, ...emu.ctx.bot });
      const cases = await publishTestCases(client, instanceId, probes, values);
      reports = await runTestCaseExecutions({
        client,
        instanceId,
        testCases: cases,
        pollMs: 20,
        maxWaitMs: 20_000,
        onReport,
      });
    } finally {
      await emu.stop();
    }
  } else {
    const instanceId = a["instance-id"];
    if (!instanceId || !a.outputs) throw new Error(USAGE);
    const outputs = JSON.parse(readFileSync(a.outputs, "utf8")) as Record<string, Record<string, string>>;
    const values = deployedValues(outputs, a.stack ?? "Orderline", instanceId);
    const client = new ConnectClient({ region: a.region ?? process.env.AWS_REGION });
    const cases = await publishTestCases(client, instanceId, probes, values);
    reports = await runTestCaseExecutions({ client, instanceId, testCases: cases, onReport });
  }
  console.log(formatReports(reports));
  console.log("\nHow the platform behaved:");
  for (const line of interpret(new Map(reports.map((r) => [r.name, r.status])))) console.log(`  - ${line}`);
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
