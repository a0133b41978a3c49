import {
  ConnectClient,
  CreateTestCaseCommand,
  DeleteTestCaseCommand,
  DescribeTestCaseCommand,
  GetTestCaseExecutionSummaryCommand,
  InvalidTestCaseException,
  ListTestCaseExecutionRecordsCommand,
  ListTestCaseExecutionsCommand,
  ListTestCasesCommand,
  paginateListTestCases,
  SearchTestCasesCommand,
  StartTestCaseExecutionCommand,
  StopTestCaseExecutionCommand,
  UpdateTestCaseCommand,
} from "@aws-sdk/client-connect";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillTestCase, loadTestCaseSources } from "../../flows/src/test-case-sources.js";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { localPlaceholderValues } from "./suite.js";

let emu: RunningEmulator;
let client: ConnectClient;
let InstanceId: string;
let fields: ReturnType<typeof fillTestCase>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  client = new ConnectClient({
    endpoint: emu.url,
    region: emu.ctx.region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });
  InstanceId = emu.ctx.connect.instanceId;
  const values = localPlaceholderValues({ region: emu.ctx.region, instanceId: InstanceId, ...emu.ctx.bot });
  const source = loadTestCaseSources().find((s) => s.key === "inbound-voice-ja-lookup-fails")!;
  fields = fillTestCase(source, values);
});
afterAll(async () => {
  await emu?.stop();
});

