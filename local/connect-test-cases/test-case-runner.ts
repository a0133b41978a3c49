import type { FlowAction } from "../../flows/src/flow-types.js";
import type {
  ActionSpec,
  EventSpec,
  Observation,
  TestCaseDocument,
  TestEntryPoint,
} from "../../flows/src/testing-language.js";
import { Contact, type ContactEvent } from "../connect/contact.js";
import type { FlowEnvironment, QueueInfo } from "../connect/environment.js";
import { asText, type FlowData, lookupReference, newFlowData, resolveText } from "../connect/flow-data.js";
import type { FlowRegistry } from "../connect/flow-registry.js";
import { conditionHolds, runContact } from "../connect/interpreter.js";
import { DEFAULT_SIMILARITY_THRESHOLD, messageMatches } from "./message-matching.js";
import { MockedFlowError, OverridingEnvironment, sameResource } from "./system-overrides.js";

export type { TestEntryPoint };

/** Connect's limit per simulation: then the execution fails. */
export const DEFAULT_TEST_TIMEOUT_MS = 5 * 60_000;
/** Simulated seconds a silent customer lets pass at a prompt without an InputTimeLimitSeconds. */
const DEFAULT_INPUT_TIME_LIMIT_SECONDS = 5;
/** Consecutive simulated silences after which nothing the test waits for can still happen. */
const MAX_IDLE_SILENCES = 40;

export type ExecutionStatus = "PASSED" | "FAILED" | "STOPPED";
export type RecordStatus = "PASSED" | "FAILED" | "IN_PROGRESS" | "STOPPED";

/** What a run needs of the emulator: the flows, the flow environment and the instance. */
export interface TestRunTarget {
  flows: FlowRegistry;
  env: FlowEnvironment;
  instanceArn: string;
  /** The flow a dialed number routes to (when the entry point names no FlowId). */
  flowForNumber?(number: string): string | undefined;
  /** Local stand-ins for substituted resources the target does not have. */
  substituteQueue?(arn: string): QueueInfo | undefined;
  substituteHours?(arn: string): boolean | undefined;
  /** Called with every contact a run starts (the emulator lists it with the other contacts). */
  onContact?(contact: Contact): void;
}

export interface RunOptions {
  entryPoint?: TestEntryPoint;
  /** JSON text: `{"Attributes":{…}}` (the form Connect reads) or a flat attribute map. */
  initializationData?: string;
  /** @default 300000 (5 minutes, like Connect) */
  timeoutMs?: number;
  /** @default 0.8 */
  similarityThreshold?: number;
  signal?: AbortSignal;
}

/** One action's outcome inside an observation record. */
export interface ActionResult {
  Identifier: string;
  Type: string;
  Status: "PASSED" | "FAILED";
  Message?: string;
  Expected?: string;
  Actual?: string;
}

/** One observation's result; `Record` of the API is this object as JSON (Orderline's own schema). */
export interface ObservationResult {
  ObservationId: string;
  Status: RecordStatus;
  Timestamp: Date;
  Record: {
    Type: "OBSERVATION";
    Event: string;
    Usage: string;
    Matches: number;
    Matched: string[];
    Actions: ActionResult[];
    LoggedData?: Record<string, string>;
    FailureReason?: string;
  };
}

export interface TestRunResult {
  status: ExecutionStatus;
  startTime: Date;
  endTime: Date;
  contactId?: string;
  /** Why the run failed outside any observation (timeout, entry point, contact error). */
  failure?: string;
  observations: ObservationResult[];
  summary: { TotalObservations: number; ObservationsPassed: number; ObservationsFailed: number };
}

interface ObservationState {
  obs: Observation;
  active: boolean;
  everActive: boolean;
  successorsActivated: boolean;
  matches: number;
  matched: string[];
  actions: ActionResult[];
  logged: Record<string, string>;
  failures: string[];
  at: Date;
}

/** What an observed event carries: its kind plus what to match it against. */
type Occurrence =
  | { kind: "TestInitiated" | "TestCompleted" }
  | { kind: "MessageReceived"; text: string; action?: FlowAction }
  | { kind: "FlowActionStarted" | "FlowActionCompleted"; action: FlowAction };

class TestEnded extends Error {}

/**
 * Runs one test case over the flow emulator: a simulated voice call or chat from the entry point, the
 * observations matched against what the contact experiences and the flow actions it runs.
 */
export async function runTestCase(
  doc: TestCaseDocument,
  target: TestRunTarget,
  options: RunOptions = {},
): Promise<TestRunResult> {
  return new TestCaseRun(doc, target, options).run();
}

