// `npm start`: local/main.ts, without a TypeScript loader when it can (plain JavaScript, so node runs it as is).
//
// Once local/main.ts has run from source, it compiles itself and local/emulator-bundle.ts into one ES module in the
// emulator's cache (updateLauncher), which starts the emulator from its cached bundle (or rebuilds that with
// esbuild) with no tsx: loading tsx and its loader hooks was a third of the time to healthy. When that launcher is
// missing or older than its sources (it checks itself: isCurrent), and with --from-source, tsx is loaded as
// `node --import tsx` would load it and local/main.ts runs from source, which compiles the launcher again.
const argv = process.argv.slice(2);
// Built, not committed: a URL, which no import checker takes for a file that must exist.
const compiled = new URL("../node_modules/.cache/orderline-emulator/launcher.mjs", import.meta.url);
const launcher = argv.includes("--from-source")
  ? undefined
  : await import(compiled.href).catch(() => undefined);
if (launcher?.isCurrent?.()) {
  await launcher.main(argv);
} else {
  await import("tsx");
  const { main } = await import("./main.ts");
  await main(argv);
}
