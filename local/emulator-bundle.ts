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
import { createRequire, isBuiltin } from "node:module";
import { dirname, extname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import type { BuildOptions, Metafile, Plugin } from "esbuild";

/**
 * Bump when the build settings below change, so every cached bundle is rebuilt.
 * v4: two CommonJS bundles (our sources; the packages they import, minified but for names), node target, dynamic
 * imports as requires, import.meta of our sources declared per file, ASCII only.
 */
const BUNDLE_FORMAT = 5;

/**
 * Packages left out of the packages bundle and required from node_modules at run time: native code
 * (classic-level, the on-disk LevelDB under dynalite; esbuild's binary, which the web console runs).
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

/**
 * dynalite 4 wraps each LevelDB iterator in a stream whose `destroy` ends it with `iterator.return()`, which
 * abstract-level 3 iterators do not have (they have `close()`): no Query or Scan ever closed its iterator, whether
 * it read to the end or stopped at `Limit`. Each stayed in the database's open-resource set with the tree version it
 * was opened on, about 7 KiB per bench conversation that was never freed (issue 15). Replaced by `close()`, in both
 * streams (keys and values); a dynalite without exactly these two fails the build (npm start then runs from source,
 * where the leak is back).
 */
const DYNALITE_ITERATOR_CLOSE = {
  from: /if \(iterator\.return\) \{(\s*)iterator\.return\(\)/g,
  to: "if (iterator.close) {$1iterator.close()",
  count: 2,
} as const;

/** Files besides the bundled sources whose change makes a cached bundle stale. */
const BUILD_CONFIG_FILES = ["tsconfig.json", "package.json"];

/** `npm start -- --from-source`: run the TypeScript sources through tsx, no bundle (TypeScript stack traces). */
export const FROM_SOURCE_FLAG = "--from-source";

/** Where `npm start` keeps its bundle (one per checkout; `npm ci` empties it with node_modules). */
export const EMULATOR_BUNDLE_CACHE = join("node_modules", ".cache", "orderline-emulator");

/**
 * The compiled launcher in the cache directory: local/main.ts and this file as one ES module, which local/start.mjs
 * (`npm start`) imports instead of loading tsx when it is current (isLauncherCurrent). Its first line records what
 * it was compiled from (LauncherHeader), so the code and its fingerprints are replaced together.
 */
export const LAUNCHER_FILE = "launcher.mjs";

/** Options of `loadEmulatorBundle`. */
export interface EmulatorBundleProps {
  /** The repository root: paths in the manifest are relative to it. */
  readonly root: string;
  /** The TypeScript entry, relative to `root`. */
  readonly entry: string;
  /** @default `<root>/node_modules/.cache/orderline-emulator` */
  readonly cacheDir?: string;
}

/** A loaded bundle: the entry's exports, run from two files instead of ~1,000 transpiled modules. */
export interface LoadedEmulatorBundle<T> {
  readonly exports: T;
  /** What this start had to build: nothing, our sources (one changed), or both bundles. */
  readonly built: "none" | "sources" | "all";
  /**
   * Stores V8's compiled code of the bundles for the next start, where it has none yet. Call once the emulator is
   * ready: the functions start-up compiled are then in the cache too.
   */
  saveCodeCache(): void;
}

/** What the cache directory records about its two bundles. */
interface BundleManifest {
  /** Hash of the build settings, Node version, lock file and config files. */
  settings: string;
  /** Our sources, with every package they import left to `packages`. */
  app: {
    file: string;
    /** Every bundled file of this repository, relative to the root, as it was bundled. */
    inputs: Record<string, SourceFingerprint>;
  };
  /** The packages `app` imports (a source edit rebuilds only `app`; `npm ci` or a new import rebuilds this). */
  packages: {
    file: string;
    /** The import specifiers it serves, sorted. */
    specifiers: string[];
  };
}

/** Options of `updateLauncher` and `isLauncherCurrent`. */
export interface LauncherProps {
  /** The repository root: paths in the header are relative to it. */
  readonly root: string;
  /** The TypeScript module compiled, relative to `root` (local/main.ts). */
  readonly entry: string;
  /** @default `<root>/node_modules/.cache/orderline-emulator` */
  readonly cacheDir?: string;
}

/** The first line of the compiled launcher, after `// `: the sources and build settings it was compiled from. */
interface LauncherHeader {
  format: number;
  entry: string;
  /** The compiled files of this repository and BUILD_CONFIG_FILES, relative to the root. */
  inputs: Record<string, SourceFingerprint>;
}

/** A bundled file as it was read: size and mtime say "unchanged" without reading it; the hash decides otherwise. */
interface SourceFingerprint {
  size: number;
  mtimeMs: number;
  sha1: string;
}

/**
 * Loads `entry` from esbuild bundles cached under node_modules/.cache: one of our sources, rebuilt when any of them
 * changes (a fraction of a second), and one of the packages they import, rebuilt when the lock file, the build
 * settings or the set of imported packages change. Starting from two pre-compiled files instead of transpiling and
 * resolving ~1,000 modules through the TypeScript loader is what makes `npm start` fast; the sources stay the only
 * thing a developer edits.
 */
export async function loadEmulatorBundle<T>(props: EmulatorBundleProps): Promise<LoadedEmulatorBundle<T>> {
  const cacheDir = props.cacheDir ?? join(props.root, EMULATOR_BUNDLE_CACHE);
  const settings = settingsHash(props.root, props.entry);
  const cached = readManifest(cacheDir, settings);
  let app = cached && isAppFresh(props.root, cacheDir, cached) ? cached.app : undefined;
  let packages = cached?.packages;
  let built: LoadedEmulatorBundle<T>["built"] = "none";
  if (!app) {
    mkdirSync(cacheDir, { recursive: true });
    const next = await buildApp(props.root, props.entry, cacheDir);
    app = next.app;
    built = "sources";
    if (
      !packages ||
      !existsSync(join(cacheDir, packages.file)) ||
      packages.specifiers.join("\n") !== next.specifiers.join("\n")
    ) {
      packages = await buildPackages(props.root, cacheDir, next.specifiers);
      built = "all";
    }
    writeAtomically(join(cacheDir, "manifest.json"), JSON.stringify({ settings, app, packages }));
    removeOtherBundles(cacheDir, [app.file, packages.file]);
  }
  return runBundles<T>(props.root, join(cacheDir, packages!.file), join(cacheDir, app.file), built);
}

/**
 * The compiled launcher was built from `entry` and the files it imports as they are now (size and mtime, else the
 * hash: see isUnchanged), with these build settings. The launcher asks this of itself before `npm start` runs it.
 */
export function isLauncherCurrent(props: LauncherProps): boolean {
  const file = join(props.cacheDir ?? join(props.root, EMULATOR_BUNDLE_CACHE), LAUNCHER_FILE);
  try {
    const text = readFileSync(file, "utf8");
    const header = JSON.parse(text.slice("// ".length, text.indexOf("\n"))) as LauncherHeader;
    return (
      header.format === BUNDLE_FORMAT &&
      header.entry === props.entry &&
      Object.entries(header.inputs).every(([input, was]) => isUnchanged(join(props.root, input), was))
    );
  } catch {
    return false; // none yet, or not one this code wrote
  }
}

/**
 * Compiles `entry` (with the files of this repository it imports; packages stay imports) into the launcher, unless
 * the one in the cache is current. Called as a start through tsx begins, so the next `npm start` does not need tsx.
 * Returns whether it compiled.
 */
export async function updateLauncher(props: LauncherProps): Promise<boolean> {
  if (isLauncherCurrent(props)) return false;
  const cacheDir = props.cacheDir ?? join(props.root, EMULATOR_BUNDLE_CACHE);
  const { text, inputs } = await compileOurSources(props.root, props.entry, { format: "esm" });
  for (const config of BUILD_CONFIG_FILES) {
    if (existsSync(join(props.root, config)))
      inputs[config] = readSource(join(props.root, config)).fingerprint;
  }
  const header: LauncherHeader = { format: BUNDLE_FORMAT, entry: props.entry, inputs };
  mkdirSync(cacheDir, { recursive: true });
  writeAtomically(join(cacheDir, LAUNCHER_FILE), `// ${JSON.stringify(header)}\n${text}`);
  return true;
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

/** The manifest, when it was written under the same build settings. */
function readManifest(cacheDir: string, settings: string): BundleManifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(cacheDir, "manifest.json"), "utf8")) as BundleManifest;
    return manifest.settings === settings ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The sources bundle is current: it exists and every file in it is unchanged. */
function isAppFresh(root: string, cacheDir: string, manifest: BundleManifest): boolean {
  if (!existsSync(join(cacheDir, manifest.app.file)) || !existsSync(join(cacheDir, manifest.packages.file)))
    return false;
  return Object.entries(manifest.app.inputs).every(([file, was]) => isUnchanged(join(root, file), was));
}

const TARGET = `node${process.versions.node.split(".")[0]}`;

/**
 * Compiles `entry` with the files of this repository it imports into one file in memory (every bare import stays an
 * import or a require), and fingerprints exactly the sources it read.
 */
async function compileOurSources(
  root: string,
  entry: string,
  options: Pick<BuildOptions, "format" | "supported">,
): Promise<{ text: string; metafile: Metafile; inputs: Record<string, SourceFingerprint> }> {
  const { build } = await import("esbuild");
  const read = new Map<string, SourceFingerprint>();
  const result = await build({
    ...options,
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    target: TARGET,
    // The bundle runs from the cache directory: import.meta says where each file is in the repository.
    define: Object.fromEntries(
      Object.entries(IMPORT_META_NAMES).map(([key, name]) => [`import.meta.${key}`, name]),
    ),
    plugins: [ourSources(root, read)],
    write: false,
    metafile: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const inputs: Record<string, SourceFingerprint> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = join(root, input);
    inputs[input] = read.get(file) ?? readSource(file).fingerprint;
  }
  return { text: result.outputFiles[0]!.text, metafile: result.metafile, inputs };
}

async function buildApp(
  root: string,
  entry: string,
  cacheDir: string,
): Promise<{ app: BundleManifest["app"]; specifiers: string[] }> {
  // Every bare import stays a require(), which runBundles answers from the packages bundle.
  const { text, metafile, inputs } = await compileOurSources(root, entry, {
    format: "cjs",
    // A dynamic import() in a script compiled with vm.Script has no module loader to go to; as a require it
    // stays lazy.
    supported: { "dynamic-import": false },
  });
  const specifiers = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !isBuiltin(imported.path)) specifiers.add(imported.path);
    }
  }
  const file = writeBundle(cacheDir, "app", asciiOnly(text));
  return { app: { file, inputs }, specifiers: [...specifiers].sort() };
}

