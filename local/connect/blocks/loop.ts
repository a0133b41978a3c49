import { type BlockRunner, numberParam } from "./block.js";

/** Counts visits per action: ContinueLooping `LoopCount` times, then DoneLooping (and the count resets). */
export const loop: BlockRunner<"Loop"> = {
  type: "Loop",
  async run(ctx) {
    const key = `${ctx.flow.key}/${ctx.action.Identifier}`;
    const limit = numberParam(ctx, "LoopCount");
    const count = ctx.contact.loops.get(key) ?? 0;
    if (count < (Number.isFinite(limit) ? limit : 0)) {
      ctx.contact.loops.set(key, count + 1);
      return { kind: "value", value: "ContinueLooping" };
    }
    ctx.contact.loops.delete(key);
    return { kind: "value", value: "DoneLooping" };
  },
};
