import { FLOW_PLACEHOLDERS, PLACEHOLDER_PATTERN } from "../placeholders.js";
import { actionContract, isActionType, missingParameters, unknownParameters } from "./action-contract.js";
import { LOCALE_ATTRIBUTE } from "./flow-builder.js";
import type { FlowAction, FlowContent, FlowType } from "./flow-types.js";

// Limits from https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html and
// https://docs.aws.amazon.com/connect/latest/APIReference/interactions-invokelambdafunction.html.
const MAX_ACTIONS_PER_FLOW = 250;
const MAX_LAMBDA_TIMEOUT_SECONDS = 8;
const MAX_IDENTIFIER_LENGTH = 50;
const FORBIDDEN_IDENTIFIER_CHARS = /[%:()\\/=$,;[\]{}]/;
const FORBIDDEN_IDENTIFIERS = new Set([
  "__proto__",
  "constructor",
  "__defineGetter__",
  "__defineSetter__",
  "toString",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "valueOf",
]);

/** Roots a `$.` reference may start with (https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html). */
const KNOWN_REFERENCE_ROOTS = new Set([
  "Attributes",
  "External",
  "FlowAttributes",
  "Lex",
  "CustomerEndpoint",
  "SystemEndpoint",
  "Channel",
  "StoredCustomerInput",
  "LanguageCode",
  "ContactId",
  "InitialContactId",
  "PreviousContactId",
  "InstanceARN",
  "InitiationMethod",
  "TextToSpeechVoiceId",
  "CustomerId",
  "Queue",
  "Metrics",
]);

interface CheckOptions {
  flowType: FlowType;
  /** Locale ids every locale Compare must branch on. */
  locales: string[];
}

/** Structural problems in one flow (empty when it is fine); each names the action. */
export function checkFlowStructure(flow: FlowContent, opts: CheckOptions): string[] {
  const problems: string[] = [];
  const byId = new Map<string, FlowAction>();
  if (flow.Version !== "2019-10-30") problems.push(`Version must be 2019-10-30, got ${String(flow.Version)}`);
  if (flow.Actions.length > MAX_ACTIONS_PER_FLOW) {
    problems.push(`${flow.Actions.length} actions; Connect allows ${MAX_ACTIONS_PER_FLOW}`);
  }
  for (const a of flow.Actions) {
    if (byId.has(a.Identifier)) problems.push(`${a.Identifier}: duplicate Identifier`);
    byId.set(a.Identifier, a);
    if (a.Identifier.length > MAX_IDENTIFIER_LENGTH || FORBIDDEN_IDENTIFIER_CHARS.test(a.Identifier)) {
      problems.push(`${a.Identifier}: Identifier too long or has a forbidden character`);
    }
    if (FORBIDDEN_IDENTIFIERS.has(a.Identifier)) problems.push(`${a.Identifier}: forbidden Identifier`);
  }
  if (!byId.has(flow.StartAction)) problems.push(`StartAction ${flow.StartAction} is not an action`);

  for (const a of flow.Actions) problems.push(...checkAction(a, byId, opts));

  // Reachability from StartAction.
  const seen = new Set<string>();
  const stack = [flow.StartAction];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const a = byId.get(id);
    if (a) stack.push(...transitionTargets(a));
  }
  for (const a of flow.Actions) if (!seen.has(a.Identifier)) problems.push(`${a.Identifier}: unreachable`);

  for (const name of placeholdersIn(flow)) {
    if (!(name in FLOW_PLACEHOLDERS)) problems.push(`unknown placeholder {{${name}}}`);
  }
  return problems;
}

/** Every target an action can go to. */
function transitionTargets(a: FlowAction): string[] {
  const t = a.Transitions;
  return [
    ...(t.NextAction ? [t.NextAction] : []),
    ...(t.Conditions ?? []).map((c) => c.NextAction),
    ...(t.Errors ?? []).map((e) => e.NextAction),
  ];
}

/** Placeholder names used anywhere in a flow. */
export function placeholdersIn(flow: FlowContent): string[] {
  const text = JSON.stringify(flow);
  return [...new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]!))];
}

