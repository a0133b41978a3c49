import { placeholder } from "../placeholders.js";
import type { ActionSpec } from "./action-contract.js";
import { always, equals, errors, FlowBuilder, LOCALE_ATTRIBUTE } from "./flow-builder.js";
import type { FlowInputs } from "./flow-config.js";
import type { FlowContent, FlowTransitions } from "./flow-types.js";
import { addQueuedCallback } from "./queued-callback.js";

/**
 * The DTMF fallback (voice): a keypad menu for cancel (1), change shipping date (2), callback (3) and an
 * agent (0); the order number keyed with `#` when needed, confirmation with 1/2, the date as `YYYYMMDD`.
 */
export function buildKeypadMenuFlow(inputs: FlowInputs): FlowContent {
  const { config } = inputs;
  const b = new FlowBuilder(inputs);
  const lambda = (action: string, parameters: Record<string, string> = {}) => ({
    LambdaFunctionARN: placeholder("ConnectLambdaArn"),
    InvocationTimeLimitSeconds: String(config.lambdaTimeoutSeconds),
    ResponseValidation: { ResponseType: "STRING_MAP" },
    LambdaInvocationAttributes: { action, locale: LOCALE_ATTRIBUTE, ...parameters },
  });
  const menuKeys = (keys: Record<string, string>, onError: string): FlowTransitions => ({
    Conditions: Object.entries(keys).map(([key, next]) => equals(key, next)),
    Errors: errors({
      InputTimeLimitExceeded: onError,
      NoMatchingCondition: onError,
      NoMatchingError: onError,
    }),
  });
  const keyed = (
    t: (k: string, v?: Record<string, string>) => string,
    key: string,
    maxLength: number,
  ): ActionSpec<"GetParticipantInput"> => ({
    type: "GetParticipantInput",
    parameters: {
      Text: t(key),
      InputTimeLimitSeconds: String(config.menuTimeoutSeconds),
      StoreInput: "True",
      InputValidation: { CustomValidation: { MaximumLength: String(maxLength) } },
      DTMFConfiguration: { InputTerminationSequence: "#", DisableCancelKey: "False" },
    },
  });
  const menu = (t: (k: string) => string, key: string): ActionSpec<"GetParticipantInput"> => ({
    type: "GetParticipantInput",
    parameters: {
      Text: t(key),
      InputTimeLimitSeconds: String(config.menuTimeoutSeconds),
      StoreInput: "False",
    },
  });

  b.localized(
    "menu",
    (t) => menu(t, "keypadMenu"),
    menuKeys(
      { "1": "task-cancel", "2": "task-change", "3": "callback-number", "0": "to-agent" },
      "menu-retry",
    ),
  );
  b.add(
    "menu-retry",
    "Loop",
    { LoopCount: "2" },
    { Conditions: [equals("ContinueLooping", "menu-invalid"), equals("DoneLooping", "to-agent")] },
  );
  b.say("menu-invalid", "keypadInvalid", "menu");

  // Which order: the caller's only open order, else the number keyed with '#'.
  b.add(
    "task-cancel",
    "UpdateFlowAttributes",
    { FlowAttributes: { task: { Value: "cancel" } } },
    always("describe-order"),
  );
  b.add(
    "task-change",
    "UpdateFlowAttributes",
    { FlowAttributes: { task: { Value: "change" } } },
    always("describe-order"),
  );
  b.add("describe-order", "InvokeLambdaFunction", lambda("describeOrder"), {
    NextAction: "describe-result",
    Errors: errors({ NoMatchingError: "technical-error" }),
  });
  b.add(
    "describe-result",
    "Compare",
    { ComparisonValue: "$.External.result" },
    {
      Conditions: [
        equals("FOUND", "order-found"),
        equals("CHOOSE", "ask-order-number"),
        equals("NOT_FOUND", "ask-order-number"),
      ],
      Errors: errors({ NoMatchingCondition: "technical-error" }),
    },
  );
  b.localized("ask-order-number", (t) => keyed(t, "enterOrderNumber", 10), {
    NextAction: "describe-keyed-order",
    Errors: errors({ NoMatchingError: "order-retry" }),
  });
  b.add(
    "describe-keyed-order",
    "InvokeLambdaFunction",
    lambda("describeOrder", { orderId: "$.StoredCustomerInput" }),
    {
      NextAction: "keyed-result",
      Errors: errors({ NoMatchingError: "technical-error" }),
    },
  );
  b.add(
    "keyed-result",
    "Compare",
    { ComparisonValue: "$.External.result" },
    {
      Conditions: [equals("FOUND", "order-found"), equals("ERROR", "technical-error")],
      Errors: errors({ NoMatchingCondition: "say-not-found" }),
    },
  );
  b.add("say-not-found", "MessageParticipant", { Text: "$.External.message" }, always("order-retry"));
  b.add(
    "order-retry",
    "Loop",
    { LoopCount: "1" },
    { Conditions: [equals("ContinueLooping", "ask-order-number"), equals("DoneLooping", "to-agent")] },
  );
  b.add(
    "order-found",
    "UpdateFlowAttributes",
    { FlowAttributes: { orderId: { Value: "$.External.orderId" } } },
    always("which-task"),
  );
  b.add(
    "which-task",
    "Compare",
    { ComparisonValue: "$.FlowAttributes.task" },
    { Conditions: [equals("cancel", "confirm-cancel")], Errors: errors({ NoMatchingCondition: "ask-date" }) },
  );

  // Cancel: confirm with 1/2.
  b.localized(
    "confirm-cancel",
    (t) => ({
      type: "GetParticipantInput",
      parameters: {
        Text: t("confirmCancel", { orderId: "$.External.orderId", itemName: "$.External.itemName" }),
        InputTimeLimitSeconds: String(config.menuTimeoutSeconds),
        StoreInput: "False",
      },
    }),
    menuKeys({ "1": "cancel-order", "2": "menu" }, "menu"),
  );
  b.add(
    "cancel-order",
    "InvokeLambdaFunction",
    lambda("cancelOrder", { orderId: "$.FlowAttributes.orderId" }),
    {
      NextAction: "say-result",
      Errors: errors({ NoMatchingError: "technical-error" }),
    },
  );

  // Change the shipping date: 8 digits, a dry run that phrases the question, then 1/2.
  b.localized("ask-date", (t) => keyed(t, "enterDate", 8), {
    NextAction: "save-date",
    Errors: errors({ NoMatchingError: "date-retry" }),
  });
  b.add(
    "save-date",
    "UpdateFlowAttributes",
    { FlowAttributes: { date: { Value: "$.StoredCustomerInput" } } },
    always("check-date"),
  );
  b.add(
    "check-date",
    "InvokeLambdaFunction",
    lambda("changeShippingDate", {
      orderId: "$.FlowAttributes.orderId",
      date: "$.FlowAttributes.date",
      dryRun: "true",
    }),
    { NextAction: "check-date-result", Errors: errors({ NoMatchingError: "technical-error" }) },
  );
  b.add(
    "check-date-result",
    "Compare",
    { ComparisonValue: "$.External.result" },
    {
      Conditions: [
        equals("VALID", "confirm-date"),
        equals("INVALID_DATE", "say-invalid-date"),
        equals("ERROR", "technical-error"),
      ],
      Errors: errors({ NoMatchingCondition: "say-result" }),
    },
  );
  b.add("say-invalid-date", "MessageParticipant", { Text: "$.External.message" }, always("date-retry"));
  b.add(
    "date-retry",
    "Loop",
    { LoopCount: "2" },
    { Conditions: [equals("ContinueLooping", "ask-date"), equals("DoneLooping", "to-agent")] },
  );
  b.localized(
    "confirm-date",
    (t) => ({
      type: "GetParticipantInput",
      parameters: {
        Text: t("confirmDate", { question: "$.External.message" }),
        InputTimeLimitSeconds: String(config.menuTimeoutSeconds),
        StoreInput: "False",
      },
    }),
    menuKeys({ "1": "change-date", "2": "menu" }, "menu"),
  );
  b.add(
    "change-date",
    "InvokeLambdaFunction",
    lambda("changeShippingDate", { orderId: "$.FlowAttributes.orderId", date: "$.FlowAttributes.date" }),
    { NextAction: "say-result", Errors: errors({ NoMatchingError: "technical-error" }) },
  );

  // The result as the Lambda phrased it; a system error goes to an agent.
  b.add("say-result", "MessageParticipant", { Text: "$.External.message" }, always("result-check"));
  b.add(
    "result-check",
    "Compare",
    { ComparisonValue: "$.External.result" },
    { Conditions: [equals("ERROR", "to-agent")], Errors: errors({ NoMatchingCondition: "anything-else" }) },
  );
  b.localized(
    "anything-else",
    (t) => menu(t, "keypadAnythingElse"),
    menuKeys({ "1": "menu", "2": "goodbye" }, "goodbye"),
  );

  addQueuedCallback(b, config, "callback-number", "goodbye", "to-agent");

  b.add(
    "to-agent",
    "TransferToFlow",
    { ContactFlowId: placeholder("AgentTransferFlowArn") },
    { Errors: errors({ NoMatchingError: "transfer-failed" }) },
  );
  b.say("technical-error", "technicalErrorToAgent", "to-agent");
  b.say("transfer-failed", "technicalError", "disconnect");
  b.say("goodbye", "goodbye", "disconnect");
  b.add("disconnect", "DisconnectParticipant", {}, {});

  return b.build("menu", {
    name: "Orderline keypad menu",
    description: "DTMF fallback after two bot failures: cancel, change shipping date, callback, agent.",
    type: "CONTACT_FLOW",
  });
}
