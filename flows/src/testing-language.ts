/**
 * Amazon Connect's Testing language (test-case `Content`): parsed into one normalized model, with load-time
 * errors that name the observation, the action and the field. Where AWS's pages disagree, every documented
 * variant is accepted here and `canonicalTestCase` emits the one the service model and API reference use
 * (see the README section "Amazon Connect test cases" for the list).
 */

/** The Version the API reference example uses (emitted); the DG's `2019-10-30` is accepted too. */
export const TESTING_LANGUAGE_VERSION = "2025-06-21";
export const ACCEPTED_VERSIONS: readonly string[] = [TESTING_LANGUAGE_VERSION, "2019-10-30"];

export const EVENT_TYPES = [
  "TestInitiated",
  "TestCompleted",
  "MessageReceived",
  "FlowActionStarted",
  "FlowActionCompleted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ASSERT_OPERATORS = [
  "Equals",
  "TextStartsWith",
  "TextEndsWith",
  "TextContains",
  "NumberGreaterThan",
  "NumberGreaterOrEqualTo",
  "NumberLessThan",
  "NumberLessOrEqualTo",
  "Exists",
] as const;
export type AssertOperator = (typeof ASSERT_OPERATORS)[number];

export type MatchingCriteria = "Similarity" | "Inclusion";
export type UsageType = "Exactly" | "AtLeast" | "AtMost" | "Always";

/** Flow actions an override may target, with the Error values each accepts (DG override page). */
export const OVERRIDABLE_ACTIONS: Record<string, { errors: readonly string[]; mock: boolean }> = {
  InvokeLambdaFunction: { errors: ["TimeLimitExceeded", "NoMatchingError"], mock: true },
  CheckHoursOfOperation: { errors: ["NoMatchingError"], mock: true },
  ConnectParticipantWithLexBot: { errors: ["TimeLimitExceeded", "NoMatchingError"], mock: true },
  TransferContactToQueue: { errors: ["QueueAtCapacity", "NoMatchingError"], mock: false },
  DequeueAndTransferToQueue: { errors: ["QueueAtCapacity", "NoMatchingError"], mock: false },
};

export type EventSpec =
  | { type: "TestInitiated" | "TestCompleted" }
  | {
      type: "MessageReceived";
      text?: string;
      ssml?: string;
      promptId?: string;
      media?: { uri: string; sourceType?: string; mediaType?: string };
      criteria: MatchingCriteria;
    }
  | {
      type: "FlowActionStarted" | "FlowActionCompleted";
      actionType: string;
      actionParameters: Record<string, unknown>;
    };

export type Instruction =
  | { type: "DtmfInput"; value: string }
  | { type: "Utterance"; text: string; languageCode?: string }
  | { type: "Disconnect" };

export type OverrideStrategy =
  | { type: "SubstituteResource"; substituteArn: string }
  | {
      type: "MockResponse";
      response:
        | { type: "ExecutionResult"; result: Record<string, unknown> }
        | { type: "Error"; value: string; delaySeconds: number };
    };

export interface SystemOverride {
  actionType: string;
  actionParameters: Record<string, unknown>;
  strategy: OverrideStrategy;
}

export type ActionSpec = { id: string } & (
  | { type: "SendInstruction"; instruction: Instruction }
  | { type: "Assert"; namespace: string; operator: AssertOperator; operand?: string }
  | { type: "OverrideSystemBehavior"; override: SystemOverride }
  | { type: "EndTest" }
  | { type: "LogData"; expressions: Record<string, string> }
);

export interface Observation {
  id: string;
  /** The event's own Identifier (for the console); not used at run time. */
  eventId?: string;
  event: EventSpec;
  /** Actions in run order (the NextAction chains, see `orderActions`). */
  actions: ActionSpec[];
  usage: { type: UsageType; times: number };
  next: string[];
}

export interface TestCaseDocument {
  version: string;
  metadata: Record<string, unknown>;
  observations: Observation[];
}

