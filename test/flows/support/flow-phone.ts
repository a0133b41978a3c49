import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { expect } from "vitest";

/** A caller event as `/_local/calls` returns it. */
export type CallEvent = { type: string; text?: string; voice?: string; queue?: string; number?: string };

interface CallStep {
  callId: string;
  state: "waiting" | "queued" | "ended";
  events: CallEvent[];
}

/** The `GET /_local/calls/{id}` record (the parts tests read). */
export interface CallRecord {
  state: string;
  attributes: Record<string, string>;
  languageCode: string;
  voice: { id: string; engine: string };
  path: { flow: string; action: string; type: string }[];
  lambdaInvocations: {
    action: string;
    parameters: Record<string, string>;
    response?: Record<string, string>;
  }[];
  lexTurns: {
    requestAttributes: Record<string, string>;
    sessionAttributes: Record<string, string>;
    intent?: string;
  }[];
  failure: string | null;
}

/** Talks to an emulator's simulated-call API; `from(...)` starts a fluent call script. */
export class FlowPhone {
  readonly orders: DynamoDBDocumentClient;

  constructor(
    readonly url: string,
    readonly ordersTable: string,
  ) {
    this.orders = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: url,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        requestHandler: new NodeHttpHandler(),
      }),
    );
  }

  /** A call from `number`; nothing happens until the script is awaited. */
  from(
    number: string,
    options: {
      locale?: string;
      to?: string;
      hours?: "open" | "closed";
      /** Where this call's bot block sends a Failed close (local/FIDELITY.md). @default the emulator's */
      failedClose?: "intent" | "error";
    } = {},
  ): CallScript {
    return new CallScript(this, number, options);
  }

  /** Puts an order of the test's own (so mutating tests do not share orders). */
  async putOrder(order: {
    orderId: string;
    customerPhone: string;
    customerName: string;
    itemName: string;
    shippingDate: string;
    status: string;
    locale: string;
  }): Promise<void> {
    await this.orders.send(new PutCommand({ TableName: this.ordersTable, Item: order }));
  }

  async orderStatus(orderId: string): Promise<Record<string, unknown> | undefined> {
    const r = await this.orders.send(new GetCommand({ TableName: this.ordersTable, Key: { orderId } }));
    return r.Item;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(this.url + path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
}

/**
 * A call written as a chain: `.expectPrompt(/…/).say("…").press("1#").expectLambda("cancelOrder")`.
 * Prompt expectations look at what the caller heard since their last action.
 */
export class CallScript implements PromiseLike<CallRecord> {
  private readonly steps: (() => Promise<void>)[] = [];
  private callId = "";
  private state = "";
  private window: CallEvent[] = [];
  private readonly heard: CallEvent[] = [];

  constructor(
    private readonly phone: FlowPhone,
    number: string,
    options: Record<string, string | undefined>,
  ) {
    this.steps.push(async () => {
      const r = await phone.request<CallStep>("POST", "/_local/calls", { from: number, ...options });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      this.callId = r.body.callId;
      this.took(r.body);
    });
  }

  say(text: string): this {
    return this.act({ say: text });
  }

  /** Words said over the prompt still playing (barge-in), not after it. */
  sayOver(text: string): this {
    return this.act({ say: text, bargeIn: true });
  }

  /** Keys on the keypad, e.g. `"1"` or `"1001#"`. */
  press(keys: string): this {
    return this.act({ dtmf: keys });
  }

  silence(): this {
    return this.act({ silence: true });
  }

  hangup(): this {
    return this.act({ hangup: true });
  }

  /** The language menu at the start of every voice call: wait it out. */
  skipLanguageMenu(): this {
    return this.expectPrompt(/For English|日本語/).silence();
  }

  expectPrompt(pattern: RegExp | string): this {
    this.steps.push(async () => {
      const prompts = this.window.filter((e) => e.type === "prompt").map((e) => e.text ?? "");
      const hit = prompts.some((t) => (typeof pattern === "string" ? t.includes(pattern) : pattern.test(t)));
      expect(hit, `no prompt matching ${pattern} in:\n${prompts.join("\n")}\n${await this.debug()}`).toBe(
        true,
      );
    });
    return this;
  }

  /** A prompt matching `pattern` was spoken by the Polly voice `voice` (the call events carry it). */
  expectVoice(pattern: RegExp, voice: string): this {
    this.steps.push(async () => {
      const prompts = this.window.filter((e) => e.type === "prompt" && pattern.test(e.text ?? ""));
      expect(prompts.length, `no prompt matching ${pattern}\n${await this.debug()}`).toBeGreaterThan(0);
      for (const p of prompts) expect(p.voice, p.text).toBe(voice);
    });
    return this;
  }

  expectNoPrompt(pattern: RegExp): this {
    this.steps.push(async () => {
      const prompts = this.window.filter((e) => e.type === "prompt").map((e) => e.text ?? "");
      expect(prompts.filter((t) => pattern.test(t))).toEqual([]);
    });
    return this;
  }

  expectState(state: "waiting" | "queued" | "ended"): this {
    this.steps.push(async () => expect(this.state, await this.debug()).toBe(state));
    return this;
  }

  expectTransfer(queue = "Orderline agents"): this {
    this.steps.push(async () => {
      expect(
        this.window.some((e) => e.type === "transfer" && e.queue === queue),
        await this.debug(),
      ).toBe(true);
      expect(this.state).toBe("queued");
    });
    return this;
  }

  expectCallback(number?: string): this {
    this.steps.push(async () => {
      const cb = this.heard.find((e) => e.type === "callback");
      expect(cb, await this.debug()).toBeDefined();
      if (number) expect(cb?.number).toBe(number);
    });
    return this;
  }

  expectDisconnect(): this {
    this.steps.push(async () => {
      expect(this.window.at(-1)?.type, await this.debug()).toBe("disconnect");
      expect(this.state).toBe("ended");
    });
    return this;
  }

  /** The Lambda was invoked with this action (and these parameters) during the call. */
  expectLambda(action: string, parameters: Record<string, string> = {}): this {
    this.steps.push(async () => {
      const rec = await this.record();
      const hit = rec.lambdaInvocations.some(
        (l) => l.action === action && Object.entries(parameters).every(([k, v]) => l.parameters[k] === v),
      );
      expect(
        hit,
        `no ${action} ${JSON.stringify(parameters)} in ${JSON.stringify(rec.lambdaInvocations)}`,
      ).toBe(true);
    });
    return this;
  }

  expectOrder(orderId: string, status: string, fields: Record<string, string> = {}): this {
    this.steps.push(async () => {
      const item = await this.phone.orderStatus(orderId);
      expect(item?.status).toBe(status);
      for (const [k, v] of Object.entries(fields)) expect(item?.[k]).toBe(v);
    });
    return this;
  }

  expectSms(phoneNumber: string, pattern: RegExp): this {
    this.steps.push(async () => {
      const r = await this.phone.request<{ phoneNumber: string; message: string }[]>("GET", "/_local/sms");
      const hit = r.body.some((s) => s.phoneNumber === phoneNumber && pattern.test(s.message));
      expect(hit, `no SMS to ${phoneNumber} matching ${pattern}: ${JSON.stringify(r.body)}`).toBe(true);
    });
    return this;
  }

  expectAttribute(name: string, value: string | RegExp): this {
    this.steps.push(async () => {
      const rec = await this.record();
      if (typeof value === "string") expect(rec.attributes[name]).toBe(value);
      else expect(rec.attributes[name]).toMatch(value);
    });
    return this;
  }

  /** Any check on the call record. */
  check(fn: (record: CallRecord) => void | Promise<void>): this {
    this.steps.push(async () => fn(await this.record()));
    return this;
  }

  // biome-ignore lint/suspicious/noThenProperty: the script is awaited like a promise on purpose
  then<R1 = CallRecord, R2 = never>(
    onFulfilled?: ((value: CallRecord) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.run().then(onFulfilled, onRejected);
  }

  private async run(): Promise<CallRecord> {
    for (const step of this.steps) await step();
    const rec = await this.record();
    expect(rec.failure, "the flow dead-ended or the interpreter failed").toBeNull();
    return rec;
  }

  private act(input: Record<string, unknown>): this {
    this.steps.push(async () => {
      const r = await this.phone.request<CallStep>("POST", `/_local/calls/${this.callId}`, input);
      expect(r.status, `${JSON.stringify(input)} → ${JSON.stringify(r.body)}`).toBe(200);
      this.took(r.body);
    });
    return this;
  }

  private took(step: CallStep): void {
    this.state = step.state;
    this.window = step.events;
    this.heard.push(...step.events);
  }

  private async record(): Promise<CallRecord> {
    return (await this.phone.request<CallRecord>("GET", `/_local/calls/${this.callId}`)).body;
  }

  private async debug(): Promise<string> {
    const rec = await this.record();
    return `state=${this.state}; path: ${rec.path.map((p) => p.action).join(" > ")}; failure: ${rec.failure}`;
  }
}
