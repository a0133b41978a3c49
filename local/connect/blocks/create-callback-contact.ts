import { type BlockRunner, fail, NEXT, numberParam, param } from "./block.js";

/** A queued callback to the contact's callback number (the working queue unless QueueId is given). */
export const createCallbackContact: BlockRunner<"CreateCallbackContact"> = {
  type: "CreateCallbackContact",
  async run(ctx) {
    const number = ctx.contact.callbackNumber;
    if (!number) return fail("NoMatchingError", "no callback number set");
    const ref = param(ctx, "QueueId") || ctx.contact.data.Queue?.ARN || "";
    const queue = ctx.env.queue(ref);
    if (!queue) return fail("NoMatchingError", "no queue for the callback");
    const delaySeconds = numberParam(ctx, "InitialCallDelaySeconds");
    const request = {
      contactId: ctx.contact.id,
      number,
      queue: queue.name,
      queueArn: queue.arn,
      delaySeconds: Number.isFinite(delaySeconds) ? delaySeconds : 0,
      maxAttempts: numberParam(ctx, "MaximumConnectionAttempts") || 1,
      retryDelaySeconds: numberParam(ctx, "RetryDelaySeconds") || 0,
      attributes: { ...ctx.contact.data.Attributes },
      at: new Date().toISOString(),
    };
    ctx.contact.emit({ type: "callback", number, queue: queue.name, delaySeconds: request.delaySeconds });
    ctx.env.onCallback?.(ctx.contact, request);
    return NEXT;
  },
};
