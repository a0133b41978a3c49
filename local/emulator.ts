import type { IncomingMessage } from "node:http";
import { resolve } from "node:path";
import type { Duplex } from "node:stream";
import { renderBot } from "../bot/render.js";
import type { RenderedBot } from "../bot/types.js";
import { defaultShopConfig } from "../fulfillment/src/config.js";
import {
  CALLBACKS_TABLE_DEFAULT,
  callbacksTableSchema,
  ORDERS_TABLE_DEFAULT,
  ordersTableSchema,
} from "../fulfillment/src/contracts/tables.js";
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type EmulatorOptions,
  LEX_CODE_HOOK_TIMEOUT_MS,
  LEX_TEST_ALIAS_ID,
  LOCAL_BOT_ALIAS_ID,
  LOCAL_BOT_ID,
  LOCAL_CALLBACK_FLOW_ID,
  LOCAL_CONNECT_INSTANCE_ID,
  LOCAL_REGION,
} from "./config.js";
import { createConnectTasksService } from "./connect-tasks/connect-tasks-service.js";
import {
  type CallbackRecord,
  createRecordList,
  type EmulatorContext,
  type EmulatorLogger,
  type SmsRecord,
} from "./context.js";
import { createDynamoDbService, DynaliteBackend } from "./dynamodb/dynamodb-service.js";
import { FaultInjector, faultTargetOf } from "./faults.js";
import { resolveFidelity } from "./fidelity.js";
import { createFulfillmentLambdas } from "./lambda/fulfillment-lambdas.js";
import { createLexRuntimeService, LexRuntime } from "./lex/lex-runtime-service.js";
import type { CodeHook } from "./lex/lex-types.js";
import type { TrainNlu } from "./lex/nlu/types.js";
import { createLocalAdminService } from "./local-admin-service.js";
import { isLoopbackHost, refuseForeignRequest } from "./request-guard.js";
import { demoOrders, toDynamoItem } from "./seed/demo-orders.js";
import { type LocalServer, startLocalServer } from "./server.js";
import { json, type LocalRequest, type LocalResponse, type LocalService } from "./service.js";
import { extraServiceFactories, type ServiceFactory } from "./services.js";
import { createSnsService } from "./sns/sns-service.js";

/** `startEmulator` options: the CLI's plus what tests inject. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** The code hook; `null` runs without one (Lex defaults). @default `createLexHandler` of fulfillment/src/lex-handler.ts */
  codeHook?: CodeHook | null;
  /** @default `trainNlu` of local/lex/nlu/index.ts */
  trainNlu?: TrainNlu;
  /** @default `renderBot()` */
  bot?: RenderedBot;
  /** Extra services (matched after the built-in ones). @default the list in local/services.ts */
  services?: ServiceFactory[];
  /** Overrides where log lines go. @default console, info only when `verbose` */
  logger?: EmulatorLogger;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: point `AWS_ENDPOINT_URL` (or a client's `endpoint`) here. */
  readonly url: string;
  readonly port: number;
  readonly ctx: EmulatorContext;
  readonly lex: LexRuntime;
  readonly faults: FaultInjector;
  /** Milliseconds from the call to healthy. */
  readonly startupMs: number;
  /** The `GET /health` body. */
  health(): Record<string, unknown>;
  stop(): Promise<void>;
}

