import { aws_connect as connect, Stack, Validations } from "aws-cdk-lib";
import { Construct } from "constructs";
import { FLOW_FILES } from "../../flows/catalog.js";
import {
  loadTestCaseSources,
  type TestCasePlaceholder,
  type TestCaseSource,
} from "../../flows/src/test-case-sources.js";
import type { TestEntryPoint } from "../../flows/src/testing-language.js";
import { substitutePlaceholders } from "../connect/flow-content.js";
import type { OrderlineConnect } from "../connect/orderline-connect.js";

/** The tag each deployed case carries: its file stem under flows/test-cases/. */
export const TEST_CASE_TAG = "orderline:testCase";

export interface OrderlineTestCasesProps {
  readonly instanceArn: string;
  /** The deployed flows: entry points and `{{…FlowArn}}` placeholders. */
  readonly connect: OrderlineConnect;
  readonly botAliasArn: string;
  readonly connectLambdaArn: string;
  readonly agentQueueArn: string;
  readonly hoursOfOperationArn: string;
  /**
   * The cases to deploy.
   * @default loadTestCaseSources() (every file in flows/test-cases/)
   */
  readonly sources?: TestCaseSource[];
}

/**
 * Orderline's Connect test cases as `AWS::Connect::TestCase` (PUBLISHED, so `StartTestCaseExecution` can run
 * them): the same files the emulator runs, with every `{{Placeholder}}` replaced by the deployed ARN.
 */
export class OrderlineTestCases extends Construct {
  readonly testCases = new Map<string, connect.CfnTestCase>();

  constructor(scope: Construct, id: string, props: OrderlineTestCasesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const inbound = props.connect.inboundFlow;
    if (!inbound) throw new Error("Test cases need the inbound flow (flows/inbound.json)");
    const values: Record<string, string> = {
      LexBotAliasArn: props.botAliasArn,
      ConnectLambdaArn: props.connectLambdaArn,
      AgentQueueArn: props.agentQueueArn,
      HoursOfOperationArn: props.hoursOfOperationArn,
      InboundFlowArn: inbound.attrContactFlowArn,
    } satisfies Partial<Record<TestCasePlaceholder, string>>;
    for (const f of FLOW_FILES) {
      const flow = props.connect.flows.get(f.key);
      if (f.arnPlaceholder && flow instanceof connect.CfnContactFlow)
        values[f.arnPlaceholder] = flow.attrContactFlowArn;
    }
    for (const source of props.sources ?? loadTestCaseSources()) {
      const where = `flows/test-cases/${source.key}.json`;
      const fill = (text: string) => substitutePlaceholders(text, values, where);
      // Test-case names are unique per instance, like flow names.
      const name = stack.stackName === "Orderline" ? source.Name : `${source.Name} (${stack.stackName})`;
      const testCase = new connect.CfnTestCase(this, `TestCase-${source.key}`, {
        instanceArn: props.instanceArn,
        name,
        description: source.Description,
        status: "PUBLISHED",
        content: fill(source.Content),
        entryPoint: entryPoint(source.EntryPoint, fill),
        initializationData: source.InitializationData,
        tags: [{ key: TEST_CASE_TAG, value: source.key }],
      });
      if (source.EntryPoint.VoiceCallEntryPointParameters?.SourcePhoneNumber) {
        // The registry schema escapes its E.164 pattern twice (^\\+[1-9]\\d{1,14}$), so no number passes it.
        Validations.of(testCase).acknowledge({
          id: "CloudFormation-Validate::F3031",
          reason:
            "E.164 numbers fail the doubly escaped SourcePhoneNumber pattern of the CloudFormation schema.",
        });
      }
      this.testCases.set(source.key, testCase);
    }
  }
}

function entryPoint(ep: TestEntryPoint, fill: (s: string) => string): connect.CfnTestCase.EntryPointProperty {
  const voice = ep.VoiceCallEntryPointParameters;
  const chat = ep.ChatEntryPointParameters;
  const opt = (s: string | undefined) => (s === undefined ? undefined : fill(s));
  return {
    type: ep.Type ?? "VOICE_CALL",
    voiceCallEntryPointParameters: voice
      ? {
          sourcePhoneNumber: voice.SourcePhoneNumber,
          destinationPhoneNumber: voice.DestinationPhoneNumber,
          flowId: opt(voice.FlowId),
        }
      : undefined,
    chatEntryPointParameters: chat ? { flowId: opt(chat.FlowId) } : undefined,
  };
}
