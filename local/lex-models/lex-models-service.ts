import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LexModelsV2Client } from "@aws-sdk/client-lex-models-v2";
import { type OutcomeRecord, setOutcomeSink } from "../../fulfillment/src/observability/outcome-metrics.js";
import type { EmulatorContext } from "../context.js";
import { lexRuntimeOf } from "../lex/lex-runtime-service.js";
import { FileTurnStore, JsonLinesLog, MemoryTurnStore } from "../lex/turn-log.js";
import { json, type LocalRequest, type LocalResponse, type LocalService } from "../service.js";
import { AnalyticsApi } from "./analytics-api.js";
import { BotCatalog, type LocaleState } from "./bot-catalog.js";
import {
  intentToApi,
  localeIds,
  localeName,
  localeSettingsToApi,
  slotToApi,
  slotTypeCategory,
  slotTypeToApi,
} from "./lex-api.js";
import { type ListRequest, listPage } from "./list-query.js";
import { invalid, LexModelsError, notFound } from "./models-errors.js";

/** `GET /_local/insights[?since=24h]`: the insights report (what `npm run insights` prints) for the web console. */
export const INSIGHTS_PATH = "/_local/insights";
/** `GET /_local/insights/outcomes?start=&end=` (epoch seconds): outcome metric counts, the emulator's CloudWatch. */
export const OUTCOMES_PATH = "/_local/insights/outcomes";

const REPO_ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const DRAFT = "DRAFT";
const ACCOUNT = "000000000000";

export interface LexModelsServiceProps {
  /** Where `BuildBotLocale` reads `<localeId>/bot.json`. @default `<repo>/locales` */
  readonly localesDir?: string;
  /** The conversation log file. @default `<data dir>/lex/conversations.jsonl`, memory with `--in-memory` */
  readonly conversationLogFile?: string;
}

type Json = Record<string, unknown>;
type Handler = (params: string[], body: Json) => LocalResponse | Promise<LocalResponse>;

/**
 * The Lex V2 Models API for the emulated bot, read from the same rendered definition the runtime serves:
 * bot, versions, locales, intents, slots, slot types, aliases, `BuildBotLocale`, and the analytics
 * operations over the persisted conversation log. Paths are the service's (with or without the trailing `/`).
 */
