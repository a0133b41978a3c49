import { type BlockRunner, fail, param } from "./block.js";

/** "True"/"False" for the given hours of operation (default: the working queue's). */
export const checkHoursOfOperation: BlockRunner<"CheckHoursOfOperation"> = {
  type: "CheckHoursOfOperation",
  async run(ctx) {
    let hours = param(ctx, "HoursOfOperationId");
    if (!hours) {
      const queue = ctx.contact.data.Queue && ctx.env.queue(ctx.contact.data.Queue.ARN);
      if (!queue) return fail("NoMatchingError", "no hours and no working queue");
      hours = queue.hoursArn;
    }
    try {
      return { kind: "value", value: ctx.env.hoursOpen(hours, ctx.contact) ? "True" : "False" };
    } catch (err) {
      // An hours lookup that fails (a test case's mocked NoMatchingError) takes the Error branch.
      return fail("NoMatchingError", (err as Error).message);
    }
  },
};
