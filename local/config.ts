import { loadShopConfig, type ShopConfig } from "../fulfillment/src/config.js";
import { LAMBDA_ENV } from "../fulfillment/src/contracts/lambda-environment.js";
import { FROM_SOURCE_FLAG } from "./emulator-bundle.js";
import { type FaultRates, parseFaultSpec } from "./faults.js";
import { type FidelityOptions, parseFailedCloseBranch, parseStartAt } from "./fidelity.js";

/** Fixed ids the emulator serves (valid Lex ids: bot id is exactly 10 alphanumerics). */
export const LOCAL_BOT_ID = "ORDERLINE1";
export const LOCAL_BOT_ALIAS_ID = "LIVEALIAS1";
export const LEX_TEST_ALIAS_ID = "TSTALIASID";
export const LOCAL_CONNECT_INSTANCE_ID = "00000000-0000-4000-8000-00000000c0de";
export const LOCAL_CALLBACK_FLOW_ID = "00000000-0000-4000-8000-0000000ca11b";
export const LOCAL_REGION = "us-east-1";
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_DATA_DIR = ".orderline";
/** Lex waits this long for a code hook Lambda before failing the turn. */
export const LEX_CODE_HOOK_TIMEOUT_MS = 30_000;

/** Options of `startEmulator`; the CLI maps its flags onto these. */
export interface EmulatorOptions {
  /** @default 4010 (`PORT` env); `0` picks a free port. */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** LevelDB folder for dynalite. @default ".orderline" */
  dataDir?: string;
  /** Keep DynamoDB in memory (overrides `dataDir`). @default false */
  inMemory?: boolean;
  /** Load the demo orders into an empty orders table. @default true */
  seed?: boolean;
  /** Fault rates per service (`dynamodb`, `sns`, `connect`), 0..1. @default {} */
  faults?: FaultRates;
  /** PRNG seed for fault injection. @default 1 */
  faultSeed?: number;
  /** Code hook timeout (Lex: 30 s). @default 30000 */
  codeHookTimeoutMs?: number;
  /** Print request logs and warnings. @default false */
  verbose?: boolean;
  /** Table names. @default the contract defaults, `Orders` and `OrderlineCallbacks` (`npm start`: `ORDERS_TABLE` / `CALLBACKS_TABLE`) */
  ordersTable?: string;
  callbacksTable?: string;
  /** Shop settings of the in-process Lambdas. @default the fulfillment defaults (`npm start`: with `SHOP_CONFIG`) */
  shopConfig?: ShopConfig;
  /** How the emulator plays AWS behaviour that is undocumented or Region-dependent (local/FIDELITY.md). @default {} */
  fidelity?: FidelityOptions;
}

/** Parsed `npm start` flags. */
export interface CliOptions extends EmulatorOptions {
  help?: boolean;
  /** Restore the demo orders on start (and empty the SMS outbox and callbacks), whatever the data folder holds. */
  reset?: boolean;
}

/** Parses `npm start -- --port N --data-dir DIR --in-memory --no-seed --reset --faults a=0.1 --seed N`. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const opts: CliOptions = {};
  if (env.PORT) opts.port = parsePort(env.PORT);
  // The variables the deployed Lambdas read, so `npm start` runs the code as configured there.
  if (env[LAMBDA_ENV.ordersTable]) opts.ordersTable = env[LAMBDA_ENV.ordersTable];
  if (env[LAMBDA_ENV.callbacksTable]) opts.callbacksTable = env[LAMBDA_ENV.callbacksTable];
  if (env[LAMBDA_ENV.shopConfig]) opts.shopConfig = loadShopConfig(env);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") && arg.startsWith("--") ? splitOnce(arg, "=") : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--port":
      case "-p":
        opts.port = parsePort(value());
        break;
      case "--host":
        opts.host = value();
        break;
      case "--data-dir":
        opts.dataDir = value();
        break;
      case "--in-memory":
        opts.inMemory = true;
        break;
      case "--no-seed":
        opts.seed = false;
        break;
      case "--reset":
        opts.reset = true;
        break;
      case "--faults":
        opts.faults = parseFaultSpec(value());
        break;
      case "--seed": {
        const n = Number(value());
        if (!Number.isInteger(n)) throw new Error("--seed needs an integer");
        opts.faultSeed = n;
        break;
      }
      case "--now":
        opts.fidelity = { ...opts.fidelity, startAt: parseStartAt(value()) };
        break;
      case "--lex-time-zone":
        opts.fidelity = { ...opts.fidelity, lexTimeZone: value() };
        break;
      case "--failed-close":
        opts.fidelity = { ...opts.fidelity, failedCloseBranch: parseFailedCloseBranch(value()) };
        break;
      case "--keep-session-attributes":
        opts.fidelity = { ...opts.fidelity, keepSessionAttributesAcrossBotBlocks: true };
        break;
      case "--keypad-confirmation":
        opts.fidelity = { ...opts.fidelity, keypadConfirmation: true };
        break;
      case "--keypad-dates":
        opts.fidelity = { ...opts.fidelity, keypadDates: true };
        break;
      case FROM_SOURCE_FLAG:
        break; // read by local/main.ts before this parser is loaded
      case "--verbose":
      case "-v":
        opts.verbose = true;
        break;
      case "--help":
      case "-h":
        opts.help = true;
        break;
      default:
        throw new Error(`Unknown option: ${arg}`);
    }
  }
  return opts;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + 1)];
}

function parsePort(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`Invalid port: ${s}`);
  return n;
}

export const CLI_USAGE = `Usage: npm start -- [options]
  --port N            listen port (default 4010, or PORT env; 0 = any free port)
  --host H            listen address (default 127.0.0.1)
  --data-dir DIR      DynamoDB data folder (default .orderline)
  --in-memory         keep DynamoDB in memory (nothing written to disk)
  --no-seed           do not load the demo orders
  --reset             restore the demo orders (also: the console's button, POST /_local/reset)
  --faults SPEC       inject AWS errors, e.g. dynamodb=0.2,sns=0.5,connect=0.1
  --seed N            seed for --faults (default 1)
  --verbose           log every request
  --from-source       run the TypeScript sources as they are (default: a bundle of them, rebuilt when one changes)
  --now ISO           start the clock at an instant, e.g. 2026-11-27T08:00:00+09:00 (Lex, Connect, Lambdas)
  --lex-time-zone TZ  zone the emulated Lex resolves dates in (default: the Region's, America/New_York)
  --failed-close B    where Connect sends a Failed close: intent (default) or error (local/FIDELITY.md)
  --keep-session-attributes   keep Lex session attributes between bot blocks (default: dropped)
  --keypad-dates      let 8 keyed digits fill AMAZON.Date (default: off, as Lex documents no keypad date)
  --keypad-confirmation   let keys 1/2 answer a Lex confirmation inside Lex (default: off; the hook reads them)`;
