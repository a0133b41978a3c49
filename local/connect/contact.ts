import type { FlowData } from "./flow-data.js";

/** What the caller experiences (public contract of `/_local/calls`). */
export type ContactEvent =
  /** `voice`: the Polly voice that spoke it (voice contacts only), so tests can check the language. */
  | { type: "prompt"; text: string; voice?: string }
  | { type: "transfer"; queue: string; queueArn: string }
  | { type: "callback"; number: string; queue: string; delaySeconds: number }
  | { type: "disconnect" };

/**
 * One caller action. `bargeIn`: the words were said over the prompt still playing, not after it (the emulator has
 * no audio clock); a bot block hears them only where Lex lets the caller interrupt.
 */
export type CallerInput =
  | { say: string; bargeIn?: boolean }
  | { dtmf: string }
  | { silence: true }
  | { hangup: true };

export type ContactState = "running" | "waiting" | "queued" | "ended";

/** A transcript line: what was said/played, by whom, when. */
export interface TranscriptEntry {
  at: string;
  from: "system" | "caller";
  event?: ContactEvent;
  input?: CallerInput;
}

/** One Lambda invocation as the flow made it (for tests and the console). */
export interface LambdaRecord {
  flow: string;
  action: string;
  parameters: Record<string, string>;
  response?: Record<string, unknown>;
  error?: string;
  attempts: number;
  ms: number;
}

/** One Lex turn. */
export interface LexTurnRecord {
  text: string;
  inputMode: "Speech" | "DTMF" | "Text";
  sessionAttributes: Record<string, string>;
  requestAttributes: Record<string, string>;
  intent?: string;
  intentState?: string;
  dialogAction?: string;
  messages: string[];
}

/** Thrown into a waiting block when the caller hangs up. */
export class CallerHangUp extends Error {
  constructor() {
    super("caller hung up");
    this.name = "CallerHangUp";
  }
}

type Listener = (event: ContactEvent) => void;

/**
 * One contact (call or chat) as the interpreter sees it: its data, what it has played, and the caller's
 * input. Blocks talk to the caller only through `play` and `awaitInput`.
 */
export class Contact {
  state: ContactState = "running";
  readonly startedAt = new Date().toISOString();
  endedAt?: string;
  /** Flow key and action id per block run, in order. */
  readonly path: { flow: string; action: string; type: string }[] = [];
  readonly transcript: TranscriptEntry[] = [];
  readonly lambda: LambdaRecord[] = [];
  readonly lex: LexTurnRecord[] = [];
  readonly loops = new Map<string, number>();
  readonly eventHooks: Record<string, string> = {};
  callbackNumber?: string;
  flowLogging = false;
  voiceEngine = "Neural";
  /** Set when the contact ended in an agent queue (what an agent would pick up). */
  queuedAt?: string;
  /** Why the run stopped unexpectedly (a dead end, an interpreter error). */
  failure?: string;

  private pending: CallerInput[] = [];
  private inputWaiter?: (input: CallerInput) => void;
  private undelivered: ContactEvent[] = [];
  private settleWaiters: (() => void)[] = [];
  private readonly listeners: Listener[] = [];

  constructor(
    readonly id: string,
    readonly data: FlowData,
  ) {}

  get channel(): FlowData["Channel"] {
    return this.data.Channel;
  }

  /** Subscribes to what the caller experiences (the chat transcript uses this). */
  onEvent(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Something the caller experiences. */
  emit(event: ContactEvent): void {
    this.undelivered.push(event);
    this.transcript.push({ at: new Date().toISOString(), from: "system", event });
    for (const l of this.listeners) l(event);
  }

  /** Speaks or writes text to the caller. */
  play(text: string): void {
    if (text.trim() === "") return;
    const voice = this.channel === "VOICE" ? this.data.TextToSpeechVoiceId : undefined;
    this.emit({ type: "prompt", text, ...(voice ? { voice } : {}) });
  }

  /** Waits for the next caller input; the contact counts as "waiting" meanwhile. */
  awaitInput(): Promise<CallerInput> {
    const queued = this.pending.shift();
    if (queued) return this.deliver(queued);
    return new Promise((resolve, reject) => {
      this.inputWaiter = (input) => {
        this.inputWaiter = undefined;
        this.deliver(input).then(resolve, reject);
      };
      this.setState("waiting");
    });
  }

  /** Hands caller input to the flow (queued when the flow is busy, as chat messages are). */
  provideInput(input: CallerInput): void {
    this.transcript.push({ at: new Date().toISOString(), from: "caller", input });
    if (this.state === "ended") return;
    if ("hangup" in input && this.state === "queued") {
      this.finish();
      return;
    }
    if (this.inputWaiter) {
      this.setState("running");
      this.inputWaiter(input);
    } else this.pending.push(input);
  }

  /** True when a block is waiting for caller input right now. */
  get isWaiting(): boolean {
    return this.inputWaiter !== undefined;
  }

  /** Resolves once the flow waits for input, is queued, or ended. */
  settled(): Promise<void> {
    if (this.state !== "running") return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /** Events since the last call (what one `/_local/calls` response shows). */
  drainEvents(): ContactEvent[] {
    const out = this.undelivered;
    this.undelivered = [];
    return out;
  }

  /** The contact waits in an agent queue. */
  markQueued(): void {
    this.queuedAt = new Date().toISOString();
    this.setState("queued");
  }

  /** The contact is over. */
  finish(failure?: string): void {
    if (failure) this.failure = failure;
    if (this.state === "ended") return;
    this.endedAt = new Date().toISOString();
    this.setState("ended");
  }

  private deliver(input: CallerInput): Promise<CallerInput> {
    if ("hangup" in input) return Promise.reject(new CallerHangUp());
    return Promise.resolve(input);
  }

  private setState(state: ContactState): void {
    this.state = state;
    if (state !== "running") {
      const waiters = this.settleWaiters;
      this.settleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
