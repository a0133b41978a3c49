import { readFileSync } from "node:fs";
import { FLOW_FILES } from "../../flows/catalog.js";
import { type FlowPlaceholder, fillPlaceholders } from "../../flows/placeholders.js";
import { flowJsonPath } from "../../flows/src/build-flows.js";
import { allTransitions, localizedGroups, transitionKey } from "../../flows/src/transitions.js";
import { SUPPORTED_ACTION_TYPES } from "./blocks/index.js";
import { Contact } from "./contact.js";
import type { CallbackRequest } from "./contact-types.js";
import type { ConnectLambdaHandler, FlowEnvironment, QueueInfo } from "./environment.js";
import { type FlowData, newFlowData } from "./flow-data.js";
import { FlowRegistry, loadFlow } from "./flow-registry.js";
import { runContact } from "./interpreter.js";
import type { LexRuntime } from "./lex-runtime.js";

/** The emulator's (fake) account id in local ARNs. */
export const LOCAL_ACCOUNT_ID = "000000000000";
/** Fixed local ids so tools and tests can hard-code them. */
export const LOCAL_FLOW_IDS: Record<string, string> = {
  inbound: "00000000-0000-4000-8000-00000000f001",
  "keypad-menu": "00000000-0000-4000-8000-00000000f002",
  "agent-transfer": "00000000-0000-4000-8000-00000000f003",
  "customer-queue": "00000000-0000-4000-8000-00000000f004",
};
export const LOCAL_AGENT_QUEUE_ID = "00000000-0000-4000-8000-0000000a9e01";
export const LOCAL_HOURS_ID = "00000000-0000-4000-8000-000000000409";
export const LOCAL_AGENT_QUEUE_NAME = "Orderline agents";
/** Dialed numbers of the local instance: one per locale (the flows map +81 to ja_JP). */
export const LOCAL_DIALED_NUMBERS: Record<string, string> = { ja_JP: "+81345550100", en_US: "+12065550100" };

export interface LocalConnectOptions {
  instanceId: string;
  region: string;
  botId: string;
  botAliasId: string;
  lex: LexRuntime;
  /** The Connect-invoked Lambda (built on first use, like a cold start). */
  connectHandler: () => Promise<ConnectLambdaHandler>;
  /** Hours of operation: open unless told otherwise. @default true */
  hoursOpen?: boolean;
  /** Every contact is rejected with QueueAtCapacity. @default false */
  queueFull?: boolean;
  /** @default 8000 */
  lambdaRetryBudgetMs?: number;
  onCallback?: (callback: CallbackRequest) => void;
  /** Undocumented Connect behaviour (local/fidelity.ts). @default see FlowEnvironment.fidelity */
  fidelity?: FlowEnvironment["fidelity"];
}

/**
 * An injected Lambda failure for the next `remaining` invocations (of one `action`, or any): a function error,
 * Lambda throttling (which Connect retries), or a canned response.
 */
export interface LambdaFault {
  action?: string;
  kind: "error" | "throttle" | "respond";
  response?: Record<string, string>;
  remaining: number;
}

/** Per-contact overrides a test or the console may ask for. */
export interface ContactOverrides {
  hoursOpen?: boolean;
  /** This contact's undocumented-behaviour switches, over the instance's (local/fidelity.ts). */
  fidelity?: FlowEnvironment["fidelity"];
}

/**
 * The local Amazon Connect instance: loads the committed flows with local ARNs, starts contacts (voice and
 * chat) and keeps them for inspection, plus the queue, queued callbacks and transition coverage.
 */
export class LocalConnect {
  readonly flows = new FlowRegistry();
  readonly contacts = new Map<string, Contact>();
  readonly callbacks: CallbackRequest[] = [];
  readonly instanceArn: string;
  readonly queue: QueueInfo;
  readonly lambdaArn: string;
  hoursOpen: boolean;
  queueFull: boolean;
  /** Undocumented Connect behaviour for contacts started from now on (`/_local/connect/fidelity`). */
  fidelity: NonNullable<FlowEnvironment["fidelity"]>;
  readonly lambdaFaults: LambdaFault[] = [];
  private readonly overrides = new Map<string, ContactOverrides>();
  private readonly covered = new Map<string, Set<string>>();
  private readonly runs = new Map<string, Promise<void>>();

