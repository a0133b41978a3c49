import type { FlowAction } from "../../../flows/src/flow-types.js";
import type { Contact } from "../contact.js";
import type { FlowEnvironment } from "../environment.js";
import { lookupReference, resolveText } from "../flow-data.js";
import type { LoadedFlow } from "../flow-registry.js";

/** What a block run leads to; the interpreter maps it onto the action's Transitions. */
export type BlockOutcome =
  | { kind: "next" }
  /** A result value matched against Conditions (NoMatchingCondition when none matches). */
  | { kind: "value"; value: string }
  | { kind: "error"; errorType: string; detail?: string }
  /** The contact leaves this flow: disconnected, queued, or the flow simply ends. */
  | { kind: "end"; reason: "disconnect" | "queued" | "flow-end" | "module-end" }
  | { kind: "transfer"; flow: LoadedFlow }
  | { kind: "module"; flow: LoadedFlow };

/** What a block sees: its action, the contact, and the environment. */
export interface BlockContext {
  action: FlowAction;
  flow: LoadedFlow;
  contact: Contact;
  env: FlowEnvironment;
}

/** One flow action type: a small `run(ctx) → outcome` unit. */
export interface BlockRunner {
  type: string;
  run(ctx: BlockContext): Promise<BlockOutcome>;
}

export const NEXT: BlockOutcome = { kind: "next" };

/** An error outcome (the interpreter falls back to NoMatchingError when the type has no branch). */
export function fail(errorType: string, detail?: string): BlockOutcome {
  return { kind: "error", errorType, detail };
}

/** A parameter resolved as text (whole reference or embedded references). */
export function param(ctx: BlockContext, name: string): string {
  return resolveText(ctx.contact.data, ctx.action.Parameters[name]);
}

/** A parameter that may be written as a string or a number ("3" or 3); NaN when absent. */
export function numberParam(ctx: BlockContext, name: string): number {
  const v = ctx.action.Parameters[name];
  return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
}

/** "True"/"true"/true. */
export function boolParam(ctx: BlockContext, name: string): boolean {
  const v = ctx.action.Parameters[name];
  return v === true || (typeof v === "string" && v.toLowerCase() === "true");
}

/** A raw reference lookup (for values that must be a single `$.` path). */
export function reference(ctx: BlockContext, ref: string): unknown {
  return lookupReference(ctx.contact.data, ref);
}

/** The spoken text of a prompt parameter set (Text, SSML with tags stripped, or a prompt id). */
export function promptText(ctx: BlockContext): string {
  const p = ctx.action.Parameters;
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
