import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { ConnectCallbackScheduler } from "./adapters/connect-callback-scheduler.js";
import { DynamoCallbackLog } from "./adapters/dynamo-callback-log.js";
import { DynamoOrderStore } from "./adapters/dynamo-order-store.js";
import {
  DynamoCallbackBook,
  DynamoSmsOutbox,
  DynamoSmsQuota,
  DynamoVerificationLedger,
} from "./adapters/dynamo-security-records.js";
import { SnsSmsSender } from "./adapters/sns-sms-sender.js";
import { LAMBDA_ENV } from "./contracts/lambda-environment.js";
import { CALLBACKS_TABLE_DEFAULT, ORDERS_TABLE_DEFAULT } from "./contracts/tables.js";
import type { Dependencies } from "./ports.js";

/** Static AWS credentials (the emulator accepts any); without them the SDK's default provider chain runs. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What `createAwsDependencies` builds the AWS clients and adapters from. */
export interface AwsDependenciesOptions {
  /**
   * One endpoint for DynamoDB, SNS and Connect (the local emulator serves all three).
   * @default the SDK's own resolution: `AWS_ENDPOINT_URL`, else the regional AWS endpoints
   */
  endpoint?: string;
  region: string;
  tables: { orders: string; callbacks: string };
  /** Where scheduled callback tasks are created; empty ids when the stack has no Connect instance. */
  connect: { instanceId: string; callbackFlowId: string };
  /** @default the SDK's default credential provider chain (the Lambda's role) */
  credentials?: AwsCredentials;
  /**
   * What sends the clients' requests (a smithy `HttpHandler`), e.g. the emulator's in-process dispatcher.
   * @default the Node HTTP handler with short connection and request timeouts
   */
  requestHandler?: DynamoDBClientConfig["requestHandler"];
  /** The clock the handlers read ("today" in the shop's zone). @default the real clock */
  now?: () => Date;
  /**
   * Sign requests with SigV4. Off only for a `requestHandler` that never leaves the process (the emulator's
   * in-process dispatcher), where a signature proves nothing and costs about a third of each call's SDK CPU.
   * @default true
   */
  signRequests?: boolean;
}

// A caller waits on every turn: fail fast and let the dialog offer an agent instead of hanging. Without
// `throwOnRequestTimeout` @smithy/node-http-handler only logs a warning when `requestTimeout` passes.
const REQUEST_HANDLER = { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true };
const MAX_ATTEMPTS = 2;

/** Smithy's `noAuth` scheme (the one AWS models name for unauthenticated operations): requests go out unsigned. */
const UNSIGNED = {
  httpAuthSchemes: [
    {
      schemeId: "smithy.api#noAuth",
      identityProvider: () => async () => ({}),
      signer: { sign: async <R>(request: R) => request },
    },
  ],
  httpAuthSchemeProvider: () => [{ schemeId: "smithy.api#noAuth" }],
};

/** Real AWS adapters over clients built from explicit arguments (never from environment variables). */
export function createAwsDependencies(options: AwsDependenciesOptions): Dependencies {
  const clientConfig = {
    region: options.region,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: options.requestHandler ?? REQUEST_HANDLER,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.signRequests === false ? UNSIGNED : {}),
  };
  // Middleware stack resolved once per command class: https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-smithy-smithy-client/
  const dynamo = new DynamoDBClient({ ...clientConfig, cacheMiddleware: true });
  return {
    orders: new DynamoOrderStore(dynamo, options.tables.orders),
    callbackLog: new DynamoCallbackLog(dynamo, options.tables.callbacks),
    security: {
      ledger: new DynamoVerificationLedger(dynamo, options.tables.callbacks),
      smsQuota: new DynamoSmsQuota(dynamo, options.tables.callbacks),
      outbox: new DynamoSmsOutbox(dynamo, options.tables.callbacks),
      callbackBook: new DynamoCallbackBook(dynamo, options.tables.callbacks),
    },
    sms: new SnsSmsSender(
      lazy(async () => new (await import("@aws-sdk/client-sns")).SNSClient(clientConfig)),
    ),
    callbacks: new ConnectCallbackScheduler(
      lazy(async () => new (await import("@aws-sdk/client-connect")).ConnectClient(clientConfig)),
      options.connect.instanceId,
      options.connect.callbackFlowId,
    ),
    now: options.now ?? (() => new Date()),
  };
}

/**
 * The Lambda's `createAwsDependencies` arguments from its environment: read once, by the entry files only.
 * Lambda always sets `AWS_REGION`; `AWS_ENDPOINT_URL` lets a bundled handler run against the emulator.
 */
export function awsOptionsFromEnvironment(env: NodeJS.ProcessEnv): AwsDependenciesOptions {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("AWS_REGION is not set");
  return {
    endpoint: env.AWS_ENDPOINT_URL || undefined,
    region,
    tables: {
      orders: env[LAMBDA_ENV.ordersTable] || ORDERS_TABLE_DEFAULT,
      callbacks: env[LAMBDA_ENV.callbacksTable] || CALLBACKS_TABLE_DEFAULT,
    },
    connect: {
      instanceId: env[LAMBDA_ENV.connectInstanceId] ?? "",
      callbackFlowId: env[LAMBDA_ENV.callbackFlowId] ?? "",
    },
  };
}

function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
