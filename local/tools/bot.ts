import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ListAggregatedUtterancesCommand, paginateListBotLocales } from "@aws-sdk/client-lex-models-v2";
import { parse, stringify } from "yaml";
import { renderBot } from "../../bot/render.js";
import { trainNlu } from "../lex/nlu/index.js";
import type { NluModel } from "../lex/nlu/types.js";
import { compareBots, formatDifference } from "../lex-models/bot-comparison.js";
import { exportFileName, readLexJsonZip, writeLexJsonZip } from "../lex-models/lex-json.js";
import { type BotSpec, botSpecOf } from "../lex-models/lex-spec.js";
import {
  addUtterance,
  groupMissed,
  type MissedUtterance,
  normalizeForGrouping,
  type ReviewEntry,
  reviewEntries,
} from "../lex-models/missed-utterances.js";
import { readBotThroughApi } from "../lex-models/models-reader.js";
import { connectTarget, type TargetArgs } from "./bot-target.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const BOT_TOOL_USAGE = `Usage: npm run bot -- <command> [options]
  export  [--out DIR]                      the Lex import/export zip (LexJson) of the bot in git, checked by reading it back
  drift   --target local|aws [--from-export ZIP]
                                           the bot behind the live alias vs git; exit 1 when they differ
  missed  --target local|aws [--since 24h] [--out FILE]
                                           missed utterances grouped, with the local NLU's suggested intent, into a review file
  accept  --file FILE                      adds the entries marked 'accept: true' to locales/*/bot.json (never held-out ones)
Target options: --endpoint URL (local), --region R (aws), --bot-id ID, --alias-id ID`;

/** Where the tool reads and writes; tests point these at temporary copies. */
export interface BotToolIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** @default `<repo>/locales` */
  localesDir?: string;
  /** Folder with `heldout.<localeId>.yaml`. @default `<repo>/test/nlu` */
  heldOutDir?: string;
  now?: () => Date;
}

interface Args extends TargetArgs {
  command: string;
  out?: string;
  since: string;
  file?: string;
  fromExport?: string;
}

/** Runs one command; resolves to the process exit code. */
export async function runBotTool(argv: string[], io: BotToolIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n${BOT_TOOL_USAGE}`);
    return 2;
  }
  const localesDir = io.localesDir ?? join(REPO, "locales");
  const source = () => botSpecOf(renderBot());
  try {
    switch (args.command) {
      case "export":
        return exportBot(source(), args.out ?? join(REPO, ".orderline", "export"), io);
      case "drift":
        return await drift(source(), args, io);
      case "missed":
        return await missed(args, io);
      case "accept":
        return accept(args, localesDir, io);
      default:
        io.err(BOT_TOOL_USAGE);
        return 2;
    }
  } catch (err) {
    io.err(`bot ${args.command}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function exportBot(spec: BotSpec, outDir: string, io: BotToolIo): number {
  const zip = writeLexJsonZip(spec);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, exportFileName(spec.name, "DRAFT", "LOCALEXPORT"));
  writeFileSync(file, zip);
  // The proof: what Lex would import is exactly what the definition renders.
  const differences = compareBots(spec, readLexJsonZip(readFileSync(file)), { names: true });
  for (const d of differences) io.err(formatDifference(d));
  const intents = spec.locales.reduce((n, l) => n + l.intents.length, 0);
  const utterances = spec.locales.reduce(
    (n, l) => n + l.intents.reduce((m, i) => m + (i.sampleUtterances?.length ?? 0), 0),
    0,
  );
  io.out(`${file}`);
  io.out(
    `${spec.locales.length} locales, ${intents} intents, ${utterances} utterances; read back: ${differences.length === 0 ? "identical to the definition" : `${differences.length} differences`}`,
  );
  return differences.length === 0 ? 0 : 1;
}

async function drift(source: BotSpec, args: Args, io: BotToolIo): Promise<number> {
  let target: BotSpec;
  let where: string;
  if (args.fromExport) {
    target = readLexJsonZip(readFileSync(args.fromExport));
    where = args.fromExport;
  } else {
    const t = await connectTarget(args);
    const read = await readBotThroughApi(t);
    t.client.destroy();
    target = read.spec;
    where = `${args.target} bot ${t.botId} alias ${t.botAliasId} (version ${read.botVersion})`;
  }
  const differences = compareBots(source, target);
  if (differences.length === 0) {
    io.out(`No drift: ${where} matches the bot in git.`);
    return 0;
  }
  io.out(`Drift: ${differences.length} difference(s) between git (source) and ${where} (target):`);
  for (const d of differences) io.out(formatDifference(d));
  return 1;
}

/** `--since` → the nearest ListAggregatedUtterances window that covers it. */
export function aggregationWindow(since: string): {
  timeDimension: "Hours" | "Days" | "Weeks";
  timeValue: number;
} {
  const hours = parseSince(since) / 3_600_000;
  for (const h of [1, 3, 6, 12, 24]) if (hours <= h) return { timeDimension: "Hours", timeValue: h };
  if (hours <= 72) return { timeDimension: "Days", timeValue: 3 };
  return { timeDimension: "Weeks", timeValue: hours <= 168 ? 1 : 2 };
}

