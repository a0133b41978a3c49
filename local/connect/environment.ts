import type { ConnectContactFlowEvent } from "aws-lambda";
import type { Fidelity } from "../fidelity.js";
import type { CallbackRequest, Contact } from "./contact-types.js";
import type { FlowRegistry } from "./flow-registry.js";
import type { LexRuntime } from "./lex-runtime.js";

/** The Connect-invoked Lambda's handler as the emulator runs it in-process. */
export type ConnectLambdaHandler = (event: ConnectContactFlowEvent, context?: unknown) => Promise<unknown>;

/** A queue as flows see it. */
export interface QueueInfo {
  id: string;
  arn: string;
  name: string;
  hoursArn: string;
}

/** Everything outside the contact a block may need: the other flows, Lambdas, Lex, queues, hours. */
export interface FlowEnvironment {
  flows: FlowRegistry;
  /** The handler behind a Lambda ARN, or undefined when none is registered. */
  lambda(arn: string): Promise<ConnectLambdaHandler | undefined>;
  lex: LexRuntime;
  /** Is the hours of operation `hoursRef` (ARN or id) open now for this contact? */
  hoursOpen(hoursRef: string, contact: Contact): boolean;
  queue(ref: string): QueueInfo | undefined;
  queueAtCapacity(queue: QueueInfo): boolean;
  region: string;
  /** Used when `$.LanguageCode` does not name a bot locale. */
  defaultLocaleId: string;
  /** Connect's retry budget for throttled/5xx Lambda calls. @default 8000 */
  lambdaRetryBudgetMs?: number;
  /**
   * Undocumented Connect behaviour, played one way or the other (local/fidelity.ts, local/FIDELITY.md).
   * @default Failed closes to the intent branch; session attributes dropped between bot blocks
   */
  fidelity?: Partial<Pick<Fidelity, "failedCloseBranch" | "keepSessionAttributesAcrossBotBlocks">>;
  onQueued?(contact: Contact, queue: QueueInfo): void;
  onCallback?(contact: Contact, callback: CallbackRequest): void;
}