class TestCaseRun {
  private readonly states: ObservationState[];
  private readonly started = new Date();
  private virtualMs = 0;
  private finished = false;
  private endRequested = false;
  private failure?: string;
  private contact?: Contact;
  private currentAction?: { flow: string; action: FlowAction };
  private readonly overrides: OverridingEnvironment;
  private wake: () => void = () => {};

  constructor(
    doc: TestCaseDocument,
    private readonly target: TestRunTarget,
    private readonly options: RunOptions,
  ) {
    const targets = new Set(doc.observations.flatMap((o) => o.next));
    this.states = doc.observations.map((obs) => ({
      obs,
      active: false,
      everActive: false,
      successorsActivated: false,
      matches: 0,
      matched: [],
      actions: [],
      logged: {},
      failures: [],
      at: this.started,
    }));
    // Observations no transition points to are active from the start (roots and unlinked ones).
    for (const s of this.states) if (!targets.has(s.obs.id)) this.activate(s);
    this.overrides = new OverridingEnvironment(target.env, {
      currentActionType: () => this.currentAction?.action.Type,
      addVirtualDelay: (seconds) => {
        this.virtualMs += seconds * 1000;
      },
      substituteQueue: target.substituteQueue,
      substituteHours: target.substituteHours,
    });
  }

