import { type BlockRunner, param } from "./block.js";

/** "Check contact attributes": the value of one reference, matched against the Conditions. */
export const compare: BlockRunner<"Compare"> = {
  type: "Compare",
  async run(ctx) {
    return { kind: "value", value: param(ctx, "ComparisonValue") };
  },
};