/** Starts the whole local AWS endpoint (DynamoDB, Lex V2 runtime, SNS, Connect tasks) on one port. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const started = performance.now();
  const host = options.host ?? DEFAULT_HOST;
  const dataDir = options.inMemory ? null : resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const logger = options.logger ?? consoleLogger(options.verbose ?? false);
  const tables = {
    orders: options.ordersTable ?? ORDERS_TABLE_DEFAULT,
    callbacks: options.callbacksTable ?? CALLBACKS_TABLE_DEFAULT,
  };
  const faults = new FaultInjector(options.faults ?? {}, options.faultSeed ?? 1);
  let endpoint = "";
  let services: LocalService[] = [];
  let ready = false;

  const dispatch = async (req: LocalRequest): Promise<LocalResponse> => {
    if (req.path === "/health" && req.method === "GET") {
      return ready ? json(200, health()) : json(503, { status: "starting" });
    }
    if (!ready)
      return json(
        503,
        { message: "The emulator is starting" },
        { "x-amzn-errortype": "ServiceUnavailableException" },
      );
    const refused = refuseForeignRequest(req, host);
    if (refused) return refused;
    const service = services.find((s) => s.match(req));
    if (!service) return notFound(req);
    const target = faultTargetOf(service.name);
    const fault = target ? faults.maybeFail(target) : undefined;
    if (fault) {
      logger.info("fault injected", { service: service.name, status: fault.status });
      return fault;
    }
    if (options.verbose) logger.info(`${req.method} ${req.path}`, { service: service.name });
    return service.handle(req);
  };

  const smsList = createRecordList<SmsRecord>();
  const callbackList = createRecordList<CallbackRecord>();
  const bot = options.bot ?? renderBot();
  const connect = { instanceId: LOCAL_CONNECT_INSTANCE_ID, callbackFlowId: LOCAL_CALLBACK_FLOW_ID };
  const fidelity = resolveFidelity(LOCAL_REGION, options.fidelity);
  const target = {
    get endpoint() {
      return endpoint;
    },
    region: LOCAL_REGION,
    tables,
    connect,
    // The in-process Lambdas' SDK clients hand their requests to the dispatcher: no loopback socket.
    dispatch,
    now: fidelity.now,
  };
  const ctx: EmulatorContext = {
    get endpoint() {
      return endpoint;
    },
    region: LOCAL_REGION,
    bot: {
      botId: LOCAL_BOT_ID,
      botAliasId: LOCAL_BOT_ALIAS_ID,
      testAliasId: LEX_TEST_ALIAS_ID,
      botName: bot.name,
      locales: bot.locales.map((l) => l.localeId),
    },
    tables,
    connect,
    // The demo shop opts in to naming the caller's latest order in the greeting (off by default on AWS).
    lambdas: createFulfillmentLambdas(
      target,
      options.shopConfig ?? { ...defaultShopConfig(), greetLatestOrder: true },
    ),
    sms: smsList,
    callbacks: callbackList,
    logger,
    dataDir,
    dispatch,
    fidelity,
  };

  const health = (): Record<string, unknown> => {
    const extra = Object.assign({}, ...services.map((s) => s.health?.() ?? {}));
    return {
      ...extra,
      status: "ok",
      bot: { botId: ctx.bot.botId, botAliasId: ctx.bot.botAliasId, locales: ctx.bot.locales },
      tableName: tables.orders,
      callbacksTableName: tables.callbacks,
      endpoint,
      region: ctx.region,
      connect: {
        ...(extra.connect as object | undefined),
        instanceId: ctx.connect.instanceId,
        callbackFlowId: ctx.connect.callbackFlowId,
      },
      faults: faults.active ? faults.injected : undefined,
      fidelity: fidelity.describe(),
    };
  };

  if (!isLoopbackHost(host)) {
    console.warn(
      `\n[orderline WARNING] listening on ${host}: every order, call, text and the /_local admin API are reachable from the network. The emulator has no authentication; use 127.0.0.1 unless you mean it.\n`,
    );
  }
  const backend = new DynaliteBackend(dataDir);
  await backend.start();
  let server: LocalServer | undefined;
  try {
    server = await startLocalServer(host, options.port ?? DEFAULT_PORT, {
      dispatch,
      upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) =>
        ready && services.some((s) => s.upgrade?.(req, socket, head) === true),
      onError: (err) =>
        logger.error("request failed", { error: err instanceof Error ? err.stack : String(err) }),
    });
    endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
    await ensureTables(backend, tables);
    if (options.seed ?? true) await seedIfEmpty(backend, tables.orders);

    const trainNlu = options.trainNlu ?? (await loadTrainNlu());
    const codeHook =
      options.codeHook === undefined
        ? ((await ctx.lambdas.lex()) as unknown as CodeHook)
        : (options.codeHook ?? undefined);
    const lex = new LexRuntime(ctx, {
      bot,
      trainNlu,
      codeHook,
      codeHookTimeoutMs: options.codeHookTimeoutMs ?? LEX_CODE_HOOK_TIMEOUT_MS,
      fidelity,
    });
    const factories = options.services ?? extraServiceFactories;
    services = [
      createDynamoDbService(ctx, backend),
      createLexRuntimeService(ctx, lex, codeHook !== undefined),
      createSnsService(ctx),
      createConnectTasksService(ctx),
      createLocalAdminService(ctx),
    ];
    for (const factory of factories) services.push(await factory(ctx));
    for (const s of services) await s.start?.();
    ready = true;
    const running = server;
    return {
      url: endpoint,
      port: running.port,
      ctx,
      lex,
      faults,
      startupMs: Math.round(performance.now() - started),
      health,
      async stop() {
        ready = false;
        for (const s of [...services].reverse()) await s.stop?.().catch(() => undefined);
        await running.close();
        await backend.stop();
      },
    };
  } catch (err) {
    await server?.close();
    await backend.stop();
    throw err;
  }
}

function notFound(req: LocalRequest): LocalResponse {
  return json(
    404,
    {
      __type: "UnknownOperationException",
      message: `No emulated AWS operation for ${req.method} ${req.path}`,
    },
    { "x-amzn-errortype": "UnknownOperationException" },
  );
}

async function ensureTables(
  backend: DynaliteBackend,
  tables: { orders: string; callbacks: string },
): Promise<void> {
  for (const schema of [ordersTableSchema(tables.orders), callbacksTableSchema(tables.callbacks)]) {
    try {
      await backend.call("DescribeTable", { TableName: schema.TableName });
    } catch (err) {
      if ((err as Error).name !== "ResourceNotFoundException") throw err;
      await backend.call("CreateTable", schema);
    }
    // dynalite answers ResourceNotFound for a table still CREATING (it flips to ACTIVE on a timer).
    for (let i = 0; i < 200; i++) {
      const d = await backend.call<{ Table?: { TableStatus?: string } }>("DescribeTable", {
        TableName: schema.TableName,
      });
      if (d.Table?.TableStatus === "ACTIVE") break;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Demo orders go only into an empty table, so a restart never overwrites what a user changed. */
async function seedIfEmpty(backend: DynaliteBackend, table: string): Promise<void> {
  const scan = await backend.call<{ Count?: number }>("Scan", {
    TableName: table,
    Limit: 1,
    Select: "COUNT",
  });
  if ((scan.Count ?? 0) > 0) return;
  for (const order of demoOrders()) {
    await backend.call("PutItem", { TableName: table, Item: toDynamoItem(order) });
  }
}

async function loadTrainNlu(): Promise<TrainNlu> {
  // Loaded when a test does not inject its own NLU.
  return (await import("./lex/nlu/index.js")).trainNlu;
}

function consoleLogger(verbose: boolean): EmulatorLogger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `[orderline ${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`;
  return {
    info: (m, f) => {
      if (verbose) console.log(line("info", m, f));
    },
    warn: (m, f) => {
      if (verbose) console.warn(line("warn", m, f));
    },
    error: (m, f) => console.error(line("error", m, f)),
  };
}
