import type { EmulatorContext } from "../context.js";
import { json, type LocalService } from "../service.js";

// In AWS an EventBridge rule runs the retry Lambda every 5 minutes; locally once a minute keeps demos lively.
const INTERVAL_MS = 60_000;

/**
 * The scheduled SMS retry, run in-process like the other Lambdas: `POST /_local/sms/retry` runs it now, and a
 * timer runs it every minute.
 */
export function createSmsRetryService(ctx: EmulatorContext): LocalService {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => (await ctx.lambdas.smsRetry())();
  return {
    name: "sms-retry",
    match: (req) => req.path === "/_local/sms/retry",
    async handle(req) {
      if (req.method !== "POST")
        return json(405, { message: `Method ${req.method} not allowed` }, { allow: "POST" });
      try {
        return json(200, await run());
      } catch (error) {
        return json(500, { message: `SMS retry failed: ${(error as Error).message}` });
      }
    },
    async start() {
      timer = setInterval(() => {
        run().catch((error: unknown) => ctx.logger.warn("sms retry run failed", { error: String(error) }));
      }, INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
