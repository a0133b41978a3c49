import { resolveText } from "../flow-data.js";
import { type BlockRunner, fail, NEXT } from "./block.js";

/** Sets a hook flow, e.g. `CustomerQueue` (what the caller hears in the queue). */
export const updateContactEventHooks: BlockRunner<"UpdateContactEventHooks"> = {
  type: "UpdateContactEventHooks",
  async run(ctx) {
    const hooks = (ctx.params.EventHooks ?? {}) as Record<string, unknown>;
    for (const [name, ref] of Object.entries(hooks)) {
      const flowRef = resolveText(ctx.contact.data, ref);
      if (!ctx.env.flows.find(flowRef)) return fail("NoMatchingError", `unknown flow ${flowRef}`);
      ctx.contact.eventHooks[name] = flowRef;
    }
    return NEXT;
  },
};
