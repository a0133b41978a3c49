import { maskPhone } from "../fulfillment/src/domain/phone.js";
import type { EmulatorContext } from "./context.js";
import { resetDemo } from "./seed/reset-demo.js";
import { json, type LocalService } from "./service.js";

/**
 * `/_local/sms` and `/_local/callbacks`: what the bot sent, for people and tests (GET lists, DELETE clears);
 * `POST /_local/reset`: the demo orders back as seeded, SMS outbox and callbacks emptied.
 */
export function createLocalAdminService(ctx: EmulatorContext): LocalService {
  const lists = {
    "/_local/sms": () => ({
      get: () =>
        ctx.sms
          .list()
          .map(({ phoneNumber, message, at, messageId }) => ({ phoneNumber, message, at, messageId })),
      clear: () => ctx.sms.clear(),
    }),
    // Numbers masked like the console masks them: /_local is readable by any local process.
    "/_local/callbacks": () => ({
      get: () =>
        ctx.callbacks.list().map((c) => ({
          ...c,
          phoneNumber: maskPhone(c.phoneNumber),
          attributes: Object.fromEntries(
            Object.entries(c.attributes).map(([k, v]) => [k, k === "callbackNumber" ? maskPhone(v) : v]),
          ),
        })),
      clear: () => ctx.callbacks.clear(),
    }),
  } as const;
  return {
    name: "local-admin",
    match: (req) => req.path in lists || req.path === "/_local/reset",
    async handle(req) {
      if (req.path === "/_local/reset") {
        if (req.method !== "POST") return json(405, { message: "POST /_local/reset" }, { allow: "POST" });
        const result = await resetDemo(ctx);
        ctx.logger.info("demo data reset", { ...result });
        return json(200, result);
      }
      const list = lists[req.path as keyof typeof lists]();
      if (req.method === "GET") return json(200, list.get());
      if (req.method === "DELETE") {
        list.clear();
        return { status: 204 };
      }
      return json(405, { message: `Method ${req.method} not allowed` }, { allow: "GET, DELETE" });
    },
  };
}
