import { Logger } from "@aws-lambda-powertools/logger";
import type { Dependencies } from "./ports.js";
import { resendFailedSms } from "./services/order-actions.js";
import { createAwsDependencies } from "./wiring.js";

/** Lambda entry run on a schedule (EventBridge): resends the confirmation SMS that SNS refused earlier. */
const logger = new Logger({ serviceName: "orderline-sms-retry" });
let deps: Dependencies | undefined;

export async function handler(): Promise<{ sent: number; failed: number; skipped: number }> {
  deps ??= createAwsDependencies();
  const counts = await resendFailedSms(deps, logger);
  if (counts.sent + counts.failed > 0) logger.info("sms retry run", counts);
  return counts;
}