export function createLexModelsService(
  ctx: EmulatorContext,
  props: LexModelsServiceProps = {},
): LocalService {
  const runtime = lexRuntimeOf(ctx);
  if (!runtime) throw new Error("the Lex models service needs the Lex runtime of the same emulator");
  const logFile =
    props.conversationLogFile ?? (ctx.dataDir ? join(ctx.dataDir, "lex", "conversations.jsonl") : undefined);
  runtime.turns.persistTo(logFile ? new FileTurnStore(logFile) : new MemoryTurnStore());
  const bot = runtime.bot;
  const catalog = new BotCatalog(bot, {
    localesDir: props.localesDir ?? join(REPO_ROOT, "locales"),
    onBuilt: (locale) => runtime.rebuildLocale(locale),
  });
  // The Lambdas' outcome records (EMF in AWS) land here when the emulator runs them in-process.
  const outcomeLog: { append(r: OutcomeRecord): void; all(): OutcomeRecord[] } = ctx.dataDir
    ? new JsonLinesLog<OutcomeRecord>(join(ctx.dataDir, "lex", "outcomes.jsonl"))
    : memoryLog<OutcomeRecord>();
  setOutcomeSink((r) => outcomeLog.append(r));
  let selfClient: LexModelsV2Client | undefined;
  const insightsRoute = async (req: LocalRequest): Promise<LocalResponse> => {
    const end = new Date();
    const since = parseSinceMs(req.query.get("since") ?? "24h");
    const start = new Date(end.getTime() - since);
    // The Models API client and the report load on the first report, not at start-up.
    const [{ LexModelsV2Client }, { collectInsights, countOutcomes }] = await Promise.all([
      import("@aws-sdk/client-lex-models-v2"),
      import("./insights.js"),
    ]);
    selfClient ??= new LexModelsV2Client({
      endpoint: ctx.endpoint,
      region: ctx.region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const report = await collectInsights(
      selfClient,
      { botId: ids.botId, botAliasId: req.query.get("aliasId") ?? ids.botAliasId },
      { counts: async (a, b) => countOutcomes(outcomeLog.all(), a, b) },
      start,
      end,
    );
    return json(200, report, { "cache-control": "no-store" });
  };
  const outcomesRoute = async (req: LocalRequest): Promise<LocalResponse> => {
    const start = new Date(Number(req.query.get("start") ?? 0) * 1000);
    const end = new Date(Number(req.query.get("end") ?? Date.now() / 1000) * 1000);
    const { countOutcomes } = await import("./insights.js");
    return json(200, countOutcomes(outcomeLog.all(), start, end));
  };
  const analytics = new AnalyticsApi(runtime.turns, bot.idleSessionTtlInSeconds);
  const ids = ctx.bot;
  const secs = (d: Date | undefined) => (d ? d.getTime() / 1000 : undefined);
  const created = secs(catalog.createdAt);

  const checkBot = (botId: string) => {
    if (!/^[0-9a-zA-Z]{10}$/.test(botId)) {
      throw invalid(
        "botId",
        "Member must satisfy regular expression pattern: ^[0-9a-zA-Z]+$ and have length 10",
      );
    }
    if (botId !== ids.botId) throw notFound(`bot: ${botId}`);
  };
  const checkVersion = (version: string) => {
    if (version !== DRAFT) {
      if (!/^(DRAFT|[0-9]{1,5})$/.test(version)) {
        throw invalid("botVersion", "Member must satisfy regular expression pattern: ^(DRAFT|[0-9]+)$");
      }
      throw notFound(`bot version ${version} for bot ${ids.botId}`);
    }
  };
  const localeOf = (botId: string, version: string, localeId: string): LocaleState => {
    checkBot(botId);
    checkVersion(version);
    const state = catalog.locale(localeId);
    if (!state) throw notFound(`locale ${localeId} of bot ${botId} version ${version}`);
    return state;
  };
  const where = (l: LocaleState) => ({ botId: ids.botId, botVersion: DRAFT, localeId: l.localeId });
  const times = (l: LocaleState) => ({
    creationDateTime: secs(l.createdAt),
    lastUpdatedDateTime: secs(l.updatedAt),
  });
  const intentOf = (l: LocaleState, intentId: string) => {
    const intent = l.spec.intents.find((i) => localeIds(l.localeId).intentId(i.name) === intentId);
    if (!intent) throw notFound(`intent ${intentId} in locale ${l.localeId}`);
    return intent;
  };
  const botBody = () => ({
    botId: ids.botId,
    botName: bot.name,
    description: bot.description,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_${bot.name}`,
    dataPrivacy: { childDirected: false },
    idleSessionTTLInSeconds: bot.idleSessionTtlInSeconds,
    botStatus: "Available",
    botType: "Bot",
    botMembers: [],
    failureReasons: [],
    creationDateTime: created,
  });
  const aliases = () =>
    [
      {
        botAliasId: ids.botAliasId,
        botAliasName: "live",
        description: "Orderline live alias (emulator: DRAFT)",
      },
      { botAliasId: ids.testAliasId, botAliasName: "TestBotAlias", description: "test bot alias" },
    ].map((a) => ({
      ...a,
      botVersion: DRAFT,
      botAliasStatus: "Available",
      creationDateTime: created,
      lastUpdatedDateTime: created,
    }));
  const localeSummary = (l: LocaleState) => ({
    localeId: l.localeId,
    localeName: localeName(l.localeId),
    botLocaleStatus: catalog.status(l),
    lastUpdatedDateTime: secs(l.updatedAt),
    lastBuildSubmittedDateTime: secs(l.lastBuildSubmittedAt),
  });

  const routes: [string, RegExp, Handler][] = [
    [
      "POST",
      /^\/bots$/,
      (_p, body) => {
        const summaries = [
          {
            botId: ids.botId,
            botName: bot.name,
            description: bot.description,
            botStatus: "Available",
            latestBotVersion: DRAFT,
            lastUpdatedDateTime: created,
            botType: "Bot",
          },
        ];
        const { page, nextToken } = listPage(summaries, body as ListRequest, {
          sort: { BotName: (b) => b.botName },
          filters: { BotName: (b) => b.botName, BotType: (b) => b.botType },
          operators: ["CO", "EQ", "NE"],
          maxFilters: 2,
        });
        return json(200, { botSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)$/,
      ([botId]) => {
        checkBot(botId!);
        return json(200, { ...botBody(), lastUpdatedDateTime: created });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botversions$/,
      ([botId], body) => {
        checkBot(botId!);
        const versions = [
          {
            botName: bot.name,
            botVersion: DRAFT,
            description: bot.description,
            botStatus: "Available",
            creationDateTime: created,
          },
        ];
        const { page, nextToken } = listPage(versions, body as ListRequest, {
          sort: { BotVersion: (v) => v.botVersion },
          filters: {},
          operators: [],
        });
        return json(200, { botId: ids.botId, botVersionSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)$/,
      ([botId, version]) => {
        checkBot(botId!);
        checkVersion(version!);
        return json(200, { ...botBody(), botVersion: DRAFT, parentBotNetworks: [] });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales$/,
      ([botId, version], body) => {
        checkBot(botId!);
        checkVersion(version!);
        const all = catalog.localeIds().map((id) => localeSummary(catalog.locale(id)!));
        const { page, nextToken } = listPage(all, body as ListRequest, {
          sort: { BotLocaleName: (l) => l.localeName },
          filters: { BotLocaleName: (l) => l.localeName },
          operators: ["CO", "EQ"],
        });
        return json(200, { botId: ids.botId, botVersion: DRAFT, botLocaleSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)$/,
      ([botId, version, localeId]) => {
        const l = localeOf(botId!, version!, localeId!);
        return json(200, {
          ...where(l),
          localeName: localeName(l.localeId),
          ...localeSettingsToApi(l.spec),
          intentsCount: l.spec.intents.length,
          slotTypesCount: l.spec.slotTypes.length,
          botLocaleStatus: catalog.status(l),
          failureReasons: l.failureReasons,
          ...times(l),
          lastBuildSubmittedDateTime: secs(l.lastBuildSubmittedAt),
          botLocaleHistoryEvents: l.history
            .map((h) => ({ event: h.event, eventDate: secs(h.eventDate) }))
            .reverse(),
          recommendedActions: [],
        });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)$/,
      ([botId, version, localeId]) => {
        checkBot(botId!);
        if (version !== DRAFT)
          throw invalid("botVersion", "Member must be DRAFT: only the DRAFT version can be built");
        const l = localeOf(botId!, version!, localeId!);
        if (l.status === "Building")
          throw new LexModelsError("PreconditionFailedException", `Locale ${l.localeId} is already building`);
        const { state } = catalog.build(l.localeId);
        return json(202, {
          ...where(state),
          botLocaleStatus: state.status,
          lastBuildSubmittedDateTime: secs(state.lastBuildSubmittedAt),
        });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)\/intents$/,
      ([botId, version, localeId], body) => {
        const l = localeOf(botId!, version!, localeId!);
        const lid = localeIds(l.localeId);
        const all = l.spec.intents.map((i) => ({
          intentId: lid.intentId(i.name),
          intentName: i.name,
          ...(i.parentIntentSignature ? { parentIntentSignature: i.parentIntentSignature } : {}),
          inputContexts: i.inputContexts ?? [],
          outputContexts: i.outputContexts ?? [],
          lastUpdatedDateTime: secs(l.updatedAt),
        }));
        const { page, nextToken } = listPage(all, body as ListRequest, {
          sort: { IntentName: (i) => i.intentName, LastUpdatedDateTime: (i) => i.lastUpdatedDateTime ?? 0 },
          filters: { IntentName: (i) => i.intentName },
          operators: ["CO", "EQ"],
        });
        return json(200, { ...where(l), intentSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)\/intents\/([^/]+)$/,
      ([botId, version, localeId, intentId]) => {
        const l = localeOf(botId!, version!, localeId!);
        const intent = intentOf(l, intentId!);
        return json(200, { ...intentToApi(intent, localeIds(l.localeId)), ...where(l), ...times(l) });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)\/intents\/([^/]+)\/slots$/,
      ([botId, version, localeId, intentId], body) => {
        const l = localeOf(botId!, version!, localeId!);
        const intent = intentOf(l, intentId!);
        const lid = localeIds(l.localeId);
        const all = (intent.slots ?? []).map((s) => {
          const api = slotToApi(intent.name, s, lid);
          return {
            slotId: api.slotId as string,
            slotName: s.name,
            slotConstraint: s.valueElicitationSetting.slotConstraint,
            slotTypeId: api.slotTypeId as string,
            valueElicitationPromptSpecification: (api.valueElicitationSetting as Json).promptSpecification,
            lastUpdatedDateTime: secs(l.updatedAt),
          };
        });
        const { page, nextToken } = listPage(all, body as ListRequest, {
          sort: { SlotName: (s) => s.slotName, LastUpdatedDateTime: (s) => s.lastUpdatedDateTime ?? 0 },
          filters: { SlotName: (s) => s.slotName },
          operators: ["CO", "EQ"],
        });
        return json(200, { ...where(l), intentId, slotSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)\/intents\/([^/]+)\/slots\/([^/]+)$/,
      ([botId, version, localeId, intentId, slotId]) => {
        const l = localeOf(botId!, version!, localeId!);
        const intent = intentOf(l, intentId!);
        const lid = localeIds(l.localeId);
        const slot = (intent.slots ?? []).find((s) => lid.slotId(intent.name, s.name) === slotId);
        if (!slot) throw notFound(`slot ${slotId} in intent ${intentId}`);
        return json(200, { ...slotToApi(intent.name, slot, lid), ...where(l), intentId, ...times(l) });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)\/slottypes$/,
      ([botId, version, localeId], body) => {
        const l = localeOf(botId!, version!, localeId!);
        const lid = localeIds(l.localeId);
        const all = l.spec.slotTypes.map((t) => ({
          slotTypeId: lid.slotTypeId(t.name),
          slotTypeName: t.name,
          ...(t.parentSlotTypeSignature ? { parentSlotTypeSignature: t.parentSlotTypeSignature } : {}),
          lastUpdatedDateTime: secs(l.updatedAt),
          slotTypeCategory: slotTypeCategory(t),
        }));
        const { page, nextToken } = listPage(all, body as ListRequest, {
          sort: {
            SlotTypeName: (t) => t.slotTypeName,
            LastUpdatedDateTime: (t) => t.lastUpdatedDateTime ?? 0,
          },
          filters: { SlotTypeName: (t) => t.slotTypeName, ExternalSourceType: () => "" },
          operators: ["CO", "EQ"],
        });
        return json(200, { ...where(l), slotTypeSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)\/botversions\/([^/]+)\/botlocales\/([^/]+)\/slottypes\/([^/]+)$/,
      ([botId, version, localeId, slotTypeId]) => {
        const l = localeOf(botId!, version!, localeId!);
        const lid = localeIds(l.localeId);
        const t = l.spec.slotTypes.find((s) => lid.slotTypeId(s.name) === slotTypeId);
        if (!t) throw notFound(`slot type ${slotTypeId} in locale ${l.localeId}`);
        return json(200, { ...slotTypeToApi(t, lid), ...where(l), ...times(l) });
      },
    ],
    [
      "POST",
      /^\/bots\/([^/]+)\/botaliases$/,
      ([botId], body) => {
        checkBot(botId!);
        const { page, nextToken } = listPage(aliases(), body as ListRequest, {
          sort: {},
          filters: {},
          operators: [],
        });
        return json(200, { botId: ids.botId, botAliasSummaries: page, nextToken });
      },
    ],
    [
      "GET",
      /^\/bots\/([^/]+)\/botaliases\/([^/]+)$/,
      ([botId, aliasId]) => {
        checkBot(botId!);
        const alias = aliases().find((a) => a.botAliasId === aliasId);
        if (!alias) throw notFound(`bot alias ${aliasId} of bot ${botId}`);
        const lambdaARN = `arn:aws:lambda:${ctx.region}:${ACCOUNT}:function:orderline-lex-handler`;
        return json(200, {
          ...alias,
          botId: ids.botId,
          botAliasLocaleSettings: Object.fromEntries(
            catalog.localeIds().map((id) => [
              id,
              {
                enabled: true,
                codeHookSpecification: { lambdaCodeHook: { lambdaARN, codeHookInterfaceVersion: "1.0" } },
              },
            ]),
          ),
          conversationLogSettings: {
            textLogSettings: [
              {
                enabled: true,
                destination: {
                  cloudWatch: {
                    cloudWatchLogGroupArn: `local:${ctx.dataDir ? "data-dir" : "memory"}:lex/conversations`,
                    logPrefix: "",
                  },
                },
              },
            ],
          },
          sentimentAnalysisSettings: { detectSentiment: false },
          botAliasHistoryEvents: [{ botVersion: DRAFT, startDate: created }],
          parentBotNetworks: [],
        });
      },
    ],
    ...analytics.routes(checkBot),
  ];

  return {
    name: "lex-models",
    match: (req) =>
      req.path === "/bots" ||
      req.path.startsWith("/bots/") ||
      req.path === INSIGHTS_PATH ||
      req.path === OUTCOMES_PATH,
    async handle(req: LocalRequest): Promise<LocalResponse> {
      try {
        if (req.path === INSIGHTS_PATH && req.method === "GET") return await insightsRoute(req);
        if (req.path === OUTCOMES_PATH && req.method === "GET") return await outcomesRoute(req);
        const path = req.path.length > 1 && req.path.endsWith("/") ? req.path.slice(0, -1) : req.path;
        for (const [method, pattern, handler] of routes) {
          if (req.method !== method) continue;
          const m = pattern.exec(path);
          if (!m) continue;
          return await handler(
            m.slice(1).map((s) => decodeURIComponent(s)),
            parseBody(req),
          );
        }
        return json(
          404,
          { message: `No emulated Lex operation for ${req.method} ${req.path}` },
          { "x-amzn-errortype": "UnknownOperationException" },
        );
      } catch (err) {
        if (err instanceof LexModelsError) return err.toResponse();
        ctx.logger.error("lex models error", { error: err instanceof Error ? err.stack : String(err) });
        return new LexModelsError("InternalServerException", "Internal server error").toResponse();
      }
    },
    async stop() {
      setOutcomeSink(undefined);
      selfClient?.destroy();
    },
    health: () => ({
      lexModels: { conversationLog: logFile ?? "memory", turns: runtime.turns.history().length },
    }),
  };
}

function parseBody(req: LocalRequest): Json {
  const raw = req.body.toString("utf8").trim();
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // fall through
  }
  throw new LexModelsError("ValidationException", "Could not parse request body into json");
}

function memoryLog<T>(capacity = 20_000): { append(r: T): void; all(): T[] } {
  const items: T[] = [];
  return {
    append: (r) => {
      items.push(r);
      if (items.length > capacity) items.splice(0, items.length - capacity);
    },
    all: () => [...items],
  };
}

function parseSinceMs(since: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(since.trim());
  if (!m) throw invalid("since", "e.g. 90m, 24h, 3d or 1w");
  return (
    Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"]
  );
}
