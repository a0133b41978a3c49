import { describe, expect, it } from "vitest";
import { parseTestCase } from "../../flows/src/testing-language.js";
import { runTestCase } from "../../local/connect-test-cases/test-case-runner.js";
import { awsExampleTarget, EXAMPLE_FLOW_ID, exampleCase } from "./aws-example/fixture-target.js";

const entryPoint = {
  Type: "VOICE_CALL" as const,
  VoiceCallEntryPointParameters: { SourcePhoneNumber: "+15550100", FlowId: EXAMPLE_FLOW_ID },
};

async function run(file: string) {
  return runTestCase(parseTestCase(exampleCase(file)), awsExampleTarget(), { entryPoint });
}

describe("AWS's testing-language example", () => {
  it.each(["aws-example.test-case.json", "aws-example.api-reference-form.test-case.json"])(
    "passes against the flow it describes (%s)",
    async (file) => {
      const result = await run(file);
      expect(result.failure).toBeUndefined();
      expect(result.status).toBe("PASSED");
      expect(result.summary).toEqual({ TotalObservations: 3, ObservationsPassed: 3, ObservationsFailed: 0 });
      const queue = result.observations.find((o) => o.ObservationId === "Trigger Queue Announcement")!;
      expect(queue.Record.Actions[0]).toMatchObject({
        Identifier: "assertqueue",
        Status: "PASSED",
        Actual: "Basic Queue",
      });
    },
  );

  it("fails the broken copy and names the failing observation with expected and found", async () => {
    const result = await run("aws-example.broken.test-case.json");
    expect(result.status).toBe("FAILED");
    const failed = result.observations.filter((o) => o.Status === "FAILED");
    expect(failed.map((o) => o.ObservationId)).toEqual(["Trigger Queue Announcement"]);
    expect(failed[0]!.Record.FailureReason).toBe("assertqueue: $.Queue.Name Equals Premium Queue");
    expect(failed[0]!.Record.Actions[0]).toMatchObject({ Expected: "Premium Queue", Actual: "Basic Queue" });
  });

  it("fails at the welcome prompt when the hours are not substituted (the flow says it is closed)", async () => {
    const doc = JSON.parse(exampleCase("aws-example.test-case.json"));
    doc.Observations[0].Actions = [];
    const result = await runTestCase(parseTestCase(doc), awsExampleTarget(), { entryPoint });
    expect(result.status).toBe("FAILED");
    const welcome = result.observations.find((o) => o.ObservationId === "Welcome Message")!;
    expect(welcome.Status).toBe("FAILED");
    expect(welcome.Record.FailureReason).toMatch(/observed 0 of 1/);
  });
});