/** A malformed test case: every problem found, each naming the observation/action and the field. */
export class TestCaseContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid test case: ${problems.join("; ")}`);
    this.name = "TestCaseContentError";
  }
}

export interface ParseOptions {
  /** The entry point's channel: DTMF input is voice-only. */
  channel?: "VOICE_CALL" | "CHAT";
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses and validates test-case content (a JSON string or an object); throws `TestCaseContentError`. */
export function parseTestCase(content: string | unknown, options: ParseOptions = {}): TestCaseDocument {
  let raw: unknown = content;
  if (typeof content === "string") {
    try {
      raw = JSON.parse(content);
    } catch (err) {
      throw new TestCaseContentError([`Content is not JSON: ${(err as Error).message}`]);
    }
  }
  const problems: string[] = [];
  if (!isObject(raw)) throw new TestCaseContentError(["Content must be a JSON object"]);
  const version = typeof raw.Version === "string" ? raw.Version : "";
  if (!ACCEPTED_VERSIONS.includes(version))
    problems.push(
      `Version must be one of ${ACCEPTED_VERSIONS.join(", ")} (got ${JSON.stringify(raw.Version)})`,
    );
  if (raw.Metadata !== undefined && !isObject(raw.Metadata)) problems.push("Metadata must be an object");
  if (!Array.isArray(raw.Observations) || raw.Observations.length === 0) {
    problems.push("Observations must be a non-empty array");
    throw new TestCaseContentError(problems);
  }
  const observations: Observation[] = [];
  const ids = new Set<string>();
  raw.Observations.forEach((o, index) => {
    const obs = parseObservation(o, index, problems, options);
    if (!obs) return;
    if (ids.has(obs.id)) problems.push(`Observation "${obs.id}": Identifier is not unique`);
    ids.add(obs.id);
    observations.push(obs);
  });
  for (const o of observations) {
    for (const n of o.next) {
      if (!ids.has(n))
        problems.push(`Observation "${o.id}": Transitions.NextObservations names unknown observation "${n}"`);
      if (n === o.id) problems.push(`Observation "${o.id}": Transitions.NextObservations names itself`);
    }
  }
  if (problems.length > 0) throw new TestCaseContentError(problems);
  return { version, metadata: isObject(raw.Metadata) ? raw.Metadata : {}, observations };
}

function parseObservation(
  o: unknown,
  index: number,
  problems: string[],
  options: ParseOptions,
): Observation | undefined {
  if (!isObject(o)) {
    problems.push(`Observations[${index}] must be an object`);
    return undefined;
  }
  const id = typeof o.Identifier === "string" && o.Identifier.trim() !== "" ? o.Identifier : undefined;
  const where = id ? `Observation "${id}"` : `Observations[${index}]`;
  const at = (field: string, problem: string) => problems.push(`${where}: ${field} ${problem}`);
  if (!id) at("Identifier", "is required");
  else if (id.length > 256) at("Identifier", "is longer than 256 characters");
  const event = parseEvent(o.Event, at);
  if (!Array.isArray(o.Actions)) at("Actions", "must be an array (may be empty)");
  const actions = Array.isArray(o.Actions) ? parseActions(o.Actions, at, options) : [];
  const usage = parseUsage(o.Usage, at);
  let next: string[] = [];
  if (o.Transitions !== undefined) {
    if (!isObject(o.Transitions)) at("Transitions", "must be an object");
    else if (o.Transitions.NextObservations !== undefined) {
      const n = o.Transitions.NextObservations;
      if (!Array.isArray(n) || n.some((x) => typeof x !== "string"))
        at("Transitions.NextObservations", "must be an array of observation identifiers");
      else next = n as string[];
    }
  }
  if (event?.type === "TestInitiated" && usage.type !== "Exactly")
    at("Usage.Type", "of a TestInitiated observation must be Exactly (the event fires once)");
  if (!id || !event) return undefined;
  const eventId =
    isObject(o.Event) && typeof o.Event.Identifier === "string" ? o.Event.Identifier : undefined;
  return { id, eventId, event, actions, usage, next };
}

type At = (field: string, problem: string) => void;

function parseEvent(e: unknown, at: At): EventSpec | undefined {
  if (!isObject(e)) {
    at("Event", "is required (an object)");
    return undefined;
  }
  const type = e.Type;
  if (!EVENT_TYPES.includes(type as EventType)) {
    at("Event.Type", `must be one of ${EVENT_TYPES.join(", ")} (got ${JSON.stringify(type)})`);
    return undefined;
  }
  if (e.Actor !== undefined && e.Actor !== "System")
    at("Event.Actor", `must be "System" for ${type} (got ${JSON.stringify(e.Actor)})`);
  const props = e.Properties === undefined ? {} : e.Properties;
  if (!isObject(props)) {
    at("Event.Properties", "must be an object");
    return undefined;
  }
  if (type === "TestInitiated" || type === "TestCompleted") return { type };
  if (type === "MessageReceived") return parseMessageEvent(e, props, at);
  const actionType = typeof props.ActionType === "string" ? props.ActionType.trim() : "";
  // The DG page spells one value "InvokeLambdaFunction " (trailing space): trimmed above.
  if (actionType === "") at("Event.Properties.ActionType", "is required");
  const actionParameters = props.ActionParameters === undefined ? {} : props.ActionParameters;
  if (!isObject(actionParameters)) at("Event.Properties.ActionParameters", "must be an object");
  return {
    type: type as "FlowActionStarted" | "FlowActionCompleted",
    actionType,
    actionParameters: isObject(actionParameters) ? actionParameters : {},
  };
}

function parseMessageEvent(e: Json, props: Json, at: At): EventSpec | undefined {
  // Two documented placements: Properties.MatchingCriteria {Type} (event page) and Event.MatchingCriteria
  // "Similarity" (API reference example). Both accepted, either as an object or a string.
  const rawCriteria = props.MatchingCriteria ?? e.MatchingCriteria;
  const criteriaName = isObject(rawCriteria) ? rawCriteria.Type : rawCriteria;
  let criteria: MatchingCriteria = "Similarity";
  if (criteriaName !== undefined) {
    if (criteriaName === "Similarity" || criteriaName === "Inclusion") criteria = criteriaName;
    else
      at(
        "Event.Properties.MatchingCriteria.Type",
        `must be "Similarity" or "Inclusion" (got ${JSON.stringify(criteriaName)})`,
      );
  }
  const str = (name: string): string | undefined => {
    const v = props[name];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.trim() === "") {
      at(`Event.Properties.${name}`, "must be a non-empty string");
      return undefined;
    }
    return v;
  };
  const text = str("Text");
  const ssml = str("SSML");
  const promptId = str("PromptId");
  let media: { uri: string; sourceType?: string; mediaType?: string } | undefined;
  if (props.Media !== undefined) {
    const m = props.Media;
    if (!isObject(m) || typeof m.Uri !== "string") at("Event.Properties.Media.Uri", "is required");
    else
      media = {
        uri: m.Uri,
        sourceType: typeof m.SourceType === "string" ? m.SourceType : undefined,
        mediaType: typeof m.MediaType === "string" ? m.MediaType : undefined,
      };
  }
  const given = [text, ssml, promptId, media].filter((x) => x !== undefined).length;
  if (given === 0) at("Event.Properties", "of MessageReceived needs one of Text, SSML, PromptId or Media");
  if (promptId !== undefined && (text !== undefined || ssml !== undefined))
    at("Event.Properties.PromptId", "cannot be combined with Text or SSML");
  return { type: "MessageReceived", text, ssml, promptId, media, criteria };
}

function parseUsage(u: unknown, at: At): Observation["usage"] {
  // Omitted: exactly once ("each interaction group should execute exactly once").
  if (u === undefined) return { type: "Exactly", times: 1 };
  if (!isObject(u)) {
    at("Usage", "must be an object");
    return { type: "Exactly", times: 1 };
  }
  const raw = typeof u.Type === "string" ? u.Type : "";
  // Current DG: case-sensitive PascalCase; the API reference example has "EXACTLY", an older page "ANY".
  const legacy: Record<string, UsageType> = {
    EXACTLY: "Exactly",
    ATLEAST: "AtLeast",
    AT_LEAST: "AtLeast",
    ATMOST: "AtMost",
    AT_MOST: "AtMost",
    ALWAYS: "Always",
    ANY: "Always",
  };
  const type: UsageType | undefined = (["Exactly", "AtLeast", "AtMost", "Always"] as const).includes(
    raw as UsageType,
  )
    ? (raw as UsageType)
    : legacy[raw];
  if (!type) {
    at("Usage.Type", `must be Exactly, AtLeast, AtMost or Always (got ${JSON.stringify(u.Type)})`);
    return { type: "Exactly", times: 1 };
  }
  if (type === "Always") return { type, times: 0 };
  if (u.Times === undefined) {
    // The AR example writes {"Type":"EXACTLY"} without Times: read as once.
    if (raw !== type) return { type, times: 1 };
    at("Usage.Times", `is required for ${type}`);
    return { type, times: 1 };
  }
  const times = typeof u.Times === "string" ? Number(u.Times) : u.Times;
  if (typeof times !== "number" || !Number.isInteger(times) || times < (type === "AtMost" ? 1 : 0)) {
    at("Usage.Times", `must be a whole number${type === "AtMost" ? " ≥ 1" : " ≥ 0"}`);
    return { type, times: 1 };
  }
  return { type, times };
}

function parseActions(list: unknown[], at: At, options: ParseOptions): ActionSpec[] {
  const parsed: { spec: ActionSpec; next?: string }[] = [];
  const ids = new Set<string>();
  list.forEach((a, index) => {
    if (!isObject(a)) {
      at(`Actions[${index}]`, "must be an object");
      return;
    }
    const id = typeof a.Identifier === "string" && a.Identifier !== "" ? a.Identifier : undefined;
    const field = id ? `action "${id}"` : `Actions[${index}]`;
    const actAt: At = (f, p) => at(`${field} ${f}`, p);
    if (!id) actAt("Identifier", "is required");
    else if (ids.has(id)) actAt("Identifier", "is not unique in this observation");
    if (id) ids.add(id);
    const spec = parseAction(a, id ?? `#${index}`, actAt, options);
    let next: string | undefined;
    if (a.Transitions !== undefined) {
      if (!isObject(a.Transitions)) actAt("Transitions", "must be an object");
      else if (typeof a.Transitions.NextAction === "string" && a.Transitions.NextAction !== "")
        next = a.Transitions.NextAction;
      else if (a.Transitions.NextAction !== undefined && a.Transitions.NextAction !== "")
        actAt("Transitions.NextAction", "must be an action identifier or empty");
    }
    if (spec) parsed.push({ spec, next });
  });
  for (const p of parsed) {
    if (p.next !== undefined && !ids.has(p.next))
      at(`action "${p.spec.id}" Transitions.NextAction`, `names unknown action "${p.next}"`);
  }
  return orderActions(parsed, at);
}