  async run(): Promise<TestRunResult> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const stopped = new Promise<"stopped">((resolve) => {
      if (this.options.signal?.aborted) resolve("stopped");
      this.options.signal?.addEventListener("abort", () => resolve("stopped"), { once: true });
    });
    let outcome: "done" | "timeout" | "stopped" = "done";
    try {
      this.fire({ kind: "TestInitiated" });
      if (!this.endRequested) {
        const contact = this.startContact();
        if (contact) outcome = await this.drive(contact, timeoutMs, timedOut, stopped);
      }
    } catch (err) {
      if (!(err instanceof TestEnded)) this.failure = `runner error: ${(err as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
    if (outcome === "timeout") this.failure ??= `timed out after ${timeoutMs / 1000} s`;
    if (outcome !== "stopped") this.safeFire({ kind: "TestCompleted" });
    this.finished = true;
    if (this.contact && this.contact.state !== "ended") this.contact.provideInput({ hangup: true });
    return this.result(outcome === "stopped");
  }

  private startContact(): Contact | undefined {
    const entry = this.options.entryPoint ?? {};
    const channel = entry.Type === "CHAT" ? "CHAT" : "VOICE";
    const voice = entry.VoiceCallEntryPointParameters ?? {};
    const flowRef =
      (channel === "CHAT" ? entry.ChatEntryPointParameters?.FlowId : voice.FlowId) ??
      (voice.DestinationPhoneNumber ? this.target.flowForNumber?.(voice.DestinationPhoneNumber) : undefined);
    const flow = flowRef ? this.target.flows.find(flowRef) : undefined;
    if (!flow) {
      this.failure = flowRef
        ? `entry point: no flow ${flowRef}`
        : "entry point: no FlowId and no routed number";
      return undefined;
    }
    const contactId = crypto.randomUUID();
    const contact = new Contact(
      contactId,
      newFlowData({
        contactId,
        channel,
        instanceArn: this.target.instanceArn,
        customerAddress: channel === "VOICE" ? voice.SourcePhoneNumber : undefined,
        systemAddress: channel === "VOICE" ? voice.DestinationPhoneNumber : undefined,
        attributes: initialAttributes(this.options.initializationData),
      }),
    );
    this.contact = contact;
    this.target.onContact?.(contact);
    // FlowActionStarted: the interpreter records each block in `path` right before running it.
    const push = contact.path.push.bind(contact.path);
    contact.path.push = (...entries) => {
      for (const e of entries) {
        const action = this.target.flows.find(e.flow)?.actions.get(e.action);
        if (!action) continue;
        this.currentAction = { flow: e.flow, action };
        this.safeFire({ kind: "FlowActionStarted", action });
      }
      return push(...entries);
    };
    contact.onEvent((event) => this.onContactEvent(event));
    const run = runContact(contact, flow, this.overrides.environment(), (flowKey, from, to) =>
      this.onTransition(flowKey, from, to),
    );
    run.finally(() => this.wake());
    return contact;
  }

  /** Plays the customer: what the observations send, silence (a passing input time limit) otherwise. */
  private async drive(
    contact: Contact,
    timeoutMs: number,
    timedOut: Promise<"timeout">,
    stopped: Promise<"stopped">,
  ): Promise<"done" | "timeout" | "stopped"> {
    let silences = 0;
    for (;;) {
      const woken = new Promise<"woken">((resolve) => {
        this.wake = () => resolve("woken");
      });
      const r = await Promise.race([
        contact.settled().then(() => "settled" as const),
        woken,
        timedOut,
        stopped,
      ]);
      if (r === "timeout" || r === "stopped") return r;
      if (this.endRequested || contact.state === "ended") return "done";
      if (this.virtualMs + (Date.now() - this.started.getTime()) > timeoutMs) return "timeout";
      // A contact waiting in a queue: nothing else happens until an agent answers (none does locally).
      if (contact.state === "queued") return "done";
      if (contact.state !== "waiting") continue;
      const action = this.currentAction?.action;
      const bot =
        action?.Type === "ConnectParticipantWithLexBot" ? lexAliasArn(action, contact.data) : undefined;
      if (bot && this.overrides.botMocked(bot)) {
        contact.provideInput({ say: "(mocked bot)" });
        continue;
      }
      if (++silences > MAX_IDLE_SILENCES) {
        this.failure = `the customer stayed silent ${MAX_IDLE_SILENCES} times and nothing observed happened`;
        return "done";
      }
      const limit = Number(action?.Parameters.InputTimeLimitSeconds ?? DEFAULT_INPUT_TIME_LIMIT_SECONDS);
      this.virtualMs += (Number.isFinite(limit) ? limit : DEFAULT_INPUT_TIME_LIMIT_SECONDS) * 1000;
      contact.provideInput({ silence: true });
    }
  }

  private onContactEvent(event: ContactEvent): void {
    if (this.finished) return;
    if (event.type === "prompt")
      this.safeFire({ kind: "MessageReceived", text: event.text, action: this.currentAction?.action });
    // TransferContactToQueue ends the flow in the queue: that is its successful completion.
    if (event.type === "transfer" && this.currentAction)
      this.safeFire({ kind: "FlowActionCompleted", action: this.currentAction.action });
    if (event.type === "disconnect") this.wake();
  }

  private onTransition(flowKey: string, from: string, to: string): void {
    if (this.finished) return;
    const action = this.target.flows.find(flowKey)?.actions.get(from);
    if (!action || !this.contact) return;
    if (completedSuccessfully(action, to, this.contact))
      this.safeFire({ kind: "FlowActionCompleted", action });
  }

  /** Fires an event; EndTest inside an action chain stops further processing of this event. */
  private safeFire(o: Occurrence): void {
    try {
      this.fire(o);
    } catch (err) {
      if (!(err instanceof TestEnded)) throw err;
    }
  }

  private fire(o: Occurrence): void {
    if (this.finished) return;
    // Snapshot: an observation activated by this event waits for the next one.
    const candidates = this.states.filter((s) => s.active);
    for (const s of candidates) {
      const what = this.matches(s.obs.event, o);
      if (what === undefined) continue;
      s.matches++;
      s.matched.push(what);
      s.at = new Date();
      this.afterMatch(s);
      this.runActions(s);
    }
  }

  private afterMatch(s: ObservationState): void {
    const { type, times } = s.obs.usage;
    if (type === "AtMost" && s.matches > times)
      s.failures.push(`observed ${s.matches} times, at most ${times} expected`);
    // Exactly n stops listening after n matches, so only "Exactly 0" can be exceeded.
    if (type === "Exactly" && s.matches > times) s.failures.push(`observed, but Exactly ${times} expected`);
    if (type === "Exactly" && s.matches >= times) s.active = false;
    const satisfied = type === "Exactly" || type === "AtLeast" ? s.matches >= times : s.matches >= 1;
    if (satisfied && !s.successorsActivated) this.activateSuccessors(s);
  }

  private activate(s: ObservationState): void {
    s.active = true;
    s.everActive = true;
    // Nothing to wait for: an observation needing zero matches lets its successors start with it.
    if ((s.obs.usage.type === "Exactly" || s.obs.usage.type === "AtLeast") && s.obs.usage.times === 0)
      this.activateSuccessors(s);
  }

  private activateSuccessors(s: ObservationState): void {
    s.successorsActivated = true;
    for (const id of s.obs.next) {
      const next = this.states.find((x) => x.obs.id === id);
      if (next && !next.everActive) this.activate(next);
    }
  }

  /** A description of the match, or undefined when the occurrence is not this event. */
  private matches(e: EventSpec, o: Occurrence): string | undefined {
    if (e.type !== o.kind) return undefined;
    if (o.kind === "TestInitiated" || o.kind === "TestCompleted") return o.kind;
    if (e.type === "MessageReceived" && o.kind === "MessageReceived") return this.matchMessage(e, o);
    if ((e.type === "FlowActionStarted" || e.type === "FlowActionCompleted") && "action" in o && o.action) {
      if (e.actionType !== o.action.Type) return undefined;
      const data = this.contact?.data;
      if (!data || !parametersMatch(e.actionParameters, effectiveParameters(o.action, data), data))
        return undefined;
      return `${o.action.Type} ${o.action.Identifier}`;
    }
    return undefined;
  }

  private matchMessage(
    e: Extract<EventSpec, { type: "MessageReceived" }>,
    o: { text: string; action?: FlowAction },
  ): string | undefined {
    const data = this.contact?.data;
    if (!data) return undefined;
    if (e.promptId !== undefined) {
      const played = o.action?.Parameters.PromptId;
      const expected = resolveText(data, e.promptId);
      const ok = played !== undefined && sameResource(resolveText(data, played), expected);
      return ok ? `prompt ${expected}` : undefined;
    }
    if (e.media !== undefined) return undefined; // no audio locally: see README
    const expected = resolveText(data, e.text ?? stripTags(e.ssml ?? ""));
    const threshold = this.options.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD;
    const { matched, score } = messageMatches(e.criteria, expected, o.text, threshold);
    if (!matched) return undefined;
    return e.criteria === "Similarity" ? `${o.text} (similarity ${score.toFixed(2)})` : o.text;
  }

  private runActions(s: ObservationState): void {
    for (const a of s.obs.actions) {
      const result = this.runAction(s, a);
      s.actions.push(result);
      if (result.Status === "FAILED") s.failures.push(`${a.id}: ${result.Message ?? "failed"}`);
      if (this.endRequested) throw new TestEnded();
    }
  }

  private runAction(s: ObservationState, a: ActionSpec): ActionResult {
    const contact = this.contact;
    const base = {
      Identifier: a.id,
      Type: a.type === "EndTest" || a.type === "LogData" ? "TestControl" : a.type,
    };
    switch (a.type) {
      case "OverrideSystemBehavior":
        this.overrides.add(a.override);
        return {
          ...base,
          Status: "PASSED",
          Message: `${a.override.actionType}: ${a.override.strategy.type}`,
        };
      case "EndTest":
        this.endRequested = true;
        this.wake();
        return { ...base, Status: "PASSED", Message: "EndTest" };
      case "LogData": {
        for (const [label, path] of Object.entries(a.expressions))
          s.logged[label] = contact ? asText(lookupNamespace(contact.data, path)) : "";
        return { ...base, Status: "PASSED", Message: "LogData" };
      }
      case "SendInstruction": {
        if (!contact || contact.state === "ended")
          return { ...base, Status: "FAILED", Message: "the contact has ended" };
        const i = a.instruction;
        if (i.type === "DtmfInput") contact.provideInput({ dtmf: i.value });
        else if (i.type === "Utterance") contact.provideInput({ say: i.text });
        else contact.provideInput({ hangup: true });
        return {
          ...base,
          Status: "PASSED",
          Message: i.type === "Disconnect" ? "Disconnect" : `${i.type} ${"value" in i ? i.value : i.text}`,
        };
      }
      case "Assert": {
        const value = contact ? lookupNamespace(contact.data, a.namespace) : undefined;
        const actual = asText(value);
        const ok =
          a.operator === "Exists"
            ? value !== undefined && value !== null && actual !== ""
            : conditionHolds({ Operator: a.operator, Operands: [a.operand ?? ""] }, actual);
        return {
          ...base,
          Status: ok ? "PASSED" : "FAILED",
          Message: `${a.namespace} ${a.operator}${a.operand === undefined ? "" : ` ${a.operand}`}`,
          Expected: a.operator === "Exists" ? "a value" : a.operand,
          Actual: value === undefined ? "(missing)" : actual,
        };
      }
    }
  }

  private result(stopped: boolean): TestRunResult {
    const observations = this.states.map((s) => this.observationResult(s, stopped));
    const passed = observations.filter((o) => o.Status === "PASSED").length;
    const failed = observations.filter((o) => o.Status === "FAILED").length;
    const status: ExecutionStatus = stopped
      ? "STOPPED"
      : failed === 0 && this.failure === undefined
        ? "PASSED"
        : "FAILED";
    return {
      status,
      startTime: this.started,
      endTime: new Date(),
      contactId: this.contact?.id,
      failure:
        this.failure ??
        (this.contact?.failure ? `contact: ${this.contact.failure.split("\n")[0]}` : undefined),
      observations,
      summary: {
        TotalObservations: observations.length,
        ObservationsPassed: passed,
        ObservationsFailed: failed,
      },
    };
  }

  private observationResult(s: ObservationState, stopped: boolean): ObservationResult {
    const { type, times } = s.obs.usage;
    let reason = s.failures[0];
    const optional = type === "AtMost" || type === "Always" || times === 0;
    if (!reason && !optional && s.matches < times) {
      const media = s.obs.event.type === "MessageReceived" && s.obs.event.media !== undefined;
      reason = media
        ? "MessageReceived Media cannot be matched locally (the emulator has text, no audio)"
        : !s.everActive
          ? `never became active: an earlier observation was not observed`
          : `${describeEvent(s.obs.event)} was observed ${s.matches} of ${times} time(s)${this.failure ? ` (${this.failure})` : ""}`;
    }
    const status: RecordStatus = reason
      ? stopped
        ? "STOPPED"
        : "FAILED"
      : stopped && s.active && s.matches === 0
        ? "STOPPED"
        : "PASSED";
    return {
      ObservationId: s.obs.id,
      Status: status,
      Timestamp: s.at,
      Record: {
        Type: "OBSERVATION",
        Event: s.obs.event.type,
        Usage: type === "Always" ? type : `${type} ${times}`,
        Matches: s.matches,
        Matched: s.matched,
        Actions: s.actions,
        ...(Object.keys(s.logged).length > 0 ? { LoggedData: s.logged } : {}),
        ...(reason ? { FailureReason: reason } : {}),
      },
    };
  }
}

/** `$.LambdaInvocation.ResultData.x` is the DG's alias of `$.External.x`. */
export function lookupNamespace(data: FlowData, path: string): unknown {
  const ref = path.replace(/^\$\.LambdaInvocation\.ResultData\b/, "$.External");
  return lookupReference(data, ref);
}

/** The action's parameters, plus what Connect fills in: a transfer without QueueId uses the working queue. */
function effectiveParameters(action: FlowAction, data: FlowData): Record<string, unknown> {
  if (action.Type === "TransferContactToQueue" && action.Parameters.QueueId === undefined && data.Queue)
    return { ...action.Parameters, QueueId: data.Queue.ARN };
  return action.Parameters;
}

/** Every expected parameter equals the running action's (resolved) parameter; resources by id or ARN. */
function parametersMatch(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  data: FlowData,
): boolean {
  return Object.entries(expected).every(([k, want]) => {
    const got = actual[k];
    if (want !== null && typeof want === "object") {
      return (
        got !== null &&
        typeof got === "object" &&
        parametersMatch(want as Record<string, unknown>, got as Record<string, unknown>, data)
      );
    }
    const w = resolveText(data, want);
    const g = resolveText(data, got);
    return w === g || sameResource(w, g);
  });
}

/** The transition left the action through a success path (not only reachable as an Error branch). */
function completedSuccessfully(action: FlowAction, to: string, contact: Contact): boolean {
  const t = action.Transitions;
  const success = new Set([t.NextAction, ...(t.Conditions ?? []).map((c) => c.NextAction)]);
  const error = new Set(
    (t.Errors ?? []).filter((e) => e.ErrorType !== "NoMatchingCondition").map((e) => e.NextAction),
  );
  if (action.Type === "InvokeLambdaFunction" && contact.lambda.at(-1)?.error) return false;
  if (success.has(to)) return true;
  return !error.has(to);
}

function lexAliasArn(action: FlowAction, data: FlowData): string {
  const bot = (action.Parameters.LexV2Bot ?? {}) as { AliasArn?: unknown };
  return resolveText(data, bot.AliasArn);
}

/** Initial attributes from InitializationData: `{"Attributes":{…}}` or a flat string map. */
export function initialAttributes(text: string | undefined): Record<string, string> {
  if (!text) return {};
  const raw = JSON.parse(text) as Record<string, unknown>;
  const attrs =
    raw.Attributes && typeof raw.Attributes === "object" ? (raw.Attributes as Record<string, unknown>) : raw;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "SegmentAttributes" || (v !== null && typeof v === "object")) continue;
    out[k] = String(v);
  }
  return out;
}

function describeEvent(e: EventSpec): string {
  if (e.type === "MessageReceived")
    return `MessageReceived ${e.criteria} ${JSON.stringify(e.text ?? e.ssml ?? e.promptId ?? e.media?.uri)}`;
  if (e.type === "FlowActionStarted" || e.type === "FlowActionCompleted") return `${e.type} ${e.actionType}`;
  return e.type;
}

function stripTags(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export { MockedFlowError };
