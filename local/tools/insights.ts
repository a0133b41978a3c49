import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { cloudWatchOutcomes, emulatorOutcomes } from "../lex-models/cloudwatch-outcomes.js";
import { collectInsights, formatInsights, type InsightsReport } from "../lex-models/insights.js";
import { parseSince } from "./bot.js";
import { connectTarget, type TargetArgs } from "./bot-target.js";

export const INSIGHTS_USAGE = `Usage: npm run insights -- --target local|aws [--since 24h] [--json]
  local: the emulator (--endpoint URL, default ORDERLINE_ENDPOINT or the one on PORT/4010)
  aws:   the default AWS credentials and region (--region R); the bot named Orderline*, alias live
         (--bot-id, --alias-id); outcome metrics from CloudWatch namespace Orderline`;

/** Prints the insights report; resolves to the exit code. `report` receives it (tests). */
export async function runInsights(
  argv: string[],
  io: { out: (line: string) => void; err: (line: string) => void; now?: () => Date },
): Promise<{ code: number; report?: InsightsReport }> {
  const args: TargetArgs & { since: string; json: boolean } = { target: "local", since: "24h", json: false };
  try {
    for (let i = 0; i < argv.length; i++) {
      const flag = argv[i];
      const value = () => {
        const v = argv[++i];
        if (v === undefined) throw new Error(`${flag} needs a value`);
        return v;
      };
      if (flag === "--target") {
        const t = value();
        if (t !== "local" && t !== "aws") throw new Error("--target is local or aws");
        args.target = t;
      } else if (flag === "--since") args.since = value();
      else if (flag === "--endpoint") args.endpoint = value();
      else if (flag === "--region") args.region = value();
      else if (flag === "--bot-id") args.botId = value();
      else if (flag === "--alias-id") args.botAliasId = value();
      else if (flag === "--json") args.json = true;
      else throw new Error(`Unknown option: ${flag}`);
    }
    parseSince(args.since);
  } catch (err) {
    io.err(`${(err as Error).message}\n${INSIGHTS_USAGE}`);
    return { code: 2 };
  }
  try {
    const target = await connectTarget(args);
    // The one difference between the targets besides the endpoint: where the outcome metrics live.
    const outcomes =
      args.target === "aws"
        ? cloudWatchOutcomes(new CloudWatchClient(args.region ? { region: args.region } : {}))
        : emulatorOutcomes(target.endpoint ?? "");
    const end = (io.now ?? (() => new Date()))();
    const start = new Date(end.getTime() - parseSince(args.since));
    const report = await collectInsights(target.client, target, outcomes, start, end);
    target.client.destroy();
    if (args.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatInsights(report)) io.out(line);
    return { code: 0, report };
  } catch (err) {
    io.err(`insights: ${err instanceof Error ? err.message : String(err)}`);
    return { code: 1 };
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  runInsights(process.argv.slice(2), { out: console.log, err: console.error }).then(({ code }) => {
    process.exitCode = code;
  });
}
