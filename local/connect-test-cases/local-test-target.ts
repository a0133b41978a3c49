import type { ConnectLambdaHandler, FlowEnvironment } from "../connect/environment.js";
import type { LexRuntime } from "../connect/lex-runtime.js";
import { LOCAL_DIALED_NUMBERS, LOCAL_FLOW_IDS, type LocalConnect } from "../connect/local-connect.js";
import { sameResource } from "./system-overrides.js";
import type { TestRunTarget } from "./test-case-runner.js";

export interface LocalTestTargetOptions {
  /** The local instance: its flows (placeholders filled with local ARNs), queue and hours. */
  connect: LocalConnect;
  lex: LexRuntime;
  /** The real Connect-invoked Lambda, run in-process. */
  connectHandler: () => Promise<ConnectLambdaHandler>;
  region: string;
}

/**
 * The emulator as a test-run target: Orderline's flows with the real Lambda and bot. Hours are open and the
 * queue has room unless a test overrides them, so a test case gives the same answer on every run; test
 * contacts do not see `/_local/connect/hours` or injected Lambda faults (those are for the console).
 */
export function localTestTarget(o: LocalTestTargetOptions): TestRunTarget {
  const connect = o.connect;
  let handler: Promise<ConnectLambdaHandler> | undefined;
  const env: FlowEnvironment = {
    flows: connect.flows,
    lambda: async (arn) => {
      if (!sameResource(arn, connect.lambdaArn)) return undefined;
      handler ??= o.connectHandler();
      return handler;
    },
    lex: o.lex,
    hoursOpen: (ref) => sameResource(ref, connect.queue.hoursArn),
    queue: (ref) => (sameResource(ref, connect.queue.arn) ? connect.queue : undefined),
    queueAtCapacity: () => false,
    region: o.region,
    defaultLocaleId: "en_US",
    // The instance's switches for undocumented Connect behaviour (local/FIDELITY.md).
    fidelity: connect.fidelity,
  };
  return {
    flows: connect.flows,
    env,
    instanceArn: connect.instanceArn,
    flowForNumber: (number) =>
      Object.values(LOCAL_DIALED_NUMBERS).includes(number) ? LOCAL_FLOW_IDS.inbound : undefined,
    // A substituted queue the local instance lacks: a queue named after the ARN's id (ask for it by that name).
    substituteQueue: (arn) => {
      const id = arn.split("/").at(-1) ?? arn;
      return { id, arn, name: id, hoursArn: connect.queue.hoursArn };
    },
  };
}