/**
 * Run order: a chain starts at the first action no NextAction points to and follows NextAction; when it
 * ends, the next unvisited head in array order starts another (so actions without Transitions run in array
 * order). A cycle is a load-time error.
 */
function orderActions(parsed: { spec: ActionSpec; next?: string }[], at: At): ActionSpec[] {
  const byId = new Map(parsed.map((p) => [p.spec.id, p]));
  const targets = new Set(parsed.map((p) => p.next).filter((n): n is string => n !== undefined));
  const out: ActionSpec[] = [];
  const seen = new Set<string>();
  for (const head of parsed.filter((p) => !targets.has(p.spec.id))) {
    let cur: (typeof parsed)[number] | undefined = head;
    while (cur && !seen.has(cur.spec.id)) {
      seen.add(cur.spec.id);
      out.push(cur.spec);
      cur = cur.next === undefined ? undefined : byId.get(cur.next);
    }
  }
  const unreached = parsed.filter((p) => !seen.has(p.spec.id)).map((p) => p.spec.id);
  if (unreached.length > 0) at("Actions", `NextAction cycle through ${unreached.join(", ")}`);
  return out;
}

function parseAction(a: Json, id: string, at: At, options: ParseOptions): ActionSpec | undefined {
  const params = a.Parameters;
  if (!isObject(params)) {
    at("Parameters", "is required (an object)");
    return undefined;
  }
  const type = a.Type;
  if (type !== "Assert" && params.ActionType !== undefined && params.ActionType !== type)
    at("Parameters.ActionType", `must repeat the action Type ${JSON.stringify(type)}`);
  switch (type) {
    case "SendInstruction":
      return parseSendInstruction(id, params, at, options);
    case "Assert":
      return parseAssert(id, params, at);
    case "OverrideSystemBehavior":
      return parseOverride(id, params, at);
    case "TestControl":
      return parseTestControl(id, params, at);
    default:
      at(
        "Type",
        `must be SendInstruction, Assert, OverrideSystemBehavior or TestControl (got ${JSON.stringify(type)})`,
      );
      return undefined;
  }
}