async function waitFor(TestCaseId: string, TestCaseExecutionId: string) {
  for (;;) {
    const s = await client.send(
      new GetTestCaseExecutionSummaryCommand({ InstanceId, TestCaseId, TestCaseExecutionId }),
    );
    if (["PASSED", "FAILED", "STOPPED"].includes(s.Status!)) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the Connect test-case API on the emulator (@aws-sdk/client-connect)", () => {
  it("creates, describes, lists, searches, runs, reports and deletes a test case", async () => {
    const created = await client.send(
      new CreateTestCaseCommand({
        ...fields,
        InstanceId,
        Name: "api lookup fails",
        Tags: { team: "orderline" },
      }),
    );
    expect(created.TestCaseArn).toBe(
      `arn:aws:connect:${emu.ctx.region}:000000000000:instance/${InstanceId}/test-case/${created.TestCaseId}`,
    );
    const TestCaseId = created.TestCaseId!;

    const described = await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId }));
    expect(described.TestCase).toMatchObject({
      Id: TestCaseId,
      Name: "api lookup fails",
      Status: "PUBLISHED",
      Tags: { team: "orderline" },
    });
    expect(described.TestCase!.LastModifiedTime).toBeInstanceOf(Date);
    expect(described.TestCase!.TestCaseSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(described.TestCase!.EntryPoint?.Type).toBe("VOICE_CALL");

    // A saved draft does not replace what runs; DescribeTestCase?status=SAVED shows it.
    await client.send(
      new UpdateTestCaseCommand({
        InstanceId,
        TestCaseId,
        Description: "draft",
        Status: "SAVED",
        Content: "{}",
      }),
    );
    const draft = await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId, Status: "SAVED" }));
    expect(draft.TestCase).toMatchObject({ Status: "SAVED", Description: "draft", Content: "{}" });
    expect(
      (await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId }))).TestCase!.Status,
    ).toBe("PUBLISHED");

    const summaries = await client.send(new ListTestCasesCommand({ InstanceId, MaxResults: 1 }));
    expect(summaries.TestCaseSummaryList).toEqual([
      expect.objectContaining({ Id: TestCaseId, Status: "PUBLISHED" }),
    ]);
    const found = await client.send(
      new SearchTestCasesCommand({
        InstanceId,
        SearchCriteria: {
          AndConditions: [
            { StringCondition: { FieldName: "name", Value: "api ", ComparisonType: "STARTS_WITH" } },
            { StatusCondition: "PUBLISHED" },
          ],
        },
        SearchFilter: { TagFilter: { TagCondition: { TagKey: "team", TagValue: "orderline" } } },
      }),
    );
    expect(found.TestCases?.map((t) => t.Id)).toEqual([TestCaseId]);
    expect(found.ApproximateTotalCount).toBe(1);

    const started = await client.send(
      new StartTestCaseExecutionCommand({ InstanceId, TestCaseId, ClientToken: "run-1" }),
    );
    expect(["INITIATED", "IN_PROGRESS"]).toContain(started.Status);
    const again = await client.send(
      new StartTestCaseExecutionCommand({ InstanceId, TestCaseId, ClientToken: "run-1" }),
    );
    expect(again.TestCaseExecutionId).toBe(started.TestCaseExecutionId);
    const TestCaseExecutionId = started.TestCaseExecutionId!;
    const summary = await waitFor(TestCaseId, TestCaseExecutionId);
    expect(summary).toMatchObject({
      Status: "PASSED",
      ObservationSummary: { TotalObservations: 3, ObservationsPassed: 3, ObservationsFailed: 0 },
    });
    expect(summary.EndTime!.getTime()).toBeGreaterThanOrEqual(summary.StartTime!.getTime());

    const records = await client.send(
      new ListTestCaseExecutionRecordsCommand({ InstanceId, TestCaseId, TestCaseExecutionId, MaxResults: 2 }),
    );
    expect(records.ExecutionRecords?.map((r) => r.ObservationId)).toEqual([
      "Mock the lookup",
      "General greeting",
    ]);
    const rest = await client.send(
      new ListTestCaseExecutionRecordsCommand({
        InstanceId,
        TestCaseId,
        TestCaseExecutionId,
        NextToken: records.NextToken,
      }),
    );
    const completed = JSON.parse(rest.ExecutionRecords![0]!.Record!);
    expect(completed).toMatchObject({ Type: "OBSERVATION", Event: "TestCompleted", Matches: 1 });
    expect(Object.keys(completed.LoggedData)).toEqual(["contact", "voice"]);
    // The test ends at the greeting, the bot's prompt in the contact's own voice: the language offer before it
    // was spoken in the offered language's voice, which the flow then gives back (local/FIDELITY.md #6).
    expect(completed.LoggedData.voice).toBe("Kazuha");

    const executions = await client.send(
      new ListTestCaseExecutionsCommand({ InstanceId, TestCaseId, Status: "PASSED" }),
    );
    expect(executions.TestCaseExecutions).toEqual([
      expect.objectContaining({ TestCaseExecutionId, TestCaseId, TestCaseExecutionStatus: "PASSED" }),
    ]);
    await client.send(new StopTestCaseExecutionCommand({ InstanceId, TestCaseId, TestCaseExecutionId }));

    await client.send(new DeleteTestCaseCommand({ InstanceId, TestCaseId }));
    await expect(client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("answers a malformed published case with InvalidTestCaseException naming observation and field", async () => {
    const content = JSON.parse(fields.Content!);
    content.Observations[1].Event.Properties.MatchingCriteria = { Type: "Exact" };
    const err = await client
      .send(
        new CreateTestCaseCommand({
          ...fields,
          InstanceId,
          Name: "api broken",
          Content: JSON.stringify(content),
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTestCaseException);
    expect((err as InvalidTestCaseException).Problems).toEqual([
      {
        message:
          'Observation "General greeting": Event.Properties.MatchingCriteria.Type must be "Similarity" or "Inclusion" (got "Exact")',
      },
    ]);
    // SAVED skips validation, and cannot run.
    const saved = await client.send(
      new CreateTestCaseCommand({
        ...fields,
        InstanceId,
        Name: "api broken",
        Content: JSON.stringify(content),
        Status: "SAVED",
      }),
    );
    await expect(
      client.send(new StartTestCaseExecutionCommand({ InstanceId, TestCaseId: saved.TestCaseId! })),
    ).rejects.toMatchObject({ name: "InvalidRequestException" });
  });

  it.each([
    ["a duplicate name", { Name: "dup" }, "DuplicateResourceException"],
    [
      "an unknown entry flow",
      { EntryPoint: { Type: "CHAT" as const, ChatEntryPointParameters: { FlowId: "nope" } } },
      "InvalidTestCaseException",
    ],
    [
      "a bad phone number",
      {
        EntryPoint: {
          Type: "VOICE_CALL" as const,
          VoiceCallEntryPointParameters: { SourcePhoneNumber: "0312345678", FlowId: "x" },
        },
      },
      "InvalidParameterException",
    ],
    ["InitializationData that is not JSON", { InitializationData: "{locale" }, "InvalidParameterException"],
  ])("rejects %s", async (_what, change, name) => {
    await client
      .send(new CreateTestCaseCommand({ ...fields, InstanceId, Name: "dup" }))
      .catch(() => undefined);
    await expect(
      client.send(new CreateTestCaseCommand({ ...fields, InstanceId, Name: "other", ...change })),
    ).rejects.toMatchObject({ name });
  });

  it("pages ListTestCases with the SDK paginator and knows only its own instance", async () => {
    const ids: string[] = [];
    for await (const page of paginateListTestCases({ client, pageSize: 1 }, { InstanceId }))
      ids.push(...(page.TestCaseSummaryList ?? []).map((s) => s.Id!));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await expect(client.send(new ListTestCasesCommand({ InstanceId: "someone-else" }))).rejects.toMatchObject(
      {
        name: "ResourceNotFoundException",
      },
    );
  });
});
