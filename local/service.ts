import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Every emulated service (dynamodb/, lex/, sns/, connect/, web/) plugs into the one local endpoint
 * through this interface. The server normalises HTTP/1.1 and h2c requests into `LocalRequest`.
 */
export interface LocalRequest {
  method: string;
  /** Path without the query string, e.g. `/bots/ABC/botAliases/X/botLocales/en_US/sessions/s1/text`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface LocalResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LocalService {
  name: string;
  /** Cheap check on method/path/headers: does this service own the request? First match wins. */
  match(req: LocalRequest): boolean;
  handle(req: LocalRequest): Promise<LocalResponse>;
  /** Optional HTTP/1.1 upgrade (websockets). Return true when handled. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Extra fields merged into `GET /health` (e.g. `{ connect: { instanceId, inboundFlowId } }`). */
  health?(): Record<string, unknown>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** JSON response helper. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): LocalResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
