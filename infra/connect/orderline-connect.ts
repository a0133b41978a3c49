import { join } from "node:path";
import {
  Annotations,
  CfnOutput,
  aws_connect as connect,
  custom_resources as cr,
  Fn,
  aws_iam as iam,
  type aws_lambda as lambda,
  Stack,
  Validations,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import type { OrderlineSettings } from "../settings.js";
import type { ConnectRouting } from "./connect-routing.js";
import { applyDialedNumberLocales } from "./dialed-number-locales.js";
import { substitutePlaceholders } from "./flow-content.js";
import { type FlowSource, loadFlowSources, orderFlowSources } from "./flow-sources.js";

/** The committed flow JSON (another part of the repo writes it; the stack deploys whatever is there). */
export const FLOWS_DIR = join(import.meta.dirname, "..", "..", "flows");
/** The entry flow (catalog key) a claimed phone number and the chat widget start in. */
export const INBOUND_FLOW_KEY = "inbound";

export interface OrderlineConnectProps {
  readonly settings: OrderlineSettings & { connectInstanceArn: string; connectInstanceId?: string };
  readonly routing: ConnectRouting;
  readonly botAliasArn: string;
  /** The Lambda the flows invoke (`{{ConnectLambdaArn}}`). */
  readonly connectLambda: lambda.IFunction;
  /**
   * Flow files to deploy.
   * @default loadFlowSources(FLOWS_DIR)
   */
  readonly flows?: FlowSource[];
}

/** Connect wiring: bot and Lambda associations, the flows from flows/, an optional claimed phone number. */
export class OrderlineConnect extends Construct {
  /** Deployed flows and modules by file name. */
  readonly flows = new Map<string, connect.CfnContactFlow | connect.CfnContactFlowModule>();
  readonly inboundFlow?: connect.CfnContactFlow;
  readonly phoneNumber?: connect.CfnPhoneNumber;

  constructor(scope: Construct, id: string, props: OrderlineConnectProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const instanceArn = props.settings.connectInstanceArn;

    // Connect can only use bots and Lambdas associated with the instance (the console's "Add" buttons).
    new connect.CfnIntegrationAssociation(this, "LexBotAssociation", {
      instanceId: instanceArn,
      integrationType: "LEX_BOT",
      integrationArn: props.botAliasArn,
    });
    new connect.CfnIntegrationAssociation(this, "LambdaAssociation", {
      instanceId: instanceArn,
      integrationType: "LAMBDA_FUNCTION",
      integrationArn: props.connectLambda.functionArn,
    });
    // The association does not always add the resource policy; this explicit one is scoped to the instance.
    props.connectLambda.addPermission("ConnectInvoke", {
      principal: new iam.ServicePrincipal("connect.amazonaws.com"),
      sourceArn: instanceArn,
      sourceAccount: stack.account,
    });

    const values: Record<string, string> = {
      LexBotAliasArn: props.botAliasArn,
      ConnectLambdaArn: props.connectLambda.functionArn,
      AgentQueueArn: props.routing.queueArn,
      HoursOfOperationArn: props.routing.hoursOfOperationArn,
    };
    const sources = orderFlowSources(props.flows ?? loadFlowSources(FLOWS_DIR));
    if (sources.length === 0) {
      Annotations.of(this).addWarningV2(
        "orderline:noFlows",
        "flows/ holds no flow JSON yet: only the bot and Lambda associations are deployed.",
      );
    }
    for (const source of sources) {
      const raw =
        source.name === INBOUND_FLOW_KEY
          ? applyDialedNumberLocales(
              source.content,
              props.settings.dialedNumberLocales,
              `flows/${source.file}`,
            )
          : source.content;
      const content = substitutePlaceholders(raw, values, `flows/${source.file}`);
      // Flow names are unique per instance: a second stack in the same instance gets its own copies.
      const name =
        stack.stackName === "Orderline" ? source.displayName : `${source.displayName} (${stack.stackName})`;
      if (source.kind === "module") {
        const module = new connect.CfnContactFlowModule(this, `Module-${source.name}`, {
          instanceArn,
          name,
          content,
          description: source.description,
        });
        if (source.arnPlaceholder) values[source.arnPlaceholder] = module.attrContactFlowModuleArn;
        this.flows.set(source.name, module);
      } else {
        const flow = new connect.CfnContactFlow(this, `Flow-${source.name}`, {
          instanceArn,
          name,
          type: source.type ?? "CONTACT_FLOW",
          content,
          description: source.description,
          state: "ACTIVE",
        });
        if (source.arnPlaceholder) values[source.arnPlaceholder] = flow.attrContactFlowArn;
        this.flows.set(source.name, flow);
        if (source.name === INBOUND_FLOW_KEY) this.inboundFlow = flow;
        // Outputs at stack level keep readable names (FlowIdInbound, FlowIdKeypadMenu, ...).
        new CfnOutput(stack, `FlowId${pascalCase(source.name)}`, {
          value: flowId(flow.attrContactFlowArn),
          description: `Connect flow id of flows/${source.file}`,
        });
      }
    }

    new CfnOutput(stack, "AgentQueueArn", { value: props.routing.queueArn });
    new CfnOutput(stack, "HoursOfOperationArn", { value: props.routing.hoursOfOperationArn });
    new CfnOutput(stack, "CallbackTaskFlowId", { value: props.routing.callbackFlowId });

    if (props.settings.claimPhoneNumber) {
      if (!this.inboundFlow) throw new Error("claimPhoneNumber needs an inbound flow (flows/inbound.json)");
      this.phoneNumber = this.claimPhoneNumber(props.settings, this.inboundFlow);
      new CfnOutput(stack, "PhoneNumber", {
        value: this.phoneNumber.attrAddress,
        description: "Call this number",
      });
    }
  }

  private claimPhoneNumber(settings: OrderlineConnectProps["settings"], inbound: connect.CfnContactFlow) {
    const instanceArn = settings.connectInstanceArn;
    // US DIDs can be claimed by API; JP numbers need an AWS support case first (see infra/README.md).
    const number = new connect.CfnPhoneNumber(this, "PhoneNumber", {
      targetArn: instanceArn,
      countryCode: settings.phoneNumberCountry,
      type: settings.phoneNumberType,
      description: "Orderline inbound number",
    });
    // Phone number ARN: arn:aws:connect:region:account:phone-number/<id>
    const phoneNumberId = Fn.select(1, Fn.split("/", number.attrPhoneNumberArn));
    const contactFlowId = flowId(inbound.attrContactFlowArn);
    // No CloudFormation resource points a voice number at a flow; the API call is the only way.
    new cr.AwsCustomResource(this, "PhoneNumberFlow", {
      installLatestAwsSdk: false,
      onCreate: {
        service: "Connect",
        action: "AssociatePhoneNumberContactFlow",
        parameters: { PhoneNumberId: phoneNumberId, InstanceId: instanceArn, ContactFlowId: contactFlowId },
        physicalResourceId: cr.PhysicalResourceId.of("orderline-phone-number-flow"),
      },
      onUpdate: {
        service: "Connect",
        action: "AssociatePhoneNumberContactFlow",
        parameters: { PhoneNumberId: phoneNumberId, InstanceId: instanceArn, ContactFlowId: contactFlowId },
        physicalResourceId: cr.PhysicalResourceId.of("orderline-phone-number-flow"),
      },
      onDelete: {
        service: "Connect",
        action: "DisassociatePhoneNumberContactFlow",
        parameters: { PhoneNumberId: phoneNumberId, InstanceId: instanceArn },
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ["connect:AssociatePhoneNumberContactFlow", "connect:DisassociatePhoneNumberContactFlow"],
          resources: [number.attrPhoneNumberArn, inbound.attrContactFlowArn, instanceArn],
        }),
      ]),
    });
    // The provider Lambda is a stack-level singleton that aws-cdk-lib builds for every AwsCustomResource.
    const providerId = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, "")}`;
    const provider = Stack.of(this).node.tryFindChild(providerId);
    if (!provider) throw new Error(`AwsCustomResource provider ${providerId} not found`);
    Validations.of(provider).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "The aws-cdk-lib AwsCustomResource provider writes its own logs with the AWS basic execution policy.",
    });
    return number;
  }
}

/** Flow id from a flow ARN: `arn:aws:connect:region:account:instance/<instanceId>/contact-flow/<flowId>`. */
export function flowId(flowArn: string): string {
  return Fn.select(3, Fn.split("/", flowArn));
}

function pascalCase(kebab: string): string {
  return kebab
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