/** `24h`, `90m`, `3d`, `1w` → milliseconds. */
export function parseSince(since: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(since.trim());
  if (!m) throw new Error(`--since takes e.g. 90m, 24h, 3d or 1w, not "${since}"`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
}

async function missed(args: Args, io: BotToolIo): Promise<number> {
  const t = await connectTarget(args);
  const window = aggregationWindow(args.since);
  const all: MissedUtterance[] = [];
  for await (const page of paginateListBotLocales(
    { client: t.client },
    { botId: t.botId, botVersion: "DRAFT" },
  )) {
    for (const l of page.botLocaleSummaries ?? []) {
      let nextToken: string | undefined;
      do {
        const out = await t.client.send(
          new ListAggregatedUtterancesCommand({
            botId: t.botId,
            botAliasId: t.botAliasId,
            localeId: l.localeId,
            aggregationDuration: { relativeAggregationDuration: window },
            sortBy: { attribute: "MissedCount", order: "Descending" },
            maxResults: 1000,
            nextToken,
          }),
        );
        for (const s of out.aggregatedUtterancesSummaries ?? []) {
          if ((s.missedCount ?? 0) > 0)
            all.push({ localeId: l.localeId!, utterance: s.utterance!, missedCount: s.missedCount! });
        }
        nextToken = out.nextToken;
      } while (nextToken);
    }
  }
  t.client.destroy();
  const bot = renderBot();
  const models = new Map<string, NluModel>();
  const modelFor = (id: string) => {
    const locale = bot.locales.find((l) => l.localeId === id);
    if (!locale) return undefined;
    if (!models.has(id)) models.set(id, trainNlu(locale));
    return models.get(id);
  };
  const entries = reviewEntries(groupMissed(all), modelFor);
  const now = (io.now ?? (() => new Date()))();
  const file =
    args.out ?? join(REPO, ".orderline", "review", `missed-${now.toISOString().slice(0, 10)}.yaml`);
  mkdirSync(dirname(file), { recursive: true });
  const header = `# Missed utterances, ${window.timeValue} ${window.timeDimension} to ${now.toISOString()} (${args.target}).\n# Set accept: true (and change intent if the suggestion is wrong), then: npm run bot -- accept --file ${file}\n`;
  writeFileSync(file, header + stringify({ entries }));
  io.out(`${all.length} missed utterances in ${entries.length} groups → ${file}`);
  for (const e of entries.slice(0, 10)) {
    io.out(`  ${e.count}× [${e.locale}] ${e.utterance}  → ${e.suggestedIntent} (${e.confidence.toFixed(2)})`);
  }
  return 0;
}

function accept(args: Args, localesDir: string, io: BotToolIo): number {
  if (!args.file) throw new Error("accept needs --file (the review file `missed` wrote)");
  const review = parse(readFileSync(args.file, "utf8")) as { entries?: ReviewEntry[] };
  const heldOutDir = io.heldOutDir ?? join(REPO, "test", "nlu");
  let added = 0;
  for (const entry of (review.entries ?? []).filter((e) => e.accept)) {
    const file = join(localesDir, entry.locale, "bot.json");
    if (!existsSync(file)) {
      io.err(`skip [${entry.locale}] ${entry.utterance}: no ${file}`);
      continue;
    }
    const heldOut = heldOutSet(join(heldOutDir, `heldout.${entry.locale}.yaml`));
    let text = readFileSync(file, "utf8");
    for (const utterance of [entry.utterance, ...(entry.variants ?? [])]) {
      const result = addUtterance(text, entry.intent, utterance, heldOut);
      if ("skipped" in result) {
        io.err(`skip [${entry.locale}] ${utterance}: ${result.skipped}`);
        continue;
      }
      text = result.text;
      added++;
      io.out(`+ [${entry.locale}] ${entry.intent}: ${utterance}`);
    }
    writeFileSync(file, text);
  }
  io.out(
    `${added} utterance(s) added. Rebuild the locale (BuildBotLocale) or restart, then run npm run nlu:report.`,
  );
  return 0;
}

function heldOutSet(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const doc = parse(readFileSync(file, "utf8")) as { examples?: { text: string }[] };
  return new Set((doc.examples ?? []).map((e) => normalizeForGrouping(e.text)));
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command) throw new Error("a command is required");
  const args: Args = { command, target: "local", since: "24h" };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--target": {
        const t = value();
        if (t !== "local" && t !== "aws") throw new Error("--target is local or aws");
        args.target = t;
        break;
      }
      case "--endpoint":
        args.endpoint = value();
        break;
      case "--region":
        args.region = value();
        break;
      case "--bot-id":
        args.botId = value();
        break;
      case "--alias-id":
        args.botAliasId = value();
        break;
      case "--out":
        args.out = value();
        break;
      case "--since":
        args.since = value();
        parseSince(args.since);
        break;
      case "--file":
        args.file = value();
        break;
      case "--from-export":
        args.fromExport = value();
        break;
      default:
        throw new Error(`Unknown option: ${flag}`);
    }
  }
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  runBotTool(process.argv.slice(2), { out: console.log, err: console.error }).then((code) => {
    process.exitCode = code;
  });
}
