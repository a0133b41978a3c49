/**
 * The contact data a flow reads through `$.` references
 * (https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html).
 */
export interface FlowData {
  ContactId: string;
  InitialContactId: string;
  PreviousContactId?: string;
  Channel: "VOICE" | "CHAT" | "TASK";
  InitiationMethod: string;
  InstanceARN: string;
  CustomerEndpoint?: { Address: string; Type: string };
  SystemEndpoint?: { Address: string; Type: string };
  LanguageCode: string;
  TextToSpeechVoiceId: string;
  Attributes: Record<string, string>;
  External: Record<string, unknown>;
  FlowAttributes: Record<string, string>;
  Lex: LexData;
  StoredCustomerInput?: string;
  Queue?: { Name: string; ARN: string };
}

export interface LexData {
  IntentName?: string;
  Slots: Record<string, string>;
  SessionAttributes: Record<string, string>;
  DialogState?: string;
  IntentConfidence?: { Score: string };
}

const REFERENCE = /\$\.(?:\['([^']+)'\]|([A-Za-z][\w-]*))((?:\.[A-Za-z0-9_-]+|\['[^']+'\])*)/g;
const WHOLE_REFERENCE = /^\$\.(?:\['[^']+'\]|[A-Za-z][\w-]*)(?:\.[A-Za-z0-9_-]+|\['[^']+'\])*$/;

/** True when the whole value is exactly one reference (`$.Attributes.x`). */
export function isWholeReference(value: unknown): boolean {
  return typeof value === "string" && WHOLE_REFERENCE.test(value);
}

/** The value at a reference, `undefined` when a segment is missing. Accepts `$.a.b` and `$.['a']`. */
export function lookupReference(data: FlowData, ref: string): unknown {
  const segments = [...ref.slice(2).matchAll(/\['([^']+)'\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2]!);
  let cur: unknown = data;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

/** A resolved value as flow text: objects as JSON, missing as "". */
export function asText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * Resolves a parameter value: a whole reference yields the value (as text), otherwise every embedded
 * reference in free text is replaced ("Going to $.Queue.Name"); numbers pass through as text.
 */
export function resolveText(data: FlowData, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") return String(value);
  if (isWholeReference(value)) return asText(lookupReference(data, value));
  return value.replace(REFERENCE, (whole) => asText(lookupReference(data, whole)));
}

/** Fresh flow data for a new contact. */
export function newFlowData(init: {
  contactId: string;
  channel: FlowData["Channel"];
  instanceArn: string;
  initiationMethod?: string;
  customerAddress?: string;
  systemAddress?: string;
  attributes?: Record<string, string>;
}): FlowData {
  return {
    ContactId: init.contactId,
    InitialContactId: init.contactId,
    Channel: init.channel,
    InitiationMethod: init.initiationMethod ?? (init.channel === "CHAT" ? "API" : "INBOUND"),
    InstanceARN: init.instanceArn,
    CustomerEndpoint: init.customerAddress
      ? { Address: init.customerAddress, Type: "TELEPHONE_NUMBER" }
      : undefined,
    SystemEndpoint: init.systemAddress
      ? { Address: init.systemAddress, Type: "TELEPHONE_NUMBER" }
      : undefined,
    LanguageCode: "en-US",
    TextToSpeechVoiceId: "Joanna",
    Attributes: { ...(init.attributes ?? {}) },
    External: {},
    FlowAttributes: {},
    Lex: { Slots: {}, SessionAttributes: {} },
  };
}