/** One bundle of the packages: `module.exports[specifier]()` requires one, lazily, as the sources would. */
async function buildPackages(
  root: string,
  cacheDir: string,
  specifiers: string[],
): Promise<BundleManifest["packages"]> {
  const { build } = await import("esbuild");
  const entry = `module.exports = {\n${specifiers
    .map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`)
    .join("\n")}\n};\n`;
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, sourcefile: "packages-entry.cjs", loader: "js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: TARGET,
    supported: { "dynamic-import": false },
    external: EXTERNAL_PACKAGES,
    plugins: [dynalitePatches()],
    // Third-party code: a third less to read on every start. Names stay, so stack traces still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const file = writeBundle(cacheDir, "packages", asciiOnly(result.outputFiles[0]!.text));
  return { file, specifiers };
}

/** Writes a bundle under a name of its content hash; returns the name. */
function writeBundle(cacheDir: string, kind: "app" | "packages", code: string): string {
  const file = `${kind}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.cjs`;
  if (!existsSync(join(cacheDir, file))) writeAtomically(join(cacheDir, file), code);
  return file;
}

/** Only the current bundles (and their code caches) are worth keeping. */
function removeOtherBundles(cacheDir: string, keep: string[]): void {
  const stems = keep.map((f) => f.slice(0, -".cjs".length));
  for (const file of readdirSync(cacheDir)) {
    if (
      /^(app|packages|emulator)-[0-9a-f]+\.(cjs|v8)$/.test(file) &&
      !stems.some((s) => file.startsWith(`${s}.`))
    )
      rmSync(join(cacheDir, file), { force: true });
  }
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

/** The two dynalite patches above, applied to its files as esbuild loads them. */
function dynalitePatches(): Plugin {
  return {
    name: "dynalite-patches",
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
      b.onLoad({ filter: /[\\/]node_modules[\\/]dynalite[\\/]db[\\/]index\.js$/ }, (args) => ({
        contents: closeDynaliteIterators(readFileSync(args.path, "utf8")),
        loader: "js",
      }));
    },
  };
}

/** dynalite's db/index.js with its LevelDB iterators closed when their stream ends (DYNALITE_ITERATOR_CLOSE). */
export function closeDynaliteIterators(source: string): string {
  const { from, to, count } = DYNALITE_ITERATOR_CLOSE;
  const found = source.match(from)?.length ?? 0;
  if (found !== count)
    throw new Error(`dynalite's db/index.js has ${found} iterator.return() ends, not ${count}`);
  return source.replace(from, to);
}

