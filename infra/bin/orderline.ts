import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { OrderlineStack } from "../orderline-stack.js";
import { readSettings } from "../settings.js";

// Environment-agnostic on purpose: account and region come from the deploying credentials, synth needs none.
const app = new App();
const settings = readSettings((key) => app.node.tryGetContext(key));
const stackName = (app.node.tryGetContext("stackName") as string | undefined) ?? "Orderline";
new OrderlineStack(app, stackName, { settings });
// cdk-nag runs as a policy-validation plugin: any unacknowledged finding fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
