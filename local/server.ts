import http, { type IncomingMessage, type ServerResponse } from "node:http";
import http2, { type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import net from "node:net";
import type { Duplex } from "node:stream";
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
 * Listens on one port and sniffs each connection: the HTTP/2 client preface (`PRI * HTTP/2.0`) goes to an h2c
 * server, anything else to an HTTP/1.1 server. The Lex runtime SDK client speaks h2 by default.
 */
export async function startLocalServer(
  host: string,
  port: number,
  handlers: LocalServerHandlers,
): Promise<LocalServer> {
  const onRequest = (
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
  ) => {
    void serve(req, res, handlers);
  };
  const h1 = http.createServer({ keepAliveTimeout: 65_000 }, onRequest);
  h1.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!handlers.upgrade(req, socket, head)) {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    }
  });
  const h2 = http2.createServer({}, onRequest);
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
    server.listen(port, host, () => {
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

async function serve(
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
  handlers: LocalServerHandlers,
): Promise<void> {
  let response: LocalResponse;
  try {
    const local = await readRequest(req);
    response = local ? await handlers.dispatch(local) : tooLarge(req.httpVersionMajor === 1);
  } catch (err) {
    handlers.onError(err);
    response = {
      status: 500,
      headers: { "content-type": "application/json", "x-amzn-errortype": "InternalServerException" },
      body: JSON.stringify({ message: "Internal server error" }),
    };
  }
  try {
    const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body);
    const headers: Record<string, string | number> = { ...response.headers, "content-length": body.length };
    if (!headers["x-amzn-requestid"]) headers["x-amzn-requestid"] = crypto.randomUUID();
    (res as ServerResponse).writeHead(response.status, headers);
    (res as ServerResponse).end(body);
  } catch (err) {
    handlers.onError(err);
  }
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

/** Normalises an HTTP/1.1 or HTTP/2 request; `undefined` when the body is over the limit. */
async function readRequest(req: IncomingMessage | Http2ServerRequest): Promise<LocalRequest | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  const url = new URL(req.url ?? "/", "http://local");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  const authority = req.headers[":authority"];
  if (headers.host === undefined && typeof authority === "string") headers.host = authority;
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: Buffer.concat(chunks),
  };
}
