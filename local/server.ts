import http, { type IncomingMessage, type ServerResponse } from "node:http";
import http2, { type IncomingHttpHeaders, type ServerHttp2Stream } from "node:http2";
import net from "node:net";
import type { Duplex, Readable } from "node:stream";
import type { LocalRequest, LocalResponse } from "./service.js";

/** Largest request body the endpoint accepts (DynamoDB's own cap is 16 MB). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const H2_PREFACE_HEAD = "PRI ";

export interface LocalServerHandlers {
  dispatch(req: LocalRequest): Promise<LocalResponse>;
  /** HTTP/1.1 upgrade (websockets); return false to refuse. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  onError(err: unknown): void;
}

/** A running endpoint: one TCP port that speaks HTTP/1.1 and h2c (prior knowledge). */
export interface LocalServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Connections the kernel queues before the emulator accepts them (capped by `net.core.somaxconn`). The default
 * Lex runtime client opens a connection per request, so N callers at once are N connects at once: with Node's
 * default of 511, a thousand concurrent conversations overflowed the queue and connects were dropped (retried
 * seconds later) or reset (ECONNRESET).
 */
const LISTEN_BACKLOG = 4096;

/**
 * Listens on one port and sniffs each connection: the HTTP/2 client preface (`PRI * HTTP/2.0`) goes to an h2c
 * server, anything else to an HTTP/1.1 server. The Lex runtime SDK client speaks h2 by default.
 */
export async function startLocalServer(
  host: string,
  port: number,
  handlers: LocalServerHandlers,
): Promise<LocalServer> {
  const h1 = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    void serveHttp1(req, res, handlers);
  });
  h1.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!handlers.upgrade(req, socket, head)) {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    }
  });
  // The core stream API, not the compatibility layer (no request/response objects per stream): the default
  // Lex runtime client opens a new h2 connection for every request, so the per-request setup counts.
  const h2 = http2.createServer({});
  h2.on("stream", (stream, headers) => {
    void serveHttp2(stream, headers, handlers);
  });
  h2.on("sessionError", () => undefined);
  const sockets = new Set<net.Socket>();
  // noDelay: h2 frames and small JSON answers go out at once instead of waiting for the peer's delayed ACK (Nagle).
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      // Both servers take the socket itself (native handle, writev): http2 (Node >= 15) and http feed bytes
      // already read into their parser, so the sniffed chunk only needs to go back into the read buffer.
      socket.unshift(first);
      const isH2 = first.subarray(0, H2_PREFACE_HEAD.length).toString("latin1") === H2_PREFACE_HEAD;
      if (isH2) {
        h2.emit("connection", socket);
      } else {
        h1.emit("connection", socket);
        socket.resume();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        h1.closeAllConnections();
      }),
  };
}

async function serveHttp1(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: LocalServerHandlers,
): Promise<void> {
  const body = await readBody(req).catch(() => null);
  // An aborted request (the client went away mid-body) has nobody to answer.
  if (body === null) return;
  const response = await answer(
    body && toLocalRequest(req.method, req.url, req.headers, body),
    true,
    handlers,
  );
  try {
    const payload = payloadOf(response);
    res.writeHead(response.status, responseHeaders(response, payload));
    res.end(payload);
  } catch (err) {
    handlers.onError(err);
  }
}

async function serveHttp2(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  handlers: LocalServerHandlers,
): Promise<void> {
  // A reset stream (the client gave up) has nobody to answer; it must not become an unhandled error.
  stream.on("error", () => undefined);
  const body = await readBody(stream).catch(() => null);
  if (body === null) return;
  const method = headers[":method"];
  const path = headers[":path"];
  const response = await answer(body && toLocalRequest(method, path, headers, body), false, handlers);
  if (stream.destroyed || stream.closed) return;
  try {
    const payload = payloadOf(response);
    stream.respond({ ...responseHeaders(response, payload), ":status": response.status });
    stream.end(payload);
  } catch (err) {
    handlers.onError(err);
  }
}

/** The dispatcher's answer, a 413 for an over-long body, a 500 when the dispatcher throws. */
async function answer(
  req: LocalRequest | undefined,
  http1: boolean,
  handlers: LocalServerHandlers,
): Promise<LocalResponse> {
  try {
    return req ? await handlers.dispatch(req) : tooLarge(http1);
  } catch (err) {
    handlers.onError(err);
    return {
      status: 500,
      headers: { "content-type": "application/json", "x-amzn-errortype": "InternalServerException" },
      body: JSON.stringify({ message: "Internal server error" }),
    };
  }
}

function payloadOf(response: LocalResponse): Buffer {
  if (response.body === undefined) return Buffer.alloc(0);
  return typeof response.body === "string" ? Buffer.from(response.body) : response.body;
}

function responseHeaders(response: LocalResponse, payload: Buffer): Record<string, string | number> {
  const headers: Record<string, string | number> = { ...response.headers, "content-length": payload.length };
  if (!headers["x-amzn-requestid"]) headers["x-amzn-requestid"] = crypto.randomUUID();
  return headers;
}

/** The rest of an over-long body is never read: HTTP/1.1 closes the connection so the client does not hang. */
function tooLarge(http1: boolean): LocalResponse {
  return {
    status: 413,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": "ValidationException",
      ...(http1 ? { connection: "close" } : {}),
    },
    body: JSON.stringify({ message: "Request entity too large" }),
  };
}

/** The whole body, or `undefined` when it is over the limit (the rest is not read). */
function readBody(stream: Readable): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stream.off("data", onData);
        stream.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

/** Normalises an HTTP/1.1 or HTTP/2 request (pseudo-headers dropped, `:authority` as `host`). */
function toLocalRequest(
  method: string | undefined,
  target: string | undefined,
  rawHeaders: IncomingHttpHeaders,
  body: Buffer,
): LocalRequest {
  const url = new URL(target ?? "/", "http://local");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (name.startsWith(":") || value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  const authority = rawHeaders[":authority"];
  if (headers.host === undefined && typeof authority === "string") headers.host = authority;
  return {
    method: method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers,
    body,
  };
}
