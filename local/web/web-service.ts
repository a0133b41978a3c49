import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorContext } from "../context.js";
import { json, type LocalRequest, type LocalResponse, type LocalService } from "../service.js";
import { readFlowDiagrams } from "./flow-files.js";
import { scanOrders } from "./orders-scan.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");

/** Options of the web console service. */
export interface WebServiceProps {
  /**
   * Reads the orders for `GET /_local/orders`.
   * @default a DynamoDB `Scan` of the emulator's orders table through its own dispatcher
   */
  readonly readOrders?: () => Promise<Record<string, unknown>[]>;
  /** Where the browser bundle is cached between runs. @default `<repo>/.orderline/web` */
  readonly cacheDir?: string;
  /** Folder holding the flows and their Mermaid diagrams. @default `<repo>/flows` */
  readonly flowsDir?: string;
  /** Folder holding `<locale>/web.json`. @default `<repo>/locales` */
  readonly localesDir?: string;
}

const PUBLIC_DIR = join(here, "public");
const APP_DIR = join(here, "app");
const APP_ENTRY = join(APP_DIR, "main.ts");

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/assets/console.css": { file: "console.css", type: "text/css; charset=utf-8" },
};

/**
 * The web console: the page at `/`, its browser bundle (built with esbuild on first use and cached under
 * `.orderline/`), and the read-only `/_local/...` endpoints only the page needs.
 */
export function createWebService(ctx: EmulatorContext, props: WebServiceProps = {}): LocalService {
  const cacheDir = props.cacheDir ?? join(repoRoot, ".orderline", "web");
  const flowsDir = props.flowsDir ?? join(repoRoot, "flows");
  const localesDir = props.localesDir ?? join(repoRoot, "locales");
  const readOrders = props.readOrders ?? (() => scanOrders(ctx));
  // Keyed by the sources' fingerprint so an edited page is rebuilt on the next request.
  let bundle: { fingerprint: string; code: Promise<string> } | undefined;
  const appBundle = (): Promise<string> => {
    const fingerprint = sourceFingerprint();
    if (bundle?.fingerprint !== fingerprint) {
      const code = buildAppBundle(cacheDir, fingerprint);
      bundle = { fingerprint, code };
      code.catch(() => {
        if (bundle?.code === code) bundle = undefined; // let a later request retry after a fix
      });
    }
    return bundle.code;
  };

  const routes: Record<string, (req: LocalRequest) => Promise<LocalResponse>> = {
    "/assets/console.js": async () => ({
      status: 200,
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" },
      body: await appBundle(),
    }),
    "/_local/orders": async () => {
      const items = await readOrders();
      items.sort((a, b) => String(a.orderId).localeCompare(String(b.orderId)));
      return json(200, items, { "cache-control": "no-store" });
    },
    "/_local/flows": async () => json(200, readFlowDiagrams(flowsDir)),
    "/_local/web/text": async () => json(200, readWebText(localesDir)),
  };

  return {
    name: "web",
    match(req) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      return req.path in STATIC_FILES || req.path in routes;
    },
    async handle(req) {
      const file = STATIC_FILES[req.path];
      if (file) {
        return {
          status: 200,
          headers: { "content-type": file.type, "cache-control": "no-cache" },
          body: readFileSync(join(PUBLIC_DIR, file.file)),
        };
      }
      const route = routes[req.path]!;
      try {
        return await route(req);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return json(503, { message: `web console: ${req.path} failed: ${message}` });
      }
    },
    async start() {
      // Build in the background so the first page load does not wait; startup does not wait either.
      appBundle().catch(() => undefined);
    },
    health() {
      return { web: { url: "/" } };
    },
  };
}

/** UI text per locale from `locales/<locale>/web.json`, keyed by locale id. */
export function readWebText(localesDir: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const entry of readdirSync(localesDir, { withFileTypes: true })) {
    const file = join(localesDir, entry.name, "web.json");
    if (entry.isDirectory() && existsSync(file)) {
      out[entry.name] = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    }
  }
  return out;
}

/** Bundles the page's TypeScript and amazon-connect-chatjs for the browser, cached by source fingerprint. */
export async function buildAppBundle(cacheDir: string, fingerprint = sourceFingerprint()): Promise<string> {
  const cached = join(cacheDir, `console-${fingerprint}.js`);
  if (existsSync(cached)) return readFileSync(cached, "utf8");
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [APP_ENTRY],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, code);
    // Only the current bundle is worth keeping.
    for (const name of readdirSync(cacheDir)) {
      if (/^console-[0-9a-f]+\.js$/.test(name) && join(cacheDir, name) !== cached)
        rmSync(join(cacheDir, name), { force: true });
    }
  } catch {
    // A read-only checkout still serves the bundle from memory.
  }
  return code;
}

function sourceFingerprint(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(APP_DIR).sort()) {
    const st = statSync(join(APP_DIR, name));
    hash.update(`${name}:${st.size}:${st.mtimeMs};`);
  }
  const chatjs = join(repoRoot, "node_modules", "amazon-connect-chatjs", "package.json");
  if (existsSync(chatjs)) hash.update(readFileSync(chatjs));
  return hash.digest("hex").slice(0, 16);
}
