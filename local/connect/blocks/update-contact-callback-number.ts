import { isWholeReference } from "../flow-data.js";
import { type BlockRunner, fail, NEXT, param } from "./block.js";

const E164 = /^\+[1-9]\d{7,14}$/;
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
    if (!E164.test(number)) return fail("InvalidCallbackNumber", number);
    if (!DIALABLE.some((p) => number.startsWith(p))) return fail("CallbackNumberNotDialable", number);
    ctx.contact.callbackNumber = number;
    return NEXT;
  },
};
