import type { Fidelity } from "./fidelity.js";
import type { FulfillmentLambdas } from "./lambda/fulfillment-lambdas.js";
import type { LocalRequest, LocalResponse } from "./service.js";

/** One SMS accepted by the emulated SNS `Publish`. */
export interface SmsRecord {
  phoneNumber: string;
  message: string;
  /** ISO 8601 (UTC) time the emulator accepted it. */
  at: string;
  messageId: string;
}

/** One callback created through the emulated Connect API. */
export interface CallbackRecord {
  phoneNumber: string;
  /** ISO 8601 with the shop-zone offset, e.g. `2026-11-24T10:00:00+09:00`. */
  scheduledAt: string | null;
  orderId: string | null;
  locale: string | null;
  contactId: string;
  source: "task" | "outbound";
  name?: string;
  description?: string;
  reason?: string;
  attributes: Record<string, string>;
  at: string;
}

/** An append-only list the `/_local/*` endpoints expose (in send order), holding the newest records only. */
export interface RecordList<T> {
  list(): T[];
  add(record: T): void;
  clear(): void;
}

/** Ids the emulator serves; fixed so tools and tests can hard-code them. */
export interface EmulatorBotInfo {
  botId: string;
  botAliasId: string;
  /** Lex's test alias id, accepted as well. */
  testAliasId: string;
  botName: string;
  locales: string[];
}

export interface EmulatorLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a service factory `createXxxService(ctx)` gets: the emulator's shared state and ids. */
export interface EmulatorContext {
  /** `http://127.0.0.1:PORT` once listening (service factories run before; read it in handlers). */
  readonly endpoint: string;
  readonly region: string;
  readonly bot: EmulatorBotInfo;
  readonly tables: { orders: string; callbacks: string };
  readonly connect: { instanceId: string; callbackFlowId: string };
  /** The fulfillment Lambdas, run in-process against this emulator (wired by arguments, not `process.env`). */
  readonly lambdas: FulfillmentLambdas;
  readonly sms: RecordList<SmsRecord>;
  readonly callbacks: RecordList<CallbackRecord>;
  readonly logger: EmulatorLogger;
  /** LevelDB folder, or `null` when in memory. */
  readonly dataDir: string | null;
  /** Sends a request through the emulator's own dispatcher (no socket), e.g. a DynamoDB call from a service. */
  dispatch(req: LocalRequest): Promise<LocalResponse>;
  /** How undocumented AWS behaviour is played, and the clock (local/fidelity.ts). @default the defaults there */
  readonly fidelity?: Fidelity;
}

/** How many records a `RecordList` keeps: an emulator left running must not grow by one per text or callback. */
export const RECORD_LIST_CAPACITY = 10_000;

/** An in-memory `RecordList`; past `capacity` the oldest record is dropped. */
export function createRecordList<T>(capacity = RECORD_LIST_CAPACITY): RecordList<T> {
  const items: T[] = [];
  return {
    list: () => [...items],
    add: (r) => {
      items.push(r);
      if (items.length > capacity) items.shift();
    },
    clear: () => {
      items.length = 0;
    },
  };
}
