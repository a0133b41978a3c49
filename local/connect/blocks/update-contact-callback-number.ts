import { toE164 } from "../../../fulfillment/src/domain/phone.js";
import { isWholeReference } from "../flow-data.js";
import { type BlockRunner, fail, NEXT, param } from "./block.js";

// Countries the local instance may dial (a real instance's outbound calling list).
const DIALABLE = ["+81", "+1"];

/** "Set callback number" from a single reference, e.g. `$.CustomerEndpoint.Address`. */
export const updateContactCallbackNumber: BlockRunner<"UpdateContactCallbackNumber"> = {
  type: "UpdateContactCallbackNumber",
  async run(ctx) {
    if (!isWholeReference(ctx.params.CallbackNumber)) {
      return fail("NoMatchingError", "CallbackNumber must be one reference");
    }
    const number = param(ctx, "CallbackNumber");
    if (toE164(number) !== number) return fail("InvalidCallbackNumber", number);
    if (!DIALABLE.some((p) => number.startsWith(p))) return fail("CallbackNumberNotDialable", number);
    ctx.contact.callbackNumber = number;
    return NEXT;
  },
};