function checkAction(a: FlowAction, byId: Map<string, FlowAction>, opts: CheckOptions): string[] {
  const out: string[] = [];
  const p = a.Parameters;
  const t = a.Transitions;
  const id = a.Identifier;
  if (!isActionType(a.Type)) return [`${id}: action type ${a.Type} is not supported`];
  const contract = actionContract(a.Type);
  for (const problem of missingParameters(a.Type, p)) out.push(`${id}: ${a.Type} ${problem}`);
  for (const name of unknownParameters(a.Type, p)) out.push(`${id}: ${a.Type} has no parameter ${name}`);
  for (const target of transitionTargets(a)) {
    if (!byId.has(target)) out.push(`${id}: transition to unknown action ${target}`);
  }
  const errorTypes = new Set((t.Errors ?? []).map((e) => e.ErrorType));
  const conditions = t.Conditions ?? [];
  if (contract.result === "terminal") {
    if (Object.keys(t).length > 0) out.push(`${id}: terminal ${a.Type} must have empty Transitions`);
    if (a.Type === "EndFlowExecution" && opts.flowType === "CONTACT_FLOW") {
      out.push(`${id}: EndFlowExecution is not allowed in a contact flow`);
    }
    return out;
  }
  // Nothing dead-ends: a success path (a successful transfer leaves the flow).
  if (!t.NextAction && conditions.length === 0 && contract.result !== "leaves-flow") {
    out.push(`${id}: no NextAction and no Conditions (dead end)`);
  }
  if (contract.result !== "value" && conditions.length > 0) out.push(`${id}: ${a.Type} takes no Conditions`);
  const required = [...contract.requiredErrors];
  if (a.Type === "GetParticipantInput" && !isTrue(p.StoreInput))
    required.push("NoMatchingCondition", "InputTimeLimitExceeded");
  for (const e of required) if (!errorTypes.has(e)) out.push(`${id}: ${a.Type} needs an ${e} branch`);
  if (contract.conditions && !hasExactly(conditions, contract.conditions)) {
    out.push(`${id}: needs exactly ${contract.conditions.map((c) => `Equals ${c}`).join(" and ")}`);
  }

  switch (a.Type) {
    case "InvokeLambdaFunction": {
      const s = Number(p.InvocationTimeLimitSeconds);
      if (!Number.isInteger(s) || s < 1 || s > MAX_LAMBDA_TIMEOUT_SECONDS) {
        out.push(`${id}: InvocationTimeLimitSeconds must be 1..${MAX_LAMBDA_TIMEOUT_SECONDS}`);
      }
      const rv = (p.ResponseValidation as { ResponseType?: string } | undefined)?.ResponseType;
      if (rv !== "STRING_MAP" && rv !== "JSON")
        out.push(`${id}: ResponseValidation.ResponseType must be STRING_MAP or JSON`);
      break;
    }
    case "GetParticipantInput":
      if (isTrue(p.StoreInput)) {
        if (conditions.length > 0) out.push(`${id}: StoreInput True takes no Conditions`);
        if (!p.InputValidation) out.push(`${id}: StoreInput True needs InputValidation`);
      }
      for (const c of conditions) {
        if (c.Condition.Operator !== "Equals" || !/^[0-9*#]$/.test(c.Condition.Operands[0] ?? "")) {
          out.push(`${id}: keypad conditions must be Equals one key`);
        }
      }
      if (!(Number(p.InputTimeLimitSeconds) > 0)) out.push(`${id}: InputTimeLimitSeconds must be > 0`);
      break;
    case "ConnectParticipantWithLexBot":
      for (const c of conditions)
        if (c.Condition.Operator !== "Equals") out.push(`${id}: intent conditions use Equals`);
      break;
    case "Compare":
      if (!isWholeReference(p.ComparisonValue)) out.push(`${id}: ComparisonValue must be one $. reference`);
      if (p.ComparisonValue === LOCALE_ATTRIBUTE) {
        const covered = new Set(conditions.map((c) => c.Condition.Operands[0]));
        for (const l of opts.locales) if (!covered.has(l)) out.push(`${id}: no branch for locale ${l}`);
      }
      break;
    case "UpdateContactCallbackNumber":
      if (!isWholeReference(p.CallbackNumber)) out.push(`${id}: CallbackNumber must be one $. reference`);
      break;
    case "TransferContactToQueue":
      if (opts.flowType !== "CONTACT_FLOW") out.push(`${id}: TransferContactToQueue only in contact flows`);
      break;
  }
  for (const ref of referencesIn(p)) {
    const root = ref.split(".")[1] ?? "";
    if (!KNOWN_REFERENCE_ROOTS.has(root)) out.push(`${id}: unknown reference ${ref}`);
  }
  return out;
}

function isTrue(v: unknown): boolean {
  return v === true || String(v).toLowerCase() === "true";
}

/** True when the Conditions are exactly `Equals` each of `expected`, in any order. */
function hasExactly(
  conditions: NonNullable<FlowAction["Transitions"]["Conditions"]>,
  expected: readonly string[],
) {
  const got = conditions.map((c) =>
    c.Condition.Operator === "Equals" ? c.Condition.Operands[0] : undefined,
  );
  return got.length === expected.length && expected.every((e) => got.includes(e));
}

function isWholeReference(v: unknown): boolean {
  return typeof v === "string" && /^\$\.[A-Za-z][\w-]*(\.[\w-]+)*$/.test(v);
}

/** `$.X.Y` references embedded in any string of the parameters. */
function referencesIn(value: unknown): string[] {
  if (typeof value === "string")
    return [...value.matchAll(/\$\.[A-Za-z][\w-]*(?:\.[A-Za-z0-9_-]+)*/g)].map((m) => m[0]);
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [...referencesIn(k), ...referencesIn(v)]);
  }
  return [];
}
