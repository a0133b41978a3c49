import { describe, expect, it } from "vitest";
import type { FlowAction } from "../../flows/src/flow-types.js";
import { parseTestCase } from "../../flows/src/testing-language.js";
import { SUPPORTED_ACTION_TYPES } from "../../local/connect/blocks/index.js";
import type { FlowEnvironment } from "../../local/connect/environment.js";
import { FlowRegistry, loadFlow } from "../../local/connect/flow-registry.js";
import {
  MAX_CONCURRENT_EXECUTIONS,
  TestCaseRegistry,
} from "../../local/connect-test-cases/test-case-registry.js";
import {
  type RunOptions,
  runTestCase,
  type TestRunTarget,
} from "../../local/connect-test-cases/test-case-runner.js";

// A small flow exercising every overridable action: Lambda → hours → queue → bot → transfer.
const LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:status";
const ALIAS = "arn:aws:lex:us-east-1:000000000000:bot-alias/BOT1/ALIAS1";
const err = (to: string, ...types: string[]) => types.map((t) => ({ ErrorType: t, NextAction: to }));
const say = (id: string, text: string, next: string): FlowAction => ({
  Identifier: id,
  Type: "MessageParticipant",
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: err(next, "NoMatchingError") },
});
const FLOW: FlowAction[] = [
  {
    Identifier: "lambda",
    Type: "InvokeLambdaFunction",
    Parameters: {
      LambdaFunctionARN: LAMBDA,
      InvocationTimeLimitSeconds: "3",
      LambdaInvocationAttributes: { action: "status" },
    },
    Transitions: { NextAction: "say-status", Errors: err("say-failed", "NoMatchingError") },
  },
  say("say-status", "Status $.External.status", "hours"),
  say("say-failed", "The lookup failed", "hours"),
  {
    Identifier: "hours",
    Type: "CheckHoursOfOperation",
    Parameters: { HoursOfOperationId: "hours-main" },
    Transitions: {
      Conditions: [
        { NextAction: "set-queue", Condition: { Operator: "Equals", Operands: ["True"] } },
        { NextAction: "closed", Condition: { Operator: "Equals", Operands: ["False"] } },
      ],
      Errors: err("closed", "NoMatchingError"),
    },
  },
  say("closed", "We are closed", "bye"),
  {
    Identifier: "set-queue",
    Type: "UpdateContactTargetQueue",
    Parameters: { QueueId: "queue-main" },
    Transitions: { NextAction: "bot", Errors: err("bye", "NoMatchingError") },
  },
  {
    Identifier: "bot",
    Type: "ConnectParticipantWithLexBot",
    Parameters: { Text: "How can I help?", LexV2Bot: { AliasArn: ALIAS } },
    Transitions: {
      Conditions: [
        { NextAction: "transfer", Condition: { Operator: "Equals", Operands: ["TransferToAgent"] } },
      ],
      Errors: err("bye", "NoMatchingCondition", "InputTimeLimitExceeded", "NoMatchingError"),
    },
  },
  {
    Identifier: "transfer",
    Type: "TransferContactToQueue",
    Parameters: {},
    Transitions: { Errors: [...err("busy", "QueueAtCapacity"), ...err("bye", "NoMatchingError")] },
  },
  say("busy", "All agents are busy", "bye"),
  say("bye", "Goodbye", "end"),
  { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
];

function target(lambda: () => Promise<unknown> = async () => ({ status: "SHIPPED" })): TestRunTarget {
  const flows = new FlowRegistry();
  flows.add(
    loadFlow(
      { Version: "2019-10-30", StartAction: "lambda", Metadata: {}, Actions: FLOW },
      {
        key: "f",
        id: "f",
        arn: "arn:aws:connect:us-east-1:000000000000:instance/i/contact-flow/f",
        name: "f",
        type: "CONTACT_FLOW",
      },
      SUPPORTED_ACTION_TYPES,
    ),
  );
  const queue = { id: "queue-main", arn: "arn:q/queue-main", name: "Main", hoursArn: "hours-main" };
  const env: FlowEnvironment = {
    flows,
    lambda: async (arn) => (arn === LAMBDA ? async () => lambda() : undefined),
    lex: {
      recognizeText: async (i) => ({
        messages: [],
        sessionState: {
          dialogAction: { type: "Close" },
          intent: {
            name: i.text.includes("agent") ? "TransferToAgent" : "FallbackIntent",
            state: "Fulfilled",
          },
        },
      }),
    },
    hoursOpen: (ref) => ref === "hours-main",
    queue: (ref) => (ref === queue.id || ref === queue.arn ? queue : undefined),
    queueAtCapacity: () => false,
    region: "us-east-1",
    defaultLocaleId: "en_US",
  };
  return { flows, env, instanceArn: "arn:aws:connect:us-east-1:000000000000:instance/i" };
}

const entryPoint = {
  Type: "VOICE_CALL" as const,
  VoiceCallEntryPointParameters: { SourcePhoneNumber: "+15550100", FlowId: "f" },
};
type Json = Record<string, unknown>;
const ev = (Type: string, Properties: Json = {}) => ({ Identifier: "e", Type, Actor: "System", Properties });
const message = (Text: string, Type = "Inclusion") =>
  ev("MessageReceived", { Text, MatchingCriteria: { Type } });
const override = (ActionType: string, ActionParameters: Json, Strategy: Json) => ({
  Identifier: `override ${ActionType}`,
  Type: "OverrideSystemBehavior",
  Parameters: {
    ActionType: "OverrideSystemBehavior",
    Behavior: { Type: "FlowAction", Properties: { ActionType, ActionParameters, Strategy } },
  },
});
const mock = (Response: Json) => ({ Type: "MockResponse", Response });
const assert = (Namespace: string, Operator: string, Operand?: string) => ({
  Identifier: `assert ${Namespace}`,
  Type: "Assert",
  Parameters: { Namespace, Operator, Operand },
});
const endTest = {
  Identifier: "end",
  Type: "TestControl",
  Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } },
};

