import type { ShopConfig } from "../../fulfillment/src/config.js";
import type { createConnectHandler } from "../../fulfillment/src/connect-handler.js";
import type { createLexHandler } from "../../fulfillment/src/lex-handler.js";
import type { Dependencies } from "../../fulfillment/src/ports.js";
import type { createSmsRetryHandler } from "../../fulfillment/src/sms-retry-handler.js";
import type { AwsCredentials, AwsDependenciesOptions } from "../../fulfillment/src/wiring.js";
import type { LocalRequest, LocalResponse } from "../service.js";
import { DispatchHttpHandler } from "./dispatch-transport.js";

/** The emulator accepts any credentials; the in-process Lambdas sign with these. */
export const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Where the in-process Lambdas find AWS: the emulator's own endpoint, region, tables and Connect ids. */
export interface LocalAwsTarget {
  /** Read when the first handler is built: the emulator listens by then. */
  readonly endpoint: string;
  readonly region: string;
  readonly tables: { orders: string; callbacks: string };
  readonly connect: { instanceId: string; callbackFlowId: string };
  /** The emulator's dispatcher: when given, the clients' requests go to it without a socket. */
  readonly dispatch?: (req: LocalRequest) => Promise<LocalResponse>;
  /** The emulator's clock (a start instant set with `--now`). @default the real clock */
  readonly now?: () => Date;
}

/**
 * The fulfillment Lambdas, run in-process like Lambda would run them, each built on first use (as a cold start)
 * by the same factories the entry files use, over AWS clients pointed at the emulator by arguments.
 */
export interface FulfillmentLambdas {
  /** The Lex V2 code hook (fulfillment/src/lex-handler.ts). */
  lex(): Promise<ReturnType<typeof createLexHandler>>;
  /** The Connect-invoked Lambda (fulfillment/src/connect-handler.ts). */
  connect(): Promise<ReturnType<typeof createConnectHandler>>;
  /** The scheduled SMS retry (fulfillment/src/sms-retry-handler.ts). */
  smsRetry(): Promise<ReturnType<typeof createSmsRetryHandler>>;
}

/** Builds the in-process Lambdas; the fulfillment code is imported lazily, as each Lambda is first invoked. */
export function createFulfillmentLambdas(target: LocalAwsTarget, shopConfig: ShopConfig): FulfillmentLambdas {
  // One set of clients for the three, as one Lambda execution environment would keep them.
  const dependencies = once(async (): Promise<Dependencies> => {
    if (!target.endpoint) throw new Error("The emulator is not listening yet");
    const { createAwsDependencies } = await import("../../fulfillment/src/wiring.js");
    const options: AwsDependenciesOptions = {
      endpoint: target.endpoint,
      region: target.region,
      tables: { ...target.tables },
      connect: { ...target.connect },
      credentials: LOCAL_CREDENTIALS,
      // In-process: no socket and no signature (the transport marks its requests as the emulator's own).
      ...(target.dispatch
        ? { requestHandler: new DispatchHttpHandler(target.dispatch), signRequests: false }
        : {}),
      ...(target.now ? { now: target.now } : {}),
    };
    return createAwsDependencies(options);
  });
  return {
    lex: once(async () => {
      const { createLexHandler } = await import("../../fulfillment/src/lex-handler.js");
      const { lexOutcome, withOutcomeMetrics } = await import(
        "../../fulfillment/src/observability/outcome-metrics.js"
      );
      return withOutcomeMetrics(
        "orderline-lex",
        lexOutcome,
        createLexHandler(await dependencies(), shopConfig),
      );
    }),
    connect: once(async () => {
      const { createConnectHandler } = await import("../../fulfillment/src/connect-handler.js");
      const { connectOutcome, withOutcomeMetrics } = await import(
        "../../fulfillment/src/observability/outcome-metrics.js"
      );
      return withOutcomeMetrics(
        "orderline-connect",
        connectOutcome,
        createConnectHandler(await dependencies(), shopConfig),
      );
    }),
    smsRetry: once(async () => {
      const { createSmsRetryHandler } = await import("../../fulfillment/src/sms-retry-handler.js");
      return createSmsRetryHandler(await dependencies(), shopConfig);
    }),
  };
}

/** Memoizes a build; a failed one is tried again on the next call. */
function once<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}
