export type { CallerInput, ContactEvent, ContactState, LambdaRecord, LexTurnRecord } from "./contact.js";
export { Contact } from "./contact.js";

/** A queued callback created by `CreateCallbackContact`. */
export interface CallbackRequest {
  contactId: string;
  number: string;
  queue: string;
  queueArn: string;
  delaySeconds: number;
  maxAttempts: number;
  retryDelaySeconds: number;
  attributes: Record<string, string>;
  at: string;
}
