import type { ActionErrorType, ActionParameters, ActionType } from "../../../flows/src/action-contract.js";
import type { FlowAction } from "../../../flows/src/flow-types.js";
import type { Contact } from "../contact.js";
import type { FlowEnvironment } from "../environment.js";
import { resolveText } from "../flow-data.js";
import type { LoadedFlow } from "../flow-registry.js";

/**
 * What a block run leads to; the interpreter maps it onto the action's Transitions. An error names one of
 * the error types the action contract gives its action type (`E`).
 */
export type BlockOutcome<E extends string = string> =
  | { kind: "next" }
  /** A result value matched against Conditions (NoMatchingCondition when none matches). */
  | { kind: "value"; value: string }
  | { kind: "error"; errorType: E; detail?: string }
  /** The contact leaves this flow: disconnected, queued, or the flow simply ends. */
  | { kind: "end"; reason: "disconnect" | "queued" | "flow-end" }
  | { kind: "transfer"; flow: LoadedFlow };

/**
 * What a block sees: its action with the parameters typed by the action contract (checked at load time),
 * the contact, and the environment.
 */
export interface BlockContext<T extends ActionType = ActionType> {
  action: FlowAction;
  params: ActionParameters[T];
  flow: LoadedFlow;
  contact: Contact;
  env: FlowEnvironment;
}

/** One flow action type: a small `run(ctx) → outcome` unit. */
export interface BlockRunner<T extends ActionType> {
  type: T;
  run(ctx: BlockContext<T>): Promise<BlockOutcome<ActionErrorType<T>>>;
}

export const NEXT = { kind: "next" } as const;

/** An error outcome (the interpreter falls back to NoMatchingError when the flow has no branch for it). */
export function fail<E extends string>(
  errorType: E,
  detail?: string,
): { kind: "error"; errorType: E; detail?: string } {
  return { kind: "error", errorType, detail };
}

type ParameterName<T extends ActionType> = keyof ActionParameters[T] & string;

/** A parameter resolved as text (whole reference or embedded references). */
export function param<T extends ActionType>(ctx: BlockContext<T>, name: ParameterName<T>): string {
  return resolveText(ctx.contact.data, ctx.params[name]);
}

/** A parameter that may be written as a string or a number ("3" or 3); NaN when absent. */
export function numberParam<T extends ActionType>(ctx: BlockContext<T>, name: ParameterName<T>): number {
  const v = ctx.params[name];
  return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
}

/** "True"/"true"/true. */
export function boolParam<T extends ActionType>(ctx: BlockContext<T>, name: ParameterName<T>): boolean {
  const v = ctx.params[name];
  return v === true || (typeof v === "string" && v.toLowerCase() === "true");
}

/** The spoken text of a prompt parameter set (Text, SSML with tags stripped, or a prompt id). */
export function promptText(
  ctx: BlockContext<"MessageParticipant" | "GetParticipantInput" | "ConnectParticipantWithLexBot">,
): string {
  const p = ctx.params;
  if (p.Text !== undefined) return param(ctx, "Text");
  if (p.SSML !== undefined) return stripSsml(param(ctx, "SSML"));
  if (p.PromptId !== undefined) return `[prompt ${param(ctx, "PromptId")}]`;
  return "";
}

/** SSML → what is heard. */
export function stripSsml(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
