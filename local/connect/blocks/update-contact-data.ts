import { type BlockRunner, fail, NEXT, param } from "./block.js";

/** Contact properties; Orderline sets `LanguageCode` (which also picks the Lex bot locale). */
export const updateContactData: BlockRunner<"UpdateContactData"> = {
  type: "UpdateContactData",
  async run(ctx) {
    if (ctx.params.LanguageCode !== undefined) {
      const code = param(ctx, "LanguageCode");
      if (!/^[a-z]{2}-[A-Z]{2}$/.test(code)) return fail("NoMatchingError", `invalid LanguageCode ${code}`);
      ctx.contact.data.LanguageCode = code;
    }
    return NEXT;
  },
};
