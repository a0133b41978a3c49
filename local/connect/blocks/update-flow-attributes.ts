import { resolveText } from "../flow-data.js";
import { type BlockRunner, NEXT } from "./block.js";

/** Sets flow-scoped attributes (`$.FlowAttributes.*`, not carried into the next flow). */
export const updateFlowAttributes: BlockRunner<"UpdateFlowAttributes"> = {
  type: "UpdateFlowAttributes",
  async run(ctx) {
    const raw = (ctx.params.FlowAttributes ?? {}) as Record<string, { Value?: unknown }>;
    for (const [name, spec] of Object.entries(raw)) {
      ctx.contact.data.FlowAttributes[name] = resolveText(ctx.contact.data, spec?.Value);
    }
    return NEXT;
  },
};
