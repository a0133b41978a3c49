import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import type { Plugin } from "esbuild";

/**
 * Bump when the build settings below change, so every cached bundle is rebuilt.
 * v2: CommonJS, node target, dynamic imports as requires, import.meta of our sources declared per file, ASCII.
 */
const BUNDLE_FORMAT = 2;

/**
 * Packages left out of the bundle and required from node_modules at run time: native code (classic-level, the
 * on-disk LevelDB under dynalite; esbuild's binary, which the web console runs).
 */
const EXTERNAL_PACKAGES = ["classic-level", "esbuild"];

/**
 * dynalite requires its actions and validations by computed name (`require('./actions/' + action)`); esbuild
 * bundles every file such a pattern can reach, keyed with the extension, so the extension is added.
 */
const DYNALITE_COMPUTED_REQUIRES = [
  ["require('./actions/' + action)", "require('./actions/' + action + '.js')"],
  ["require('./validations/' + action)", "require('./validations/' + action + '.js')"],
] as const;

/** Files besides the bundled sources whose change makes a cached bundle stale. */
const BUILD_CONFIG_FILES = ["tsconfig.json", "package.json"];

/** `npm start -- --from-source`: run the TypeScript sources through tsx, no bundle (TypeScript stack traces). */
export const FROM_SOURCE_FLAG = "--from-source";

/** Where `npm start` keeps its bundle (one per checkout; `npm ci` empties it with node_modules). */
export const EMULATOR_BUNDLE_CACHE = join("node_modules", ".cache", "orderline-emulator");

/** Options of `loadEmulatorBundle`. */
export interface EmulatorBundleProps {
  /** The repository root: paths in the manifest are relative to it. */
  readonly root: string;
  /** The TypeScript entry, relative to `root`. */
  readonly entry: string;
  /** @default `<root>/node_modules/.cache/orderline-emulator` */
  readonly cacheDir?: string;
}

/** A loaded bundle: the entry's exports, run from one file instead of hundreds of transpiled modules. */
export interface LoadedEmulatorBundle<T> {
  readonly exports: T;
  /** True when this start built the bundle (the cache was missing or stale). */
  readonly built: boolean;
  /**
   * Stores V8's compiled code of the bundle for the next start, when it has none yet. Call once the emulator is
   * ready: the functions start-up compiled are then in the cache too.
   */
  saveCodeCache(): void;
}

/** What the cache directory records about its bundle. */
interface BundleManifest {
  /** Hash of the build settings, Node version, lock file and config files. */
  settings: string;
  /** The bundle's file name in the cache directory. */
  bundle: string;
  /** Every bundled file of this repository (not node_modules), relative to the root, as it was bundled. */
  inputs: Record<string, SourceFingerprint>;
}

/** A bundled file as it was read: size and mtime say "unchanged" without reading it; the hash decides otherwise. */
interface SourceFingerprint {
  size: number;
  mtimeMs: number;
  sha1: string;
}

/**
 * Loads `entry` from an esbuild bundle of it and everything it imports, cached under node_modules/.cache and
 * rebuilt when any bundled source file, the lock file or the build settings change. Starting from one
 * pre-compiled file instead of transpiling and resolving ~1,000 modules through the TypeScript loader is what
 * makes `npm start` fast; the sources stay the only thing a developer edits.
 */
export async function loadEmulatorBundle<T>(props: EmulatorBundleProps): Promise<LoadedEmulatorBundle<T>> {
  const cacheDir = props.cacheDir ?? join(props.root, EMULATOR_BUNDLE_CACHE);
  const settings = settingsHash(props.root, props.entry);
  let manifest = readFreshManifest(props.root, cacheDir, settings);
  const built = manifest === undefined;
  if (!manifest) manifest = await buildBundle(props.root, props.entry, cacheDir, settings);
  return runBundle<T>(join(cacheDir, manifest.bundle), props.root, built);
}