function parseSendInstruction(id: string, p: Json, at: At, options: ParseOptions): ActionSpec | undefined {
  if (p.Actor !== undefined && p.Actor !== "Customer")
    at("Parameters.Actor", `must be "Customer" (got ${JSON.stringify(p.Actor)})`);
  const ins = p.Instruction;
  if (!isObject(ins)) {
    at("Parameters.Instruction", "is required (an object)");
    return undefined;
  }
  const props = isObject(ins.Properties) ? ins.Properties : {};
  switch (ins.Type) {
    case "DtmfInput": {
      const value = typeof props.Value === "number" ? String(props.Value) : props.Value;
      if (typeof value !== "string" || !/^[0-9#*]+$/.test(value)) {
        at("Parameters.Instruction.Properties.Value", "must be DTMF digits (0-9, #, *)");
        return undefined;
      }
      if (options.channel === "CHAT")
        at("Parameters.Instruction.Type", "DtmfInput needs a VOICE_CALL entry point (chat has no keypad)");
      return { id, type: "SendInstruction", instruction: { type: "DtmfInput", value } };
    }
    // "TextUtterance" (docs.aws page) and "Utterance" (another DG copy, the form Connect is reported to accept).
    case "Utterance":
    case "TextUtterance": {
      const raw =
        props.Value ?? props.Text ?? (typeof props.SSML === "string" ? stripTags(props.SSML) : undefined);
      if (typeof raw !== "string" || raw.trim() === "") {
        at(
          "Parameters.Instruction.Properties.Value",
          "is required (the utterance text; Text or SSML also read)",
        );
        return undefined;
      }
      const languageCode = typeof props.LanguageCode === "string" ? props.LanguageCode : undefined;
      if (languageCode !== undefined && !/^[a-z]{2}-[A-Z]{2}$/.test(languageCode))
        at("Parameters.Instruction.Properties.LanguageCode", `must look like en-US (got ${languageCode})`);
      return { id, type: "SendInstruction", instruction: { type: "Utterance", text: raw, languageCode } };
    }
    case "Disconnect":
      return { id, type: "SendInstruction", instruction: { type: "Disconnect" } };
    default:
      at(
        "Parameters.Instruction.Type",
        `must be DtmfInput, Utterance (TextUtterance) or Disconnect (got ${JSON.stringify(ins.Type)})`,
      );
      return undefined;
  }
}

function parseAssert(id: string, p: Json, at: At): ActionSpec | undefined {
  const namespace = p.Namespace;
  if (typeof namespace !== "string" || !namespace.startsWith("$.")) {
    at("Parameters.Namespace", "must be a JSON path starting with $.");
    return undefined;
  }
  const operator = p.Operator as AssertOperator;
  if (!ASSERT_OPERATORS.includes(operator)) {
    at(
      "Parameters.Operator",
      `must be one of ${ASSERT_OPERATORS.join(", ")} (got ${JSON.stringify(p.Operator)})`,
    );
    return undefined;
  }
  const operand =
    typeof p.Operand === "number" || typeof p.Operand === "boolean" ? String(p.Operand) : p.Operand;
  if (operator !== "Exists" && typeof operand !== "string") {
    at("Parameters.Operand", `is required for ${operator}`);
    return undefined;
  }
  if (operator.startsWith("Number") && Number.isNaN(Number(operand)))
    at("Parameters.Operand", `must be a number for ${operator}`);
  return { id, type: "Assert", namespace, operator, operand: operand as string | undefined };
}

function parseOverride(id: string, p: Json, at: At): ActionSpec | undefined {
  const behavior = p.Behavior;
  if (!isObject(behavior) || behavior.Type !== "FlowAction") {
    at("Parameters.Behavior.Type", 'must be "FlowAction"');
    return undefined;
  }
  const props = behavior.Properties;
  if (!isObject(props)) {
    at("Parameters.Behavior.Properties", "is required");
    return undefined;
  }
  const actionType = typeof props.ActionType === "string" ? props.ActionType.trim() : "";
  const rule = OVERRIDABLE_ACTIONS[actionType];
  if (!rule) {
    at(
      "Parameters.Behavior.Properties.ActionType",
      `must be one of ${Object.keys(OVERRIDABLE_ACTIONS).join(", ")} (got ${JSON.stringify(props.ActionType)})`,
    );
    return undefined;
  }
  const actionParameters = props.ActionParameters;
  if (!isObject(actionParameters) || Object.keys(actionParameters).length === 0) {
    at("Parameters.Behavior.Properties.ActionParameters", "must name the resource to override");
    return undefined;
  }
  const s = props.Strategy;
  if (!isObject(s)) {
    at("Parameters.Behavior.Properties.Strategy", "is required");
    return undefined;
  }
  const base = { actionType, actionParameters };
  if (s.Type === "SubstituteResource") {
    if (typeof s.SubstituteArn !== "string" || s.SubstituteArn === "") {
      at("Parameters.Behavior.Properties.Strategy.SubstituteArn", "is required");
      return undefined;
    }
    return {
      id,
      type: "OverrideSystemBehavior",
      override: { ...base, strategy: { type: "SubstituteResource", substituteArn: s.SubstituteArn } },
    };
  }
  if (s.Type !== "MockResponse") {
    at("Parameters.Behavior.Properties.Strategy.Type", 'must be "SubstituteResource" or "MockResponse"');
    return undefined;
  }
  const r = s.Response;
  const rAt = (f: string, problem: string) =>
    at(`Parameters.Behavior.Properties.Strategy.Response.${f}`, problem);
  if (!isObject(r)) {
    rAt("Type", 'is required ("ExecutionResult" or "Error")');
    return undefined;
  }
  if (r.Type === "Error") {
    const err = isObject(r.Error) ? r.Error : {};
    const value = err.Value;
    if (typeof value !== "string" || !rule.errors.includes(value)) {
      rAt("Error.Value", `must be one of ${rule.errors.join(", ")} for ${actionType}`);
      return undefined;
    }
    const delay = err.DelaySeconds === undefined ? 0 : Number(err.DelaySeconds);
    if (!Number.isFinite(delay) || delay < 0) rAt("Error.DelaySeconds", "must be a number ≥ 0");
    return {
      id,
      type: "OverrideSystemBehavior",
      override: {
        ...base,
        strategy: { type: "MockResponse", response: { type: "Error", value, delaySeconds: delay } },
      },
    };
  }
  if (r.Type !== "ExecutionResult") {
    rAt("Type", `must be "ExecutionResult" or "Error" (got ${JSON.stringify(r.Type)})`);
    return undefined;
  }
  if (!rule.mock) {
    rAt("Type", `ExecutionResult is not available for ${actionType} (only Error or SubstituteResource)`);
    return undefined;
  }
  const result = r.ExecutionResult;
  if (!isObject(result)) {
    rAt("ExecutionResult", "is required (an object)");
    return undefined;
  }
  if (actionType === "CheckHoursOfOperation") {
    if (result.Value !== "InHours" && result.Value !== "OutOfHours") {
      rAt("ExecutionResult.Value", 'must be "InHours" or "OutOfHours"');
      return undefined;
    }
  } else if (result.LoadedData !== undefined) {
    const data = result.LoadedData;
    let ok = isObject(data);
    if (typeof data === "string") {
      try {
        ok = isObject(JSON.parse(data));
      } catch {
        ok = false;
      }
    }
    if (!ok) rAt("ExecutionResult.LoadedData", "must be a JSON object serialized as a string");
  }
  return {
    id,
    type: "OverrideSystemBehavior",
    override: { ...base, strategy: { type: "MockResponse", response: { type: "ExecutionResult", result } } },
  };
}

function parseTestControl(id: string, p: Json, at: At): ActionSpec | undefined {
  const cmd = p.Command;
  if (!isObject(cmd)) {
    at("Parameters.Command", "is required");
    return undefined;
  }
  if (cmd.Type === "EndTest") return { id, type: "EndTest" };
  if (cmd.Type === "LogData") {
    const exprs = isObject(cmd.Properties) ? cmd.Properties.Expressions : undefined;
    if (!isObject(exprs) || Object.values(exprs).some((v) => typeof v !== "string" || !v.startsWith("$."))) {
      at("Parameters.Command.Properties.Expressions", "must map labels to JSON paths ($.…)");
      return undefined;
    }
    return { id, type: "LogData", expressions: exprs as Record<string, string> };
  }
  at("Parameters.Command.Type", `must be "EndTest" or "LogData" (got ${JSON.stringify(cmd.Type)})`);
  return undefined;
}

function stripTags(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The form Orderline emits (CreateTestCase and `AWS::Connect::TestCase` Content): `Version` 2025-06-21,
 * `MatchingCriteria` as `{Type}` inside `Properties`, `Usage` in PascalCase with `Times`, utterances as
 * `Utterance` with `Value`. Validates first, so only a loadable document is emitted; other fields stay as given.
 */
export function canonicalTestCase(content: string | unknown, options: ParseOptions = {}): string {
  const doc = parseTestCase(content, options);
  const raw = structuredClone(typeof content === "string" ? JSON.parse(content) : content) as Json;
  raw.Version = TESTING_LANGUAGE_VERSION;
  raw.Metadata = isObject(raw.Metadata) ? raw.Metadata : {};
  const observations = raw.Observations as Json[];
  observations.forEach((o, i) => {
    const parsed = doc.observations[i]!;
    o.Usage =
      parsed.usage.type === "Always"
        ? { Type: "Always" }
        : { Type: parsed.usage.type, Times: parsed.usage.times };
    const event = o.Event as Json;
    if (event.Type === "MessageReceived" && parsed.event.type === "MessageReceived") {
      delete event.MatchingCriteria;
      event.Properties = { ...(event.Properties as Json), MatchingCriteria: { Type: parsed.event.criteria } };
    }
    if (isObject(event.Properties) && typeof event.Properties.ActionType === "string")
      event.Properties.ActionType = event.Properties.ActionType.trim();
    for (const a of (o.Actions as Json[]) ?? []) {
      const ins = isObject(a.Parameters) ? a.Parameters.Instruction : undefined;
      if (isObject(ins) && (ins.Type === "TextUtterance" || ins.Type === "Utterance")) {
        const spec = parsed.actions.find((s) => s.id === a.Identifier);
        if (spec?.type === "SendInstruction" && spec.instruction.type === "Utterance") {
          ins.Type = "Utterance";
          ins.Properties = {
            Value: spec.instruction.text,
            ...(spec.instruction.languageCode ? { LanguageCode: spec.instruction.languageCode } : {}),
          };
        }
      }
    }
  });
  return JSON.stringify(raw);
}

/** `TestCaseEntryPoint` as the API carries it. */
export interface TestEntryPoint {
  Type?: "VOICE_CALL" | "CHAT";
  VoiceCallEntryPointParameters?: {
    SourcePhoneNumber?: string;
    DestinationPhoneNumber?: string;
    FlowId?: string;
  };
  ChatEntryPointParameters?: { FlowId?: string };
}
