import type { ConnectContactFlowEvent } from "aws-lambda";
import type { Contact } from "./contact.js";
import type { ConnectLambdaHandler } from "./environment.js";

/** Connect's limit on a flow's Lambda response (UTF-8). */
export const MAX_LAMBDA_RESPONSE_BYTES = 32 * 1024;
/** "retries up to 3 times, for a maximum of 8 seconds" (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html). */
export const MAX_LAMBDA_RETRIES = 3;
export const LAMBDA_RETRY_BUDGET_MS = 8_000;

/** Why an invocation took the Error branch. */
export class LambdaInvocationError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "LambdaInvocationError";
  }
}

/** Builds the `ContactFlowEvent` Connect sends (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html). */
export function contactFlowEvent(
  contact: Contact,
  parameters: Record<string, string>,
): ConnectContactFlowEvent {
  const d = contact.data;
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        Attributes: { ...d.Attributes },
        Channel: d.Channel,
        ContactId: d.ContactId,
        CustomerEndpoint: d.CustomerEndpoint ? { ...d.CustomerEndpoint, Type: "TELEPHONE_NUMBER" } : null,
        InitialContactId: d.InitialContactId,
        InitiationMethod: d.InitiationMethod as "INBOUND",
        InstanceARN: d.InstanceARN,
        LanguageCode: d.LanguageCode,
        MediaStreams: { Customer: { Audio: null } },
        PreviousContactId: d.PreviousContactId ?? d.ContactId,
        Queue: d.Queue ? { ARN: d.Queue.ARN, Name: d.Queue.Name, OutboundCallerId: null } : null,
        SystemEndpoint: d.SystemEndpoint ? { ...d.SystemEndpoint, Type: "TELEPHONE_NUMBER" } : null,
      },
      Parameters: parameters,
    },
  } as unknown as ConnectContactFlowEvent;
}

/** Throttling and 5xx from the Lambda service are retried; a function error is not. */
export function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; statusCode?: number; $metadata?: { httpStatusCode?: number } };
  if (e?.name === "TooManyRequestsException" || e?.name === "ThrottlingException") return true;
  const status = e?.$metadata?.httpStatusCode ?? e?.statusCode;
  return typeof status === "number" && status >= 500;
}

/**
 * Invokes a handler as Connect does: the block's time limit per attempt, retries on throttling/5xx
 * within the retry budget, then validates the response (`STRING_MAP`: flat, string values; < 32 KB).
 */
export async function invokeForFlow(opts: {
  handler: ConnectLambdaHandler;
  event: ConnectContactFlowEvent;
  timeoutMs: number;
  responseType: "STRING_MAP" | "JSON";
  retryBudgetMs?: number;
}): Promise<{ response: Record<string, unknown>; attempts: number }> {
  const started = Date.now();
  const budget = opts.retryBudgetMs ?? LAMBDA_RETRY_BUDGET_MS;
  let attempts = 0;
  for (;;) {
    attempts++;
    let raw: unknown;
    try {
      raw = await withTimeout(
        opts.handler(structuredClone(opts.event), lambdaContext(opts.timeoutMs)),
        opts.timeoutMs,
      );
    } catch (err) {
      const elapsed = Date.now() - started;
      const backoff = 100 * 2 ** (attempts - 1);
      if (isRetryable(err) && attempts <= MAX_LAMBDA_RETRIES && elapsed + backoff < budget) {
        await new Promise((r) => setTimeout(r, backoff));
        continue;
      }
      throw new LambdaInvocationError((err as Error).message ?? String(err), attempts);
    }
    return { response: validateResponse(raw, opts.responseType, attempts), attempts };
  }
}

function validateResponse(
  raw: unknown,
  type: "STRING_MAP" | "JSON",
  attempts: number,
): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new LambdaInvocationError("response is not an object", attempts);
  }
  if (Buffer.byteLength(JSON.stringify(raw), "utf8") >= MAX_LAMBDA_RESPONSE_BYTES) {
    throw new LambdaInvocationError("response is 32 KB or more", attempts);
  }
  if (type === "JSON") return raw as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== null && typeof v === "object")
      throw new LambdaInvocationError(`STRING_MAP: "${k}" is nested`, attempts);
    out[k] = v === null || v === undefined ? "" : String(v);
  }
  return out;
}

class LambdaTimeout extends Error {
  override name = "LambdaTimeout";
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LambdaTimeout(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function lambdaContext(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName: "orderline-connect",
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  };
}