/** Observations in sequence (each the next one's predecessor) plus unlinked ones. */
async function run(observations: Json[], t = target(), options: RunOptions = {}, unlinked: Json[] = []) {
  const linked = observations.map((o, i) => ({
    Actions: [],
    ...o,
    Transitions: { NextObservations: observations[i + 1] ? [observations[i + 1]!.Identifier] : [] },
  }));
  const doc = parseTestCase({
    Version: "2025-06-21",
    Observations: [...linked, ...unlinked.map((o) => ({ Actions: [], ...o }))],
  });
  return runTestCase(doc, t, { entryPoint, ...options });
}
const start = (...actions: Json[]) => ({ Identifier: "start", Event: ev("TestInitiated"), Actions: actions });

describe("the test-case runner", () => {
  it("runs the real Lambda and reads its result under both namespaces", async () => {
    const r = await run([
      {
        Identifier: "status",
        Event: ev("FlowActionCompleted", {
          ActionType: "InvokeLambdaFunction",
          ActionParameters: { LambdaFunctionARN: LAMBDA },
        }),
        Actions: [
          assert("$.External.status", "Equals", "SHIPPED"),
          assert("$.LambdaInvocation.ResultData.status", "TextStartsWith", "SHIP"),
        ],
      },
      { Identifier: "said", Event: message("Status SHIPPED"), Actions: [endTest] },
    ]);
    expect(r.status).toBe("PASSED");
  });

  it("mocks a Lambda's LoadedData, and its DelaySeconds past the time limit takes the Error branch", async () => {
    const result = (delay: number) =>
      mock({
        Type: "ExecutionResult",
        ExecutionResult: { DelaySeconds: delay, LoadedData: '{"status":"MOCKED"}' },
      });
    const ok = await run([
      start(override("InvokeLambdaFunction", { LambdaFunctionARN: LAMBDA }, result(1))),
      { Identifier: "said", Event: message("Status MOCKED"), Actions: [endTest] },
    ]);
    expect(ok.status).toBe("PASSED");
    const late = await run([
      start(override("InvokeLambdaFunction", { LambdaFunctionARN: "status" }, result(4))),
      { Identifier: "failed", Event: message("The lookup failed"), Actions: [endTest] },
    ]);
    expect(late.status).toBe("PASSED");
  });

  it("mocks the hours, the bot and a full queue without any customer input", async () => {
    const r = await run([
      start(
        override(
          "CheckHoursOfOperation",
          { HoursOfOperationId: "hours-main" },
          mock({ Type: "ExecutionResult", ExecutionResult: { Value: "InHours" } }),
        ),
        override(
          "ConnectParticipantWithLexBot",
          { LexV2Bot: { AliasArn: ALIAS } },
          mock({
            Type: "ExecutionResult",
            ExecutionResult: { LoadedData: '{"IntentName":"TransferToAgent","Slots":{"OrderId":"42"}}' },
          }),
        ),
        override(
          "TransferContactToQueue",
          { QueueId: "arn:q/queue-main" },
          mock({ Type: "Error", Error: { Value: "QueueAtCapacity" } }),
        ),
      ),
      {
        Identifier: "bot done",
        Event: ev("FlowActionCompleted", {
          ActionType: "ConnectParticipantWithLexBot",
          ActionParameters: { LexV2Bot: { AliasArn: ALIAS } },
        }),
        Actions: [
          assert("$.Lex.IntentName", "Equals", "TransferToAgent"),
          assert("$.Lex.Slots.OrderId", "NumberGreaterThan", "41"),
        ],
      },
      { Identifier: "busy", Event: message("All agents are busy") },
      {
        Identifier: "completed",
        Event: ev("TestCompleted"),
        Actions: [assert("$.Queue.Name", "Equals", "Main")],
      },
    ]);
    expect(r.failure).toBeUndefined();
    expect(r.status).toBe("PASSED");
  });

  it("takes the hours block's Error branch when the hours are mocked to fail", async () => {
    const r = await run([
      start(
        override(
          "CheckHoursOfOperation",
          { HoursOfOperationId: "hours-main" },
          mock({ Type: "Error", Error: { Value: "NoMatchingError" } }),
        ),
      ),
      { Identifier: "closed", Event: message("We are closed"), Actions: [endTest] },
    ]);
    expect(r.failure).toBeUndefined();
    expect(r.status).toBe("PASSED");
  });

  it("closes when the hours are mocked OutOfHours", async () => {
    const r = await run([
      start(
        override(
          "CheckHoursOfOperation",
          { HoursOfOperationId: "hours-main" },
          mock({ Type: "ExecutionResult", ExecutionResult: { Value: "OutOfHours" } }),
        ),
      ),
      { Identifier: "closed", Event: message("We are closed"), Actions: [endTest] },
    ]);
    expect(r.status).toBe("PASSED");
  });

  it("sends utterances, counts unlinked observations and enforces AtMost", async () => {
    const r = await run(
      [
        {
          Identifier: "asked",
          Event: message("How can I help?", "Similarity"),
          Actions: [
            {
              Identifier: "u",
              Type: "SendInstruction",
              Parameters: {
                ActionType: "SendInstruction",
                Actor: "Customer",
                Instruction: { Type: "Utterance", Properties: { Value: "an agent please" } },
              },
            },
          ],
        },
        {
          Identifier: "queued",
          Event: ev("FlowActionStarted", {
            ActionType: "TransferContactToQueue",
            ActionParameters: { QueueId: "queue-main" },
          }),
          Actions: [endTest],
        },
      ],
      target(),
      {},
      [
        {
          Identifier: "every message",
          Event: ev("FlowActionStarted", { ActionType: "MessageParticipant" }),
          Usage: { Type: "Always" },
        },
        {
          Identifier: "one message at most",
          Event: ev("FlowActionStarted", { ActionType: "MessageParticipant" }),
          Usage: { Type: "AtMost", Times: 1 },
        },
        {
          Identifier: "log",
          Event: ev("FlowActionStarted", { ActionType: "ConnectParticipantWithLexBot" }),
          Actions: [
            {
              Identifier: "log",
              Type: "TestControl",
              Parameters: {
                ActionType: "TestControl",
                Command: { Type: "LogData", Properties: { Expressions: { queue: "$.Queue.Name" } } },
              },
            },
          ],
        },
      ],
    );
    const byId = Object.fromEntries(r.observations.map((o) => [o.ObservationId, o]));
    expect(byId.asked!.Status).toBe("PASSED");
    expect(byId.queued!.Status).toBe("PASSED");
    expect(byId["every message"]!.Status).toBe("PASSED");
    expect(byId.log!.Record.LoggedData).toEqual({ queue: "Main" });
    expect(byId["one message at most"]!.Record.Matches).toBe(1);
    expect(r.status).toBe("PASSED");
    // A failed lookup, then silence at the bot: two messages (the failure and the goodbye).
    const twice = await run(
      [{ Identifier: "bye", Event: message("Goodbye"), Actions: [endTest] }],
      target(async () => Promise.reject(new Error("boom"))),
      {},
      [
        {
          Identifier: "one message at most",
          Event: ev("FlowActionStarted", { ActionType: "MessageParticipant" }),
          Usage: { Type: "AtMost", Times: 1 },
        },
      ],
    );
    expect(twice.status).toBe("FAILED");
    const never = await run(
      [{ Identifier: "bye", Event: message("Goodbye"), Actions: [endTest] }],
      target(),
      {},
      [
        {
          Identifier: "no failure message",
          Event: message("The lookup failed"),
          Usage: { Type: "Exactly", Times: 0 },
        },
      ],
    );
    expect(never.status).toBe("PASSED");
    const seen = await run(
      [{ Identifier: "bye", Event: message("Goodbye"), Actions: [endTest] }],
      target(async () => Promise.reject(new Error("boom"))),
      {},
      [
        {
          Identifier: "no failure message",
          Event: message("The lookup failed"),
          Usage: { Type: "Exactly", Times: 0 },
        },
      ],
    );
    expect(seen.observations[1]!.Record.FailureReason).toBe("observed, but Exactly 0 expected");
    expect(twice.observations[1]!.Record.FailureReason).toBe("observed 2 times, at most 1 expected");
  });

  it("times out (configurable) and stops", async () => {
    const hang = () => new Promise(() => {});
    const timedOut = await run([{ Identifier: "never", Event: message("Status") }], target(hang), {
      timeoutMs: 100,
    });
    expect(timedOut.status).toBe("FAILED");
    expect(timedOut.failure).toBe("timed out after 0.1 s");
    expect(timedOut.observations[0]!.Record.FailureReason).toMatch(
      /observed 0 of 1 time\(s\) \(timed out after 0.1 s\)/,
    );
    const abort = new AbortController();
    const running = run([{ Identifier: "never", Event: message("Status") }], target(hang), {
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 50);
    const stopped = await running;
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.observations[0]!.Status).toBe("STOPPED");
  });

  it("runs five executions at a time and queues the rest, like Connect", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const registry = new TestCaseRegistry({
      instanceId: "i",
      instanceArn: "arn:aws:connect:us-east-1:000000000000:instance/i",
      region: "us-east-1",
      target: () => target(() => gate.then(() => ({ status: "SHIPPED" }))),
    });
    const content = JSON.stringify({
      Version: "2025-06-21",
      Observations: [{ Identifier: "said", Event: message("Status SHIPPED"), Actions: [endTest] }],
    });
    const tc = registry.create({ Name: "gate", Content: content, EntryPoint: entryPoint });
    const executions = Array.from({ length: 7 }, () => registry.start(tc.Id));
    await new Promise((r) => setTimeout(r, 50));
    expect(executions.filter((e) => e.Status === "IN_PROGRESS")).toHaveLength(MAX_CONCURRENT_EXECUTIONS);
    expect(executions.filter((e) => e.Status === "INITIATED")).toHaveLength(2);
    registry.stop(tc.Id, executions[6]!.TestCaseExecutionId);
    release();
    await registry.idle();
    expect(executions.map((e) => e.Status)).toEqual([...Array(6).fill("PASSED"), "STOPPED"]);
  });
});
