import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SUPPORTED_ACTION_TYPES } from "../../../local/connect/blocks/index.js";
import type { FlowEnvironment, QueueInfo } from "../../../local/connect/environment.js";
import { FlowRegistry, loadFlow } from "../../../local/connect/flow-registry.js";
import type { TestRunTarget } from "../../../local/connect-test-cases/test-case-runner.js";

const INSTANCE_ARN = "arn:aws:connect:us-west-2:123456789012:instance/abc123";
export const EXAMPLE_FLOW_ID = "aws-example-flow";
const BASIC_QUEUE: QueueInfo = {
  id: "basic-queue",
  arn: `${INSTANCE_ARN}/queue/basic-queue`,
  name: "Basic Queue",
  hoursArn: `${INSTANCE_ARN}/flow/BasicHours`,
};

/** The small instance AWS's example describes: BasicHours closed, AlwaysOnHours open, "Basic Queue". */
export function awsExampleTarget(): TestRunTarget {
  const flows = new FlowRegistry();
  const text = readFileSync(join(import.meta.dirname, "aws-example.flow.json"), "utf8");
  flows.add(
    loadFlow(
      text,
      {
        key: EXAMPLE_FLOW_ID,
        id: EXAMPLE_FLOW_ID,
        arn: `${INSTANCE_ARN}/contact-flow/${EXAMPLE_FLOW_ID}`,
        name: "AWS example",
        type: "CONTACT_FLOW",
      },
      SUPPORTED_ACTION_TYPES,
    ),
  );
  const env: FlowEnvironment = {
    flows,
    lambda: async () => undefined,
    lex: {
      recognizeText: async () => {
        throw new Error("no bot in this fixture");
      },
    },
    // Without the test's substitution the example's hours are closed, so the override is what opens them.
    hoursOpen: (ref) => ref.endsWith("/AlwaysOnHours"),
    queue: (ref) => (ref === BASIC_QUEUE.arn || ref === BASIC_QUEUE.id ? BASIC_QUEUE : undefined),
    queueAtCapacity: () => false,
    region: "us-west-2",
    defaultLocaleId: "en_US",
  };
  return { flows, env, instanceArn: INSTANCE_ARN };
}

/** A test case file of this folder as text. */
export function exampleCase(name: string): string {
  return readFileSync(join(import.meta.dirname, name), "utf8");
}
