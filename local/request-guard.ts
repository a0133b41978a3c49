import type { LocalRequest, LocalResponse } from "./service.js";

/**
 * `/_local` and the web console are for this machine only: a web page elsewhere must not start calls, and a
 * DNS-rebinding page (its own name resolving to 127.0.0.1) must not read orders. AWS API calls are signed and
 * are not browser-reachable in the same way, so they pass.
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Whether a request is for the local-only surface: `/_local/*`, or an unsigned GET (the console's pages). */
export function isLocalOnly(req: LocalRequest): boolean {
  if (req.path.startsWith("/_local")) return true;
  const unsigned = !req.headers.authorization && !req.headers["x-amz-bearer"];
  return unsigned && (req.method === "GET" || req.method === "HEAD") && req.path !== "/health";
}

function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

/** Whether a listen address is loopback (else the emulator warns loudly). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith("127.");
}

/**
 * A 403 for a local-only request whose Host is not loopback (or the address the emulator was told to listen
 * on), or that comes from another origin (`Origin` / `Sec-Fetch-Site: cross-site`); undefined to let it pass.
 */
export function refuseForeignRequest(req: LocalRequest, listenHost: string): LocalResponse | undefined {
  if (!isLocalOnly(req)) return undefined;
  const host = req.headers.host;
  const allowed = (h: string) => LOOPBACK_HOSTS.has(h) || h.startsWith("127.") || h === listenHost;
  // HTTP/2 clients send :authority instead; browsers reach the console over HTTP/1.1 only.
  if (host !== undefined && !allowed(hostName(host))) return forbidden("Host is not this machine");
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch {
      return forbidden("Malformed Origin");
    }
    if (originHost !== host) return forbidden("Cross-origin request");
  } else if (origin === "null") return forbidden("Opaque origin");
  if (req.headers["sec-fetch-site"] === "cross-site") return forbidden("Cross-site request");
  return undefined;
}

function forbidden(message: string): LocalResponse {
  return {
    status: 403,
    headers: { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" },
    body: JSON.stringify({ message }),
  };
}
