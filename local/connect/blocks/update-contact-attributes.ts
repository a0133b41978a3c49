import { resolveText } from "../flow-data.js";
import { type BlockRunner, fail, NEXT } from "./block.js";

/** Connect's limit on all contact attributes together (UTF-8 bytes). */
const MAX_ATTRIBUTES_BYTES = 32_768;
const KEY = /^[A-Za-z0-9_-]+$/;

/** Sets user-defined contact attributes (`$.Attributes.*`), all or nothing. */
export const updateContactAttributes: BlockRunner<"UpdateContactAttributes"> = {
  type: "UpdateContactAttributes",
  async run(ctx) {
    const raw = (ctx.params.Attributes ?? {}) as Record<string, unknown>;
    const next = { ...ctx.contact.data.Attributes };
    for (const [k, v] of Object.entries(raw)) {
      const key = resolveText(ctx.contact.data, k);
      if (!KEY.test(key)) return fail("NoMatchingError", `invalid attribute key ${key}`);
      next[key] = resolveText(ctx.contact.data, v);
    }
    if (Buffer.byteLength(JSON.stringify(next), "utf8") > MAX_ATTRIBUTES_BYTES) {
      return fail("NoMatchingError", "contact attributes over 32 KB");
    }
    ctx.contact.data.Attributes = next;
    return NEXT;
  },
};
