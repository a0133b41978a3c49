import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  App,
  aws_dynamodb as dynamodb,
  aws_lambda as lambda,
  aws_lambda_nodejs as nodejs,
  Stack,
} from "aws-cdk-lib";
import type { Asset } from "aws-cdk-lib/aws-s3-assets";
import {
  LAMBDA_NODE_ENVIRONMENT,
  lambdaBundling,
  OrderlineFunctions,
} from "../infra/functions/orderline-functions.js";
import { spawnEmulator } from "./emulator-process.js";
import { fixed, percentile, ratio } from "./stats.js";
import { benchCallers, defaultClients, seedCallers } from "./workload.js";

const OUT = resolve(".bench/cdk.out");
const LOCALES = readdirSync("locales", { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^[a-z]{2}_[A-Z]{2}$/.test(d.name))
  .map((d) => d.name);

/** A Lambda package in `dir` (index.mjs + map + locales/), as `cdk synth` staged it. */
interface Bundle {
  name: string;
  dir: string;
  event: unknown;
  env: Record<string, string>;
}

/**
 * Bundles the Lambdas exactly as infra/ does (the `OrderlineFunctions` construct itself, synthesized by the CDK
 * with the local esbuild) plus two one-GetItem yardsticks, then times cold init (import + first invocation) in
 * fresh Node processes, round-robin so machine drift hits every bundle alike.
 */
export async function runBundleBench(runs: number): Promise<void> {
  const bundles = synthBundles();
  const emu = await spawnEmulator();
  const { dynamo, lex } = defaultClients(emu.url);
  try {
    const [caller] = benchCallers(5_000_000, 1);
    await seedCallers(dynamo, "Orders", [caller!]);
    const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    writeFileSync(join(OUT, "cold.mjs"), COLD_SCRIPT);
    for (const b of bundles) await coldInit(b, emu.url, caller!.phone); // page cache, not counted
    for (let i = 0; i < runs; i++) {
      for (const b of bundles) times.get(b.name)!.push(await coldInit(b, emu.url, caller!.phone));
    }
    const med = (name: string) => percentile(times.get(name)!, 50);
    const base = med("baseline-runtime-sdk");
    const same = med("baseline-as-infra");
    console.log(
      `\n== Lambda cold init (import + first call), bundles built by infra/, median of ${runs}, interleaved ==`,
    );
    console.log(
      "bundle                       index.mjs   map       ms      vs GetItem Lambda  vs same-packaged GetItem",
    );
    for (const b of bundles) {
      const m = med(b.name);
      console.log(
        `${b.name.padEnd(28)} ${kib(join(b.dir, "index.mjs")).padStart(9)} ${kib(join(b.dir, "index.mjs.map")).padStart(9)} ${fixed(m, 1).padStart(7)}  ${ratio(m, base).padStart(9)}          ${ratio(m, same).padStart(6)}`,
      );
    }
    console.log(
      "GetItem Lambda = bench/baseline-handler.ts with infra's bundling but the AWS SDK from the runtime (the plain console Lambda). Targets: lex <= 1.00x, connect <= 1.00x. The --enable-source-maps row is the same lex bundle with Node decoding its map (infra leaves it off).",
    );
  } finally {
    lex.destroy();
    dynamo.destroy();
    await emu.stop();
  }
}

/** Synthesizes the construct infra/ deploys, plus the yardsticks, and returns the staged asset folders. */
function synthBundles(): Bundle[] {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const app = new App({ outdir: OUT });
  const stack = new Stack(app, "OrderlineBench");
  const table = (name: string) => dynamodb.Table.fromTableName(stack, name, name);
  const fns = new OrderlineFunctions(stack, "Functions", {
    ordersTable: table("Orders"),
    ordersIndexNames: ["byCustomerPhone"],
    callbacksTable: table("OrderlineCallbacks"),
    localeIds: LOCALES,
  });
  const yardstick = (id: string, bundling: nodejs.BundlingOptions) =>
    new nodejs.NodejsFunction(stack, id, {
      entry: "bench/baseline-handler.ts",
      runtime: lambda.Runtime.NODEJS_22_X,
      projectRoot: resolve("."),
      depsLockFilePath: resolve("package-lock.json"),
      bundling,
    });
  const asInfra = lambdaBundling(LOCALES);
  const sameAsInfra = yardstick("BaselineAsInfra", asInfra);
  const runtimeSdk = yardstick("BaselineRuntimeSdk", {
    ...asInfra,
    externalModules: ["@aws-sdk/*", "@smithy/*"],
  });
  app.synth();
  const dir = (fn: nodejs.NodejsFunction) => join(OUT, (fn.node.findChild("Code") as Asset).assetPath);
  const env = (fn: nodejs.NodejsFunction) => ({
    ...LAMBDA_NODE_ENVIRONMENT,
    POWERTOOLS_LOG_LEVEL: "INFO",
    ...serviceName(fn),
  });
  return [
    { name: "baseline-runtime-sdk", dir: dir(runtimeSdk), event: { orderId: "2001" }, env: env(runtimeSdk) },
    { name: "baseline-as-infra", dir: dir(sameAsInfra), event: { orderId: "2001" }, env: env(sameAsInfra) },
    { name: "lex (CheckOrderStatus)", dir: dir(fns.lexHandler), event: LEX_EVENT, env: env(fns.lexHandler) },
    {
      name: "lex + --enable-source-maps",
      dir: dir(fns.lexHandler),
      event: LEX_EVENT,
      env: { ...env(fns.lexHandler), NODE_OPTIONS: "--enable-source-maps" },
    },
    {
      name: "connect (lookupCaller)",
      dir: dir(fns.connectHandler),
      event: CONNECT_EVENT,
      env: env(fns.connectHandler),
    },
  ];
}

function serviceName(fn: nodejs.NodejsFunction): Record<string, string> {
  return fn.node.id === "LexHandler"
    ? { POWERTOOLS_SERVICE_NAME: "orderline-lex" }
    : fn.node.id === "ConnectHandler"
      ? { POWERTOOLS_SERVICE_NAME: "orderline-connect" }
      : {};
}

const COLD_SCRIPT = `const t0 = performance.now();
const { handler } = await import(process.argv[2]);
const out = await handler(JSON.parse(process.argv[3]));
const ms = performance.now() - t0;
process.stderr.write(JSON.stringify(out).slice(0, 300));
process.stdout.write("\\n" + String(ms));`;

const run = promisify(execFile);

/** One fresh Node process: import the bundle, invoke once, report the elapsed ms (process start excluded). */
async function coldInit(b: Bundle, endpoint: string, phone: string): Promise<number> {
  const event = JSON.stringify(b.event).replaceAll("+PHONE", phone);
  const { stdout } = await run(process.execPath, [join(OUT, "cold.mjs"), join(b.dir, "index.mjs"), event], {
    cwd: b.dir,
    env: {
      PATH: process.env.PATH ?? "",
      ...b.env,
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "1",
    },
    encoding: "utf8",
  });
  return Number(stdout.trim().split("\n").pop());
}

function kib(file: string): string {
  try {
    return `${(statSync(file).size / 1024).toFixed(1)} KiB`;
  } catch {
    return "-";
  }
}

const LEX_EVENT = {
  messageVersion: "1.0",
  invocationSource: "DialogCodeHook",
  inputMode: "Speech",
  responseContentType: "text/plain; charset=utf-8",
  sessionId: "bench-cold",
  inputTranscript: "where is my order",
  bot: { id: "ORDERLINE1", name: "Orderline", aliasId: "LIVEALIAS1", localeId: "en_US", version: "DRAFT" },
  interpretations: [],
  sessionState: {
    sessionAttributes: { callerPhone: "+PHONE" },
    intent: { name: "CheckOrderStatus", slots: {}, state: "InProgress", confirmationState: "None" },
  },
};

const CONNECT_EVENT = {
  Name: "ContactFlowEvent",
  Details: {
    ContactData: {
      ContactId: "bench-cold",
      Channel: "VOICE",
      CustomerEndpoint: { Address: "+PHONE", Type: "TELEPHONE_NUMBER" },
      LanguageCode: "en-US",
      Attributes: {},
    },
    Parameters: { action: "lookupCaller" },
  },
};
