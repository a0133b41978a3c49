import type { ActionType } from "../../flows/src/action-contract.js";
import type { FlowAction, FlowCondition } from "../../flows/src/flow-types.js";
import type { BlockContext, BlockOutcome, BlockRunner } from "./blocks/block.js";
import { BLOCKS } from "./blocks/index.js";
import { CallerHangUp, type Contact } from "./contact.js";
import type { FlowEnvironment } from "./environment.js";
import type { LoadedFlow } from "./flow-registry.js";

/** A contact running more blocks than this is stuck in a loop without input. */
const MAX_BLOCKS_PER_CONTACT = 2_000;

/** Records every transition taken, for the coverage report. */
export type TransitionListener = (flow: string, from: string, to: string) => void;

/**
 * Evaluates one condition against a block's result
 * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html).
 */
export function conditionHolds(c: FlowCondition["Condition"], value: string): boolean {
  const operand = String(c.Operands[0] ?? "");
  const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
  switch (c.Operator) {
    case "Equals":
      return value === operand;
    case "TextStartsWith":
      return value.startsWith(operand);
    case "TextEndsWith":
      return value.endsWith(operand);
    case "TextContains":
      return value.includes(operand);
    case "NumberGreaterThan":
      return num(value) > num(operand);
    case "NumberGreaterOrEqualTo":
      return num(value) >= num(operand);
    case "NumberLessThan":
      return num(value) < num(operand);
    case "NumberLessOrEqualTo":
      return num(value) <= num(operand);
    default:
      return false;
  }
}

/** The next action id for an outcome, or undefined when the flow has no branch for it. */
export function nextActionFor(action: FlowAction, outcome: BlockOutcome): string | undefined {
  const t = action.Transitions;
  const onError = (type: string) =>
    t.Errors?.find((e) => e.ErrorType === type)?.NextAction ??
    t.Errors?.find((e) => e.ErrorType === "NoMatchingError")?.NextAction;
  switch (outcome.kind) {
    case "next":
      return t.NextAction;
    case "value": {
      const hit = (t.Conditions ?? []).find((c) => conditionHolds(c.Condition, outcome.value));
      if (hit) return hit.NextAction;
      // A block with no Conditions (e.g. a bare Compare) just goes on.
      if (!t.Conditions || t.Conditions.length === 0) return t.NextAction;
      return t.Errors?.find((e) => e.ErrorType === "NoMatchingCondition")?.NextAction ?? t.NextAction;
    }
    case "error":
      return onError(outcome.errorType);
    default:
      return undefined;
  }
}

/**
 * Runs a contact from `flow` until it disconnects, is queued, or the flow ends. A failing block follows
 * its Error branch; a missing branch ends the contact (Connect disconnects) and is recorded as a failure.
 */
export async function runContact(
  contact: Contact,
  flow: LoadedFlow,
  env: FlowEnvironment,
  onTransition?: TransitionListener,
): Promise<void> {
  try {
    const end = await runFlow(contact, flow, env, onTransition);
    if (end === "queued") {
      const hook = contact.eventHooks.CustomerQueue && env.flows.find(contact.eventHooks.CustomerQueue);
      if (hook) await runFlow(contact, hook, env, onTransition);
      contact.markQueued();
      return;
    }
    if (end !== "disconnect") contact.emit({ type: "disconnect" });
    contact.finish();
  } catch (err) {
    if (err instanceof CallerHangUp) contact.finish();
    else {
      contact.emit({ type: "disconnect" });
      contact.finish(`interpreter error: ${(err as Error).stack ?? String(err)}`);
    }
  }
}

type FlowEnd = "disconnect" | "queued" | "flow-end" | "dead-end";

async function runFlow(
  contact: Contact,
  start: LoadedFlow,
  env: FlowEnvironment,
  onTransition?: TransitionListener,
): Promise<FlowEnd> {
  let flow = start;
  let id: string | undefined = flow.content.StartAction;
  while (id !== undefined) {
    if (contact.path.length >= MAX_BLOCKS_PER_CONTACT) {
      contact.failure = `more than ${MAX_BLOCKS_PER_CONTACT} blocks without end`;
      return "dead-end";
    }
    const action = flow.actions.get(id);
    if (!action) {
      contact.failure = `${flow.key}: no action ${id}`;
      return "dead-end";
    }
    contact.path.push({ flow: flow.key, action: id, type: action.Type });
    const outcome = await runBlock({ action, params: action.Parameters, flow, contact, env });
    if (outcome.kind === "end") return outcome.reason;
    if (outcome.kind === "transfer") {
      // Flow attributes are flow-scoped
      // (https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowattributes.html).
      contact.data.FlowAttributes = {};
      flow = outcome.flow;
      id = flow.content.StartAction;
      continue;
    }
    id = nextActionFor(action, outcome);
    if (id === undefined) {
      const what =
        outcome.kind === "error" ? `error ${outcome.errorType} (${outcome.detail ?? ""})` : outcome.kind;
      contact.failure = `${flow.key}/${action.Identifier}: no branch for ${what}`;
      return "dead-end";
    }
    onTransition?.(flow.key, action.Identifier, id);
  }
  return "dead-end";
}

/** Runs the block of the action's type; `loadFlow` has checked the type and the parameters. */
function runBlock(ctx: BlockContext): Promise<BlockOutcome> {
  const runner = BLOCKS[ctx.action.Type as ActionType] as BlockRunner<ActionType>;
  return runner.run(ctx);
}
