import { ConnectClient } from "@aws-sdk/client-connect";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTestCaseSources, type TestCaseSource } from "../../flows/src/test-case-sources.js";
import {
  type ExecutionReport,
  formatReports,
  runTestCaseExecutions,
} from "../../local/connect-test-cases/execution-client.js";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { localPlaceholderValues, publishTestCases } from "./suite.js";

// Every committed case, through the real @aws-sdk/client-connect against the emulator: create, start, poll,
// records — the code path `npm run test:connect -- --target aws` takes against Connect.
const sources = loadTestCaseSources();
let emu: RunningEmulator;
let client: ConnectClient;
let instanceId: string;
let values: ReturnType<typeof localPlaceholderValues>;
const reports = new Map<string, ExecutionReport>();
let elapsedMs = 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  client = new ConnectClient({
    endpoint: emu.url,
    region: emu.ctx.region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });
  instanceId = emu.ctx.connect.instanceId;
  values = localPlaceholderValues({ region: emu.ctx.region, instanceId, ...emu.ctx.bot });
  const started = Date.now();
  const cases = await publishTestCases(client, instanceId, sources, values);
  for (const r of await runTestCaseExecutions({ client, instanceId, testCases: cases, pollMs: 20 }))
    reports.set(r.name, r);
  elapsedMs = Date.now() - started;
}, 120_000);
afterAll(async () => {
  await emu?.stop();
});

describe("Orderline's Connect test cases on the emulator", () => {
  it.each(sources.map((s) => [s.key, s] as const))("%s passes", (_key, source: TestCaseSource) => {
    const report = reports.get(source.Name)!;
    expect(report.status, formatReports([report])).toBe("PASSED");
    expect(report.summary?.ObservationsFailed).toBe(0);
    expect(report.records.length).toBe(report.summary?.TotalObservations);
  });

  it("covers the inbound, keypad-menu and agent-transfer flows on voice and chat in both locales", () => {
    const covered = (flow: string, type: string, locale: string) =>
      sources.some(
        (s) =>
          s.Flows.includes(flow) &&
          s.EntryPoint.Type === type &&
          (s.InitializationData ?? "").includes(locale),
      );
    for (const locale of ["en_US", "ja_JP"]) {
      for (const flow of ["inbound", "agent-transfer"])
        for (const type of ["VOICE_CALL", "CHAT"])
          expect(covered(flow, type, locale), `${flow} ${type} ${locale}`).toBe(true);
      // The keypad exists on voice only.
      expect(covered("keypad-menu", "VOICE_CALL", locale)).toBe(true);
    }
  });

  it("runs all of them in well under Connect's five minutes per case", () => {
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it("fails a case whose greeting is wrong, naming the observation", async () => {
    const source = sources.find((s) => s.key === "inbound-voice-ja-greeting-by-name")!;
    const broken = {
      ...source,
      Name: `${source.Name} (broken)`,
      Content: source.Content.replace(
        "佐藤様、お電話ありがとうございます。",
        "鈴木様、お電話ありがとうございます。",
      ),
    };
    const [tc] = await publishTestCases(client, instanceId, [broken], values);
    const [report] = await runTestCaseExecutions({ client, instanceId, testCases: [tc!], pollMs: 20 });
    expect(report!.status).toBe("FAILED");
    const failed = report!.records.filter((r) => r.Status === "FAILED").map((r) => r.ObservationId);
    expect(failed[0]).toBe("Greeting by name");
    expect(
      JSON.parse(report!.records.find((r) => r.ObservationId === "Greeting by name")!.Record!).FailureReason,
    ).toMatch(/MessageReceived Inclusion "鈴木様、お電話ありがとうございます。" was observed 0 of 1 time/);
    expect(formatReports([report!])).toMatch(/✘ FAILED {2}Greeting by name — MessageReceived/);
  });
});