function settingsHash(root: string, entry: string): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([BUNDLE_FORMAT, entry, root, process.version, process.arch]));
  // npm ci / npm install rewrite the hidden lock file whenever a package in node_modules changes.
  const lock = [join(root, "node_modules", ".package-lock.json"), join(root, "package-lock.json")].find(
    existsSync,
  );
  for (const file of [...(lock ? [lock] : []), ...BUILD_CONFIG_FILES.map((f) => join(root, f))]) {
    hash.update(file);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

function sha1(data: string | Uint8Array): string {
  return createHash("sha1").update(data).digest("hex");
}

/** Reads a source file for the bundle and fingerprints exactly what was read (stat first: see isUnchanged). */
function readSource(file: string): { text: string; fingerprint: SourceFingerprint } {
  const { size, mtimeMs } = statSync(file);
  const data = readFileSync(file);
  return { text: data.toString("utf8"), fingerprint: { size, mtimeMs, sha1: sha1(data) } };
}

/**
 * Same size and mtime as when bundled: unchanged (an edit between the stat and the read of readSource leaves a
 * newer mtime, so it is hashed here). Otherwise the content decides: a checkout or `touch` alone rebuilds nothing.
 */
function isUnchanged(file: string, was: SourceFingerprint): boolean {
  try {
    const { size, mtimeMs } = statSync(file);
    if (size === was.size && mtimeMs === was.mtimeMs) return true;
    return size === was.size && sha1(readFileSync(file)) === was.sha1;
  } catch {
    return false; // deleted or renamed: whatever imported it changed too, but rebuild regardless
  }
}

/** The manifest when its bundle is current: same settings and every input file unchanged. */
function readFreshManifest(root: string, cacheDir: string, settings: string): BundleManifest | undefined {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir, "manifest.json"), "utf8")) as BundleManifest;
  } catch {
    return undefined;
  }
  if (manifest.settings !== settings || !existsSync(join(cacheDir, manifest.bundle))) return undefined;
  for (const [file, fingerprint] of Object.entries(manifest.inputs)) {
    if (!isUnchanged(join(root, file), fingerprint)) return undefined;
  }
  return manifest;
}

async function buildBundle(
  root: string,
  entry: string,
  cacheDir: string,
  settings: string,
): Promise<BundleManifest> {
  const { build } = await import("esbuild");
  const read = new Map<string, SourceFingerprint>();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    // A dynamic import() in a script compiled with vm.Script has no module loader to go to; as a require it
    // stays lazy.
    supported: { "dynamic-import": false },
    external: EXTERNAL_PACKAGES,
    define: Object.fromEntries(
      Object.entries(IMPORT_META_NAMES).map(([key, name]) => [`import.meta.${key}`, name]),
    ),
    plugins: [ourSources(root, read), dynaliteRequiresWithExtension()],
    write: false,
    metafile: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = asciiOnly(result.outputFiles[0]!.text);
  const inputs: Record<string, SourceFingerprint> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith("node_modules/") || input.includes(":")) continue;
    const file = join(root, input);
    inputs[input] = read.get(file) ?? readSource(file).fingerprint;
  }
  const name = `emulator-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.cjs`;
  const manifest: BundleManifest = { settings, bundle: name, inputs };
  mkdirSync(cacheDir, { recursive: true });
  writeAtomically(join(cacheDir, name), code);
  writeAtomically(join(cacheDir, "manifest.json"), JSON.stringify(manifest));
  // Only the current bundle (and its code cache) is worth keeping.
  for (const file of readdirSync(cacheDir)) {
    if (/^emulator-[0-9a-f]+\.(cjs|v8)$/.test(file) && !file.startsWith(name.slice(0, -".cjs".length)))
      rmSync(join(cacheDir, file), { force: true });
  }
  return manifest;
}

// `import.meta.X` of a bundled file → these names, which each file that uses them declares (ourSources).
const IMPORT_META_NAMES = {
  url: "__orderlineImportMetaUrl",
  dirname: "__orderlineImportMetaDirname",
  filename: "__orderlineImportMetaFilename",
} as const;

