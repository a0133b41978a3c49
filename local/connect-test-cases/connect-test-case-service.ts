import type { Contact } from "../connect/contact.js";
import type { ConnectLambdaHandler } from "../connect/environment.js";
import { createSdkLexRuntime } from "../connect/lex-runtime.js";
import { LocalConnect } from "../connect/local-connect.js";
import type { EmulatorContext } from "../context.js";
import { json, type LocalResponse, type LocalService } from "../service.js";
import { localTestTarget } from "./local-test-target.js";
import { handleTestCaseApi, matchesTestCaseApi } from "./test-case-api.js";
import { TestCaseRegistry } from "./test-case-registry.js";
import type { TestRunTarget } from "./test-case-runner.js";

/** `GET /_local/test-case-executions/{executionId}`: what the test's contact heard and did (local only). */
export const TRANSCRIPT_PATH = "/_local/test-case-executions/";

export interface ConnectTestCaseServiceOptions {
  /**
   * Longest a local execution may run (`ORDERLINE_TEST_CASE_TIMEOUT_MS`).
   * @default 300000 (5 minutes, like Connect)
   */
  timeoutMs?: number;
  /**
   * `Similarity` threshold, 0..1 (`ORDERLINE_SIMILARITY_THRESHOLD`).
   * @default 0.8
   */
  similarityThreshold?: number;
}

/** Connect's test-case API (Test and simulation) on the emulator: test cases run over the local flows. */
export function createConnectTestCaseService(
  ctx: EmulatorContext,
  options: ConnectTestCaseServiceOptions = {},
): LocalService {
  const lex = createSdkLexRuntime(() => ctx.endpoint, ctx.region);
  const connectHandler = async () => (await ctx.lambdas.connect()) as unknown as ConnectLambdaHandler;
  // Its own instance of the local flows: test contacts never touch the console's hours, queue or faults.
  const connect = new LocalConnect({
    instanceId: ctx.connect.instanceId,
    region: ctx.region,
    botId: ctx.bot.botId,
    botAliasId: ctx.bot.botAliasId,
    lex,
    connectHandler,
    // The emulator's switches for undocumented Connect behaviour (local/FIDELITY.md).
    fidelity: ctx.fidelity,
  });
  let target: TestRunTarget | undefined;
  const contacts = new Map<string, Contact>();
  const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const registry = new TestCaseRegistry({
    instanceId: ctx.connect.instanceId,
    instanceArn: connect.instanceArn,
    region: ctx.region,
    target: () => {
      target ??= {
        ...localTestTarget({ connect, lex, connectHandler, region: ctx.region }),
        onContact: (contact) => contacts.set(contact.id, contact),
      };
      return target;
    },
    timeoutMs: options.timeoutMs ?? envNumber("ORDERLINE_TEST_CASE_TIMEOUT_MS"),
    similarityThreshold: options.similarityThreshold ?? envNumber("ORDERLINE_SIMILARITY_THRESHOLD"),
  });
  return {
    name: "connect-test-cases",
    match: (req) => matchesTestCaseApi(req) || req.path.startsWith(TRANSCRIPT_PATH),
    handle: async (req) =>
      req.path.startsWith(TRANSCRIPT_PATH)
        ? executionTranscript(registry, contacts, decodeURIComponent(req.path.slice(TRANSCRIPT_PATH.length)))
        : handleTestCaseApi(registry, req),
    health: () => ({ connectTestCases: { testCases: registry.testCases.size } }),
    stop: () => registry.stopAll(),
  };
}

function executionTranscript(
  registry: TestCaseRegistry,
  contacts: Map<string, Contact>,
  executionId: string,
): LocalResponse {
  const e = registry.executions.find((x) => x.TestCaseExecutionId === executionId);
  if (!e) return json(404, { message: `No execution ${executionId}` });
  const contact = e.result?.contactId ? contacts.get(e.result.contactId) : undefined;
  return json(200, {
    executionId,
    testCaseId: e.TestCaseId,
    status: e.Status,
    failure: e.result?.failure,
    contactId: contact?.id,
    transcript: contact?.transcript ?? [],
    path: contact?.path ?? [],
    lambdaInvocations: contact?.lambda ?? [],
    lexTurns: contact?.lex ?? [],
    attributes: contact?.data.Attributes,
  });
}
