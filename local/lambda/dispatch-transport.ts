import type { HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/types";
import type { LocalRequest, LocalResponse } from "../service.js";

/**
 * A smithy `HttpHandler` that hands each request of a real AWS SDK client to the emulator's dispatcher
 * instead of a socket: the in-process Lambdas keep their real clients (serialisation, retries, error
 * parsing) and skip loopback HTTP, which cost more CPU than the DynamoDB work itself.
 */
export class DispatchHttpHandler {
  readonly metadata = { handlerProtocol: "in-process" };

  constructor(private readonly dispatch: (req: LocalRequest) => Promise<LocalResponse>) {}

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    if (options?.abortSignal?.aborted) throw abortError();
    const res = await this.dispatch(toLocalRequest(request));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers ?? {})) headers[name.toLowerCase()] = value;
    const body = res.body === undefined ? Buffer.alloc(0) : Buffer.from(res.body);
    // A Uint8Array body is read as is by the SDK's deserializers (no stream to collect).
    return { response: { statusCode: res.status, reason: undefined, headers, body } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

const IN_PROCESS_AUTH = {
  "x-amz-date": "20260101T000000Z",
  authorization:
    "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/in-process/aws4_request, SignedHeaders=host, Signature=in-process",
};

function toLocalRequest(request: HttpRequest): LocalRequest {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  // An unsigned client (createAwsDependencies' `signRequests: false`): dynalite still wants the shape of a
  // signature, so the request carries a placeholder like the emulator's own internal requests.
  if (!headers.authorization) Object.assign(headers, IN_PROCESS_AUTH);
  return { method: request.method, path: request.path, query, headers, body: bodyBytes(request.body) };
}

function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Streaming uploads are not part of any API the Lambdas call.
  throw new TypeError("in-process transport: request body must be a string or bytes");
}

function abortError(): Error {
  return Object.assign(new Error("Request aborted"), { name: "AbortError" });
}