const LOADERS = { ts: "ts", mts: "ts", cts: "ts", js: "js", mjs: "js", cjs: "js", json: "json" } as const;

/**
 * Loads this repository's files (not node_modules) for the build, fingerprinting each into `read` as it is read.
 * The bundle lives in node_modules/.cache and has no `import.meta`, so a file that reads `import.meta.url` /
 * `.dirname` / `.filename` gets its own location declared in front of its first line (line numbers stay): the
 * files it reads next to itself (locales, flows, web assets) are found as when it runs from source. The build's
 * `define`s point the expressions at these names, so text in strings is not touched.
 */
function ourSources(root: string, read: Map<string, SourceFingerprint>): Plugin {
  return {
    name: "our-sources",
    setup(b) {
      b.onLoad({ filter: /\.([cm]?[jt]s|json)$/ }, (args) => {
        if (relative(root, args.path).split(sep)[0] === "node_modules") return undefined;
        const loader = LOADERS[extname(args.path).slice(1) as keyof typeof LOADERS];
        const { text, fingerprint } = readSource(args.path);
        read.set(args.path, fingerprint);
        if (loader === "json" || !text.includes("import.meta")) return { contents: text, loader };
        const values = {
          url: pathToFileURL(args.path).href,
          dirname: dirname(args.path),
          filename: args.path,
        };
        const declarations = Object.entries(IMPORT_META_NAMES)
          .map(([key, name]) => `${name} = ${JSON.stringify(values[key as keyof typeof values])}`)
          .join(", ");
        return { contents: `const ${declarations}; ${text}`, loader };
      });
    },
  };
}

/**
 * esbuild escapes non-ASCII text in strings but leaves it in regular expressions and comments (the Japanese
 * date patterns). One non-ASCII character makes V8 hold the whole 4 MB source as a two-byte string, decoded from
 * UTF-8 on every start; escaped (`\uXXXX` means the same code unit in a string, a template, an identifier and a
 * regular expression, with or without the u flag) the bundle is read as Latin-1 in a fraction of the time.
 */
function asciiOnly(code: string): string {
  // An odd run of backslashes before the character escapes it (`\ー` is `ー`): the last one goes with it.
  return code.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes: string, c: string) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

function dynaliteRequiresWithExtension(): Plugin {
  return {
    name: "dynalite-requires-with-extension",
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/]dynalite[\\/]index\.js$/ }, (args) => {
        let contents = readFileSync(args.path, "utf8");
        for (const [from, to] of DYNALITE_COMPUTED_REQUIRES) {
          // A dynalite that loads its actions differently fails the build: npm start then runs from source.
          if (!contents.includes(from)) throw new Error(`dynalite no longer has ${from}`);
          contents = contents.replace(from, to);
        }
        return { contents, loader: "js" };
      });
    },
  };
}

/** Writes through a temporary file and a rename: a start running at the same time never reads half a file. */
function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Runs the bundle as a CommonJS module compiled by `vm.Script`, which (unlike `require`) takes V8's code cache,
 * and which the TypeScript loader registered by `--import tsx` leaves alone (it would re-parse 4 MB to rewrite
 * dynamic imports).
 */
function runBundle<T>(file: string, root: string, built: boolean): LoadedEmulatorBundle<T> {
  const codeCacheFile = file.replace(/\.cjs$/, ".v8");
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, "latin1"); // ASCII only: see asciiOnly
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} as T };
  // The packages left out of the bundle resolve from the repository, wherever the cache directory is.
  const require = createRequire(join(root, "package.json"));
  wrapper.call(module.exports, module.exports, require, module, file, dirname(file));
  let saved = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    built,
    saveCodeCache() {
      if (saved) return;
      saved = true;
      try {
        writeAtomically(codeCacheFile, script.createCachedData());
      } catch {
        // A read-only node_modules only costs the next start its compile time.
      }
    },
  };
}
