import { LexModelsV2Client, ListBotAliasesCommand, ListBotsCommand } from "@aws-sdk/client-lex-models-v2";
import type { BotTarget } from "../lex-models/models-reader.js";
import { endpointCandidates, fetchHealth } from "./endpoint.js";

/** `--target local|aws` and what narrows it. */
export interface TargetArgs {
  target: "local" | "aws";
  /** The emulator (local only). @default `ORDERLINE_ENDPOINT`, else the one on PORT or 4010 */
  endpoint?: string;
  region?: string;
  /** @default the bot named `Orderline` (or `Orderline-<stack>`) */
  botId?: string;
  /** @default the alias named `live` */
  botAliasId?: string;
}

const LIVE_ALIAS_NAME = "live";
const BOT_NAME = "Orderline";

/**
 * A Models API client and the bot + alias it reads. The only difference between the targets is the client's
 * endpoint and credentials: the bot and alias are found the same way (ListBots, ListBotAliases) on both.
 */
export async function connectTarget(args: TargetArgs): Promise<BotTarget & { endpoint?: string }> {
  let client: LexModelsV2Client;
  let endpoint: string | undefined;
  if (args.target === "local") {
    const { urls } = endpointCandidates(args.endpoint);
    let url: string | undefined;
    for (const candidate of urls) {
      if (await fetchHealth(candidate)) {
        url = candidate;
        break;
      }
    }
    if (!url)
      throw new Error(`No Orderline emulator answers at ${urls.join(" or ")}. Start one with: npm start`);
    endpoint = url;
    client = new LexModelsV2Client({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
  } else {
    // The default credential chain and region (AWS_PROFILE, AWS_REGION, SSO…), like the AWS CLI.
    client = new LexModelsV2Client(args.region ? { region: args.region } : {});
  }
  const botId = args.botId ?? (await findBot(client));
  const botAliasId = args.botAliasId ?? (await findAlias(client, botId));
  return { client, botId, botAliasId, ...(endpoint ? { endpoint } : {}) };
}

async function findBot(client: LexModelsV2Client): Promise<string> {
  const out = await client.send(
    new ListBotsCommand({ filters: [{ name: "BotName", operator: "CO", values: [BOT_NAME] }] }),
  );
  const bots = out.botSummaries ?? [];
  const bot = bots.find((b) => b.botName === BOT_NAME) ?? bots[0];
  if (!bot?.botId) throw new Error(`No bot named ${BOT_NAME}* found; pass --bot-id`);
  return bot.botId;
}

async function findAlias(client: LexModelsV2Client, botId: string): Promise<string> {
  const out = await client.send(new ListBotAliasesCommand({ botId }));
  const alias = (out.botAliasSummaries ?? []).find((a) => a.botAliasName === LIVE_ALIAS_NAME);
  if (!alias?.botAliasId)
    throw new Error(`Bot ${botId} has no alias named ${LIVE_ALIAS_NAME}; pass --alias-id`);
  return alias.botAliasId;
}
