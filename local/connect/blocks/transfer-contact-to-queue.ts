import { type BlockRunner, fail } from "./block.js";

/** Puts the contact in the working queue; the customer-queue hook flow then plays while it waits. */
export const transferContactToQueue: BlockRunner<"TransferContactToQueue"> = {
  type: "TransferContactToQueue",
  async run(ctx) {
    const target = ctx.contact.data.Queue;
    const queue = target && ctx.env.queue(target.ARN);
    if (!queue) return fail("NoMatchingError", "no working queue");
    if (ctx.env.queueAtCapacity(queue)) return fail("QueueAtCapacity");
    ctx.contact.emit({ type: "transfer", queue: queue.name, queueArn: queue.arn });
    ctx.env.onQueued?.(ctx.contact, queue);
    return { kind: "end", reason: "queued" };
  },
};