/** Writes through a temporary file and a rename: a start running at the same time never reads half a file. */
function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** A bundle compiled by `vm.Script`, with V8's code cache when there is one. */
interface CompiledBundle {
  run(require: NodeJS.Require): unknown;
  saveCodeCache(): void;
}

/**
 * Compiles a bundle as a CommonJS module with `vm.Script`, which (unlike `require`) takes V8's code cache, and which
 * the TypeScript loader registered by `--import tsx` leaves alone (it would re-parse megabytes to rewrite
 * dynamic imports).
 */
function compileBundle(file: string): CompiledBundle {
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
  let saved = cachedData !== undefined && !script.cachedDataRejected;
  return {
    run(require) {
      const wrapper = script.runInThisContext() as (
        exports: unknown,
        require: NodeJS.Require,
        module: { exports: unknown },
        filename: string,
        dirname: string,
      ) => void;
      const module = { exports: {} as unknown };
      wrapper.call(module.exports, module.exports, require, module, file, dirname(file));
      return module.exports;
    },
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

/** Runs the packages bundle, then our sources' bundle with a require() that serves packages from it. */
function runBundles<T>(
  root: string,
  packagesFile: string,
  appFile: string,
  built: LoadedEmulatorBundle<T>["built"],
): LoadedEmulatorBundle<T> {
  // Builtins and the packages left out of the bundles resolve from the repository, wherever the cache is.
  const nodeRequire = createRequire(join(root, "package.json"));
  const packages = compileBundle(packagesFile);
  const app = compileBundle(appFile);
  const table = packages.run(nodeRequire) as Record<string, () => unknown>;
  const loaded = new Map<string, unknown>();
  const require = Object.assign(
    (id: string): unknown => {
      const load = Object.hasOwn(table, id) ? table[id] : undefined;
      if (!load) return nodeRequire(id);
      if (!loaded.has(id)) loaded.set(id, load());
      return loaded.get(id);
    },
    {
      resolve: nodeRequire.resolve,
      cache: nodeRequire.cache,
      main: nodeRequire.main,
      extensions: nodeRequire.extensions,
    },
  ) as NodeJS.Require;
  const exports = app.run(require) as T;
  return {
    exports,
    built,
    saveCodeCache() {
      packages.saveCodeCache();
      app.saveCodeCache();
    },
  };
}
