import { placeholder } from "../placeholders.js";
import { errors, type FlowBuilder } from "./flow-builder.js";
import type { FlowConfig } from "./flow-config.js";

/**
 * A queued callback to the caller's number on the agent queue
 * (`UpdateContactCallbackNumber` + `CreateCallbackContact`), then a confirmation and `next`.
 */
export function addQueuedCallback(
  b: FlowBuilder,
  config: FlowConfig,
  id: string,
  next: string,
  onError: string,
): void {
  b.add(
    id,
    "UpdateContactCallbackNumber",
    { CallbackNumber: "$.CustomerEndpoint.Address" },
    {
      NextAction: `${id}-queue`,
      Errors: errors({
        InvalidCallbackNumber: onError,
        CallbackNumberNotDialable: onError,
        NoMatchingError: onError,
      }),
    },
  );
  b.add(
    `${id}-queue`,
    "UpdateContactTargetQueue",
    { QueueId: placeholder("AgentQueueArn") },
    { NextAction: `${id}-create`, Errors: errors({ NoMatchingError: onError }) },
  );
  b.add(
    `${id}-create`,
    "CreateCallbackContact",
    {
      InitialCallDelaySeconds: String(config.callback.initialCallDelaySeconds),
      MaximumConnectionAttempts: String(config.callback.maximumConnectionAttempts),
      RetryDelaySeconds: String(config.callback.retryDelaySeconds),
    },
    { NextAction: `${id}-confirmed`, Errors: errors({ NoMatchingError: onError }) },
  );
  b.say(`${id}-confirmed`, "callbackScheduled", next);
}