  constructor(private readonly options: LocalConnectOptions) {
    this.instanceArn = `arn:aws:connect:${options.region}:${LOCAL_ACCOUNT_ID}:instance/${options.instanceId}`;
    this.queue = {
      id: LOCAL_AGENT_QUEUE_ID,
      arn: `${this.instanceArn}/queue/${LOCAL_AGENT_QUEUE_ID}`,
      name: LOCAL_AGENT_QUEUE_NAME,
      hoursArn: `${this.instanceArn}/operating-hours/${LOCAL_HOURS_ID}`,
    };
    this.lambdaArn = `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:orderline-connect`;
    this.hoursOpen = options.hoursOpen ?? true;
    this.fidelity = { ...options.fidelity };
    this.queueFull = options.queueFull ?? false;
    const values = this.placeholderValues();
    for (const f of FLOW_FILES) {
      const id = LOCAL_FLOW_IDS[f.key]!;
      const text = fillPlaceholders(readFileSync(flowJsonPath(f.key), "utf8"), values);
      this.flows.add(
        loadFlow(
          text,
          { key: f.key, id, arn: this.flowArn(id), name: f.name, type: f.type },
          SUPPORTED_ACTION_TYPES,
        ),
      );
    }
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** The inbound flow's id (`/health`). */
  get inboundFlowId(): string {
    return LOCAL_FLOW_IDS.inbound!;
  }

  flowArn(id: string): string {
    return `${this.instanceArn}/contact-flow/${id}`;
  }

  /** What each `{{Placeholder}}` becomes locally. */
  placeholderValues(): Record<FlowPlaceholder, string> {
    const o = this.options;
    return {
      LexBotAliasArn: `arn:aws:lex:${o.region}:${LOCAL_ACCOUNT_ID}:bot-alias/${o.botId}/${o.botAliasId}`,
      ConnectLambdaArn: `arn:aws:lambda:${o.region}:${LOCAL_ACCOUNT_ID}:function:orderline-connect`,
      AgentQueueArn: this.queue.arn,
      HoursOfOperationArn: this.queue.hoursArn,
      CustomerQueueFlowArn: this.flowArn(LOCAL_FLOW_IDS["customer-queue"]!),
      KeypadMenuFlowArn: this.flowArn(LOCAL_FLOW_IDS["keypad-menu"]!),
      AgentTransferFlowArn: this.flowArn(LOCAL_FLOW_IDS["agent-transfer"]!),
    };
  }

  /** Starts a contact in a flow (default: inbound) and runs it in the background. */
  startContact(init: {
    channel: FlowData["Channel"];
    from?: string;
    to?: string;
    attributes?: Record<string, string>;
    flowRef?: string;
    overrides?: ContactOverrides;
  }): Contact {
    const flow = this.flows.find(init.flowRef ?? "inbound");
    if (!flow) throw new Error(`unknown contact flow ${init.flowRef}`);
    const contactId = crypto.randomUUID();
    const contact = new Contact(
      contactId,
      newFlowData({
        contactId,
        channel: init.channel,
        instanceArn: this.instanceArn,
        customerAddress: init.from,
        systemAddress: init.to,
        attributes: init.attributes,
      }),
    );
    this.contacts.set(contactId, contact);
    if (init.overrides) this.overrides.set(contactId, init.overrides);
    const run = runContact(contact, flow, this.environment(init.overrides?.fidelity), (flowKey, from, to) =>
      this.cover(flowKey, from, to),
    );
    this.runs.set(contactId, run);
    return contact;
  }

  /** Queued contacts and queued callbacks: what an agent would see. */
  agentView(): Record<string, unknown>[] {
    const queued = [...this.contacts.values()]
      .filter((c) => c.state === "queued")
      .map((c) => ({
        type: "queued",
        contactId: c.id,
        channel: c.channel,
        queue: c.data.Queue?.Name,
        queuedAt: c.queuedAt,
        customer: c.data.CustomerEndpoint?.Address ?? null,
        languageCode: c.data.LanguageCode,
        attributes: c.data.Attributes,
      }));
    const callbacks = this.callbacks.map((cb) => ({
      type: "callback",
      contactId: cb.contactId,
      channel: "VOICE",
      queue: cb.queue,
      queuedAt: cb.at,
      customer: cb.number,
      delaySeconds: cb.delaySeconds,
      attributes: cb.attributes,
    }));
    return [...queued, ...callbacks];
  }

  /** Logical transitions per flow: total, covered, and the ones never taken. */
  coverage(): Record<string, { total: number; covered: number; ratio: number; missing: string[] }> {
    const out: Record<string, { total: number; covered: number; ratio: number; missing: string[] }> = {};
    for (const f of this.flows.list()) {
      const all = allTransitions(f.content);
      const seen = this.covered.get(f.key) ?? new Set();
      const covered = [...all].filter((t) => seen.has(t)).length;
      out[f.key] = {
        total: all.size,
        covered,
        ratio: all.size === 0 ? 1 : covered / all.size,
        missing: [...all].filter((t) => !seen.has(t)).sort(),
      };
    }
    return out;
  }

  /** Waits for every contact run to stop (used on shutdown). */
  async stop(): Promise<void> {
    for (const c of this.contacts.values()) if (c.state !== "ended") c.provideInput({ hangup: true });
    await Promise.allSettled([...this.runs.values()]);
  }

  private async withFaults(action: string | undefined, call: () => Promise<unknown>): Promise<unknown> {
    const fault = this.lambdaFaults.find(
      (f) => f.remaining > 0 && (f.action === undefined || f.action === action),
    );
    if (!fault) return call();
    fault.remaining--;
    if (fault.kind === "respond") return { ...(fault.response ?? {}) };
    const err = new Error(fault.kind === "throttle" ? "Rate exceeded" : "injected function error");
    if (fault.kind === "throttle")
      Object.assign(err, { name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    throw err;
  }

  private cover(flowKey: string, from: string, to: string): void {
    const flow = this.flows.find(flowKey);
    if (!flow) return;
    const key = transitionKey(localizedGroups(flow.content), from, to);
    if (!key) return;
    const set = this.covered.get(flowKey) ?? new Set<string>();
    this.covered.set(flowKey, set);
    set.add(key);
  }

  private environment(fidelity?: FlowEnvironment["fidelity"]): FlowEnvironment {
    let handler: ConnectLambdaHandler | undefined;
    return {
      flows: this.flows,
      lambda: async (arn) => {
        if (arn !== this.lambdaArn) return undefined;
        handler ??= await this.options.connectHandler();
        const real = handler;
        return (event, context) =>
          this.withFaults(event.Details.Parameters.action, () => real(event, context));
      },
      lex: this.options.lex,
      hoursOpen: (hoursRef, contact) => {
        const override = this.overrides.get(contact.id)?.hoursOpen;
        if (hoursRef !== this.queue.hoursArn && hoursRef !== LOCAL_HOURS_ID) return false;
        return override ?? this.hoursOpen;
      },
      queue: (ref) => (ref === this.queue.arn || ref === this.queue.id ? this.queue : undefined),
      queueAtCapacity: () => this.queueFull,
      region: this.options.region,
      defaultLocaleId: "en_US",
      lambdaRetryBudgetMs: this.options.lambdaRetryBudgetMs,
      fidelity: { ...this.fidelity, ...fidelity },
      onCallback: (_contact, cb) => {
        this.callbacks.push(cb);
        this.options.onCallback?.(cb);
      },
    };
  }
}
