/**
 * Idempotency keys: one request of one conversation. The same key twice is the same request (a Lambda retry, a
 * double confirmation): the order store applies it once, Connect creates one task (ClientToken) and the
 * callback log one record. Built here and read back here only.
 */

/** The front door a request came through: the Lex code hook or a Connect flow's Lambda action. */
export type Channel = "lex" | "connect";

/** The requests that change something. */
export type RequestName = "cancelOrder" | "changeShippingDate" | "requestCallback";

/** Where a request comes from: the Lex session id or the Connect contact id. */
export interface RequestOrigin {
  channel: Channel;
  conversationId: string;
}

/** An idempotency key; only {@link requestKey} makes one. */
export type RequestKey = string & { readonly __brand: "RequestKey" };

/** What a stored key says (`subject`: the order id, the date, the callback time and number, `:`-joined). */
export interface ParsedRequestKey extends RequestOrigin {
  request: RequestName;
  subject: string;
}

// The names keys were stored with before this module (Lex intent names, Connect action names): kept so that
// `lastRequest` values already in the table still read back and still match a retry.
const STORED_NAMES: Record<Channel, Record<RequestName, string>> = {
  lex: {
    cancelOrder: "CancelOrder",
    changeShippingDate: "ChangeShippingDate",
    requestCallback: "RequestCallback",
  },
  connect: {
    cancelOrder: "cancelOrder",
    changeShippingDate: "changeShippingDate",
    requestCallback: "requestCallback",
  },
};

/** `lex:<sessionId>:CancelOrder:<orderId>`, `connect:<contactId>:changeShippingDate:<orderId>:<date>`, … */
export function requestKey(origin: RequestOrigin, request: RequestName, ...subject: string[]): RequestKey {
  const name = STORED_NAMES[origin.channel][request];
  return [origin.channel, origin.conversationId, name, ...subject].join(":") as RequestKey;
}

// Lex session ids may themselves contain ":" (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_RecognizeText.html),
// so the request name, one of a known few, is what splits the key.
const NAME_TO_REQUEST = new Map(
  Object.entries(STORED_NAMES).flatMap(([channel, names]) =>
    Object.entries(names).map(([request, name]) => [`${channel}:${name}`, request as RequestName]),
  ),
);
const KEY_SHAPE = new RegExp(
  `^(lex|connect):(.+):(${[...new Set(Object.values(STORED_NAMES).flatMap(Object.values))].join("|")}):(.*)$`,
);

/** Reads a stored key back; undefined for anything this module did not make. */
export function parseRequestKey(key: string | undefined): ParsedRequestKey | undefined {
  const m = key ? KEY_SHAPE.exec(key) : null;
  if (!m) return undefined;
  const channel = m[1] as Channel;
  const request = NAME_TO_REQUEST.get(`${channel}:${m[3]}`);
  if (!request) return undefined;
  return { channel, conversationId: m[2]!, request, subject: m[4]! };
}

/** True when the key was made by a request of this conversation. */
export function isFromConversation(key: string | undefined, origin: RequestOrigin): boolean {
  const parsed = parseRequestKey(key);
  return parsed?.channel === origin.channel && parsed.conversationId === origin.conversationId;
}
