import { resolveText } from "../flow-data.js";
import { contactFlowEvent, invokeForFlow, LambdaInvocationError } from "../lambda-invoker.js";
import { type BlockRunner, fail, NEXT, numberParam, param } from "./block.js";

/** Connect's maximum `InvocationTimeLimitSeconds`. */
const MAX_TIMEOUT_SECONDS = 8;

/** Calls the Lambda in-process with a real ContactFlowEvent; its response becomes `$.External`. */
export const invokeLambdaFunction: BlockRunner<"InvokeLambdaFunction"> = {
  type: "InvokeLambdaFunction",
  async run(ctx) {
    const arn = param(ctx, "LambdaFunctionARN");
    const seconds = numberParam(ctx, "InvocationTimeLimitSeconds");
    const timeout = Number.isFinite(seconds)
      ? Math.min(Math.max(seconds, 1), MAX_TIMEOUT_SECONDS)
      : MAX_TIMEOUT_SECONDS;
    const validation = (ctx.params.ResponseValidation ?? {}) as { ResponseType?: string };
    const responseType = validation.ResponseType === "JSON" ? "JSON" : "STRING_MAP";
    const raw = (ctx.params.LambdaInvocationAttributes ?? {}) as Record<string, unknown>;
    const parameters = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, resolveText(ctx.contact.data, v)]),
    );
    const record = {
      flow: ctx.flow.key,
      action: parameters.action ?? ctx.action.Identifier,
      parameters,
      attempts: 0,
      ms: 0,
    } as (typeof ctx.contact.lambda)[number];
    ctx.contact.lambda.push(record);
    const started = Date.now();
    const handler = await ctx.env.lambda(arn);
    if (!handler) {
      record.error = `no function ${arn}`;
      return fail("NoMatchingError", record.error);
    }
    try {
      const { response, attempts } = await invokeForFlow({
        handler,
        event: contactFlowEvent(ctx.contact, parameters),
        timeoutMs: timeout * 1000,
        responseType,
        retryBudgetMs: ctx.env.lambdaRetryBudgetMs,
      });
      record.response = response;
      record.attempts = attempts;
      // Overwritten on each invocation
      // (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html).
      ctx.contact.data.External = response;
      return NEXT;
    } catch (err) {
      record.error = (err as Error).message;
      record.attempts = err instanceof LambdaInvocationError ? err.attempts : 1;
      return fail("NoMatchingError", record.error);
    } finally {
      record.ms = Date.now() - started;
    }
  },
};
