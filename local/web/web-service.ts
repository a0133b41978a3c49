import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultShopConfig, type ShopConfig } from "../../fulfillment/src/config.js";
import type { EmulatorContext } from "../context.js";
import { json, type LocalRequest, type LocalResponse, type LocalService } from "../service.js";
import { readFlowFiles } from "./flow-files.js";
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
  /** Folder holding the flow JSON files. @default `<repo>/flows` */
  readonly flowsDir?: string;
  /** Folder holding `<locale>/web.json`. @default `<repo>/locales` */
  readonly localesDir?: string;
  /** The shop's time zones and callback countries the page formats times and checks numbers with. @default `defaultShopConfig()` */
  readonly shopConfig?: ShopConfig;
}

/** `GET /_local/web/settings`: what the page needs of the shop settings. */
export interface ConsoleSettings {
  /** localeId → IANA zone: times are shown in the shop's zone of the row's locale. */
  timeZones: Record<string, string>;
  defaultLocale: string;
  /** ISO 3166 countries a caller number may belong to (the caller field accepts their national formats). */
  allowedCountries: string[];
}

const PUBLIC_DIR = join(here, "public");
const APP_DIR = join(here, "app");
const APP_ENTRY = join(APP_DIR, "main.ts");

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/assets/console.css": { file: "console.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
  // Browsers ask for /favicon.ico before reading the page's <link rel=icon>; they accept the SVG under it.
  "/favicon.ico": { file: "favicon.svg", type: "image/svg+xml" },
};

// The browser libraries in the bundle: a new version of one rebuilds it.
const BUNDLED_PACKAGES = ["amazon-connect-chatjs", "cytoscape", "cytoscape-dagre", "libphonenumber-js"];

/**
 * The web console: the page at `/`, its browser bundle (built with esbuild on first use and cached under
 * `.orderline/`), and the read-only `/_local/...` endpoints only the page needs.
 */
export function createWebService(ctx: EmulatorContext, props: WebServiceProps = {}): LocalService {
  const cacheDir = props.cacheDir ?? join(repoRoot, ".orderline", "web");
  const flowsDir = props.flowsDir ?? join(repoRoot, "flows");
  const localesDir = props.localesDir ?? join(repoRoot, "locales");
  const readOrders = props.readOrders ?? (() => scanOrders(ctx));
  const shop = props.shopConfig ?? defaultShopConfig();
  const settings: ConsoleSettings = {
    timeZones: shop.timeZones,
    defaultLocale: shop.defaultLocale,
    allowedCountries: shop.allowedCountries,
  };
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
    "/_local/flows": async () => json(200, readFlowFiles(flowsDir)),
    "/_local/web/text": async () => json(200, readWebText(localesDir)),
    "/_local/web/settings": async () => json(200, settings),
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
          body: req.method === "HEAD" ? "" : readFileSync(join(PUBLIC_DIR, file.file)),
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
      // A missing bundle is built in the background so the first page load does not wait; start-up does not wait
      // either (not even to read a cached one: the first page load does that).
      setImmediate(() => {
        if (!existsSync(join(cacheDir, `console-${sourceFingerprint()}.js`)))
          appBundle().catch(() => undefined);
      });
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

/**
 * Bundles the page's TypeScript with amazon-connect-chatjs, cytoscape + cytoscape-dagre (the flow diagram) and
 * libphonenumber-js (the caller field) for the browser, cached by source fingerprint. Nothing from a CDN.
 */
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
  for (const pkg of BUNDLED_PACKAGES) {
    const manifest = join(repoRoot, "node_modules", pkg, "package.json");
    if (existsSync(manifest)) hash.update(readFileSync(manifest));
  }
  return hash.digest("hex").slice(0, 16);
}
