import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
// Before dynalite: its in-memory tables store strings (memory-level-strings.ts).
import "./memory-level-strings.js";
import dynalite from "dynalite";
import type { EmulatorContext } from "../context.js";
import type { LocalRequest, LocalResponse, LocalService } from "../service.js";
import { DynamoTransactions } from "./transactions.js";

const TARGET_PREFIX = "DynamoDB_20120810.";

/** A dynalite instance driven in-process: requests go to its handler without a second socket. */
export class DynaliteBackend {
  private readonly server: Server;
  private readonly handler: RequestListener;
  private listening = false;

  constructor(readonly path: string | null) {
    if (path) mkdirSync(path, { recursive: true });
    this.server = dynalite({ path: path ?? undefined, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    this.handler = this.server.listeners("request")[0] as RequestListener;
  }

  /** dynalite only closes its LevelDB through `server.close`, which needs a listening server. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.listening = true;
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  /** Runs one DynamoDB JSON request through dynalite. */
  handle(req: LocalRequest): Promise<LocalResponse> {
    return new Promise((resolve) => {
      const fakeReq = new EventEmitter() as IncomingMessage;
      Object.assign(fakeReq, { method: req.method, url: "/", headers: req.headers });
      const headers: Record<string, string> = {};
      const fakeRes = {
        statusCode: 200,
        contentType: "application/x-amz-json-1.0",
        setHeader(name: string, value: string | number) {
          headers[name.toLowerCase()] = String(value);
        },
        end(body?: string) {
          resolve({ status: this.statusCode, headers, body: body ?? "" });
        },
      };
      this.handler(fakeReq, fakeRes as unknown as ServerResponse);
      if (req.body.length > 0) fakeReq.emit("data", req.body);
      fakeReq.emit("end");
    });
  }

  /** Calls an operation with a plain JSON body (signed-looking headers so dynalite's auth check passes). */
  async call<T = Record<string, unknown>>(operation: string, input: unknown): Promise<T> {
    const res = await this.handle(internalRequest(operation, input));
    const body = JSON.parse(String(res.body || "{}")) as T & { __type?: string; message?: string };
    if (res.status !== 200) {
      const type = (body.__type ?? "UnknownError").split("#").pop();
      throw Object.assign(new Error(`${operation}: ${type}: ${body.message ?? ""}`), { name: type });
    }
    return body;
  }
}

/** The operation a DynamoDB request names (`DynamoDB_20120810.GetItem` → `GetItem`). */
export function operationOf(req: LocalRequest): string {
  return (req.headers["x-amz-target"] ?? "").slice(TARGET_PREFIX.length);
}

/** A DynamoDB request as the SDK would send it, for in-process callers. */
export function internalRequest(operation: string, input: unknown): LocalRequest {
  return {
    method: "POST",
    path: "/",
    query: new URLSearchParams(),
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `${TARGET_PREFIX}${operation}`,
      "x-amz-date": "20260101T000000Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local",
    },
    body: Buffer.from(JSON.stringify(input)),
  };
}

/**
 * The DynamoDB API (`X-Amz-Target: DynamoDB_20120810.*`) on the shared port, backed by dynalite, with
 * TransactWriteItems and TransactGetItems added in front of it (transactions.ts).
 */
export function createDynamoDbService(_ctx: EmulatorContext, backend: DynaliteBackend): LocalService {
  const transactions = new DynamoTransactions(backend);
  return {
    name: "dynamodb",
    match: (req) => req.method === "POST" && (req.headers["x-amz-target"] ?? "").startsWith(TARGET_PREFIX),
    handle: (req) => transactions.handle(operationOf(req), req),
    health: () => ({ dynamodb: { backend: "dynalite", persistent: backend.path !== null } }),
  };
}
