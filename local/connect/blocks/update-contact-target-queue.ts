import { type BlockRunner, fail, NEXT, param } from "./block.js";

/** "Set working queue": `$.Queue` for a later transfer or callback. */
export const updateContactTargetQueue: BlockRunner<"UpdateContactTargetQueue"> = {
  type: "UpdateContactTargetQueue",
  async run(ctx) {
    const ref = param(ctx, "QueueId");
    const queue = ctx.env.queue(ref);
    if (!queue) return fail("NoMatchingError", `unknown queue ${ref}`);
    ctx.contact.data.Queue = { Name: queue.name, ARN: queue.arn };
    return NEXT;
  },
};
