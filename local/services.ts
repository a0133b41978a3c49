import { createConnectService } from "./connect/connect-service.js";
import { createConnectTestCaseService } from "./connect-test-cases/connect-test-case-service.js";
import type { EmulatorContext } from "./context.js";
import { createLexModelsService } from "./lex-models/lex-models-service.js";
import type { LocalService } from "./service.js";
import { createSmsRetryService } from "./sms-retry/sms-retry-service.js";
import { createWebService } from "./web/web-service.js";

/** Builds one service of the shared endpoint from the emulator context. */
export type ServiceFactory = (ctx: EmulatorContext) => LocalService | Promise<LocalService>;

/**
 * Services other parts of the emulator add (Connect chat and flows, web console). Register with one line here;
 * they are matched after the AWS services (DynamoDB, Lex, SNS, Connect tasks) and before the 404.
 */
export const extraServiceFactories: ServiceFactory[] = [
  (ctx) => createConnectService(ctx),
  createWebService,
  createSmsRetryService,
  (ctx) => createLexModelsService(ctx),
  (ctx) => createConnectTestCaseService(ctx),
];
