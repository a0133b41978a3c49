import { type BlockRunner, fail, NEXT, param } from "./block.js";

/** Continues in another contact flow (flow attributes do not carry over). */
export const transferToFlow: BlockRunner = {
  type: "TransferToFlow",
  async run(ctx) {
    const ref = param(ctx, "ContactFlowId");
    const flow = ctx.env.flows.find(ref);
    return flow ? { kind: "transfer", flow } : fail("NoMatchingError", `unknown flow ${ref}`);
  },
};

/** Runs a flow module, then continues at NextAction. */
export const invokeFlowModule: BlockRunner = {
  type: "InvokeFlowModule",
  async run(ctx) {
    const ref = param(ctx, "FlowModuleId");
    const flow = ctx.env.flows.find(ref);
    return flow ? { kind: "module", flow } : fail("NoMatchingError", `unknown flow module ${ref}`);
  },
};

/** Ends a flow module; the caller's flow continues. */
export const endFlowModuleExecution: BlockRunner = {
  type: "EndFlowModuleExecution",
  async run() {
    return { kind: "end", reason: "module-end" };
  },
};

/** Hangs up (voice) or ends the chat. */
export const disconnectParticipant: BlockRunner = {
  type: "DisconnectParticipant",
  async run(ctx) {
    ctx.contact.emit({ type: "disconnect" });
    return { kind: "end", reason: "disconnect" };
  },
};

/** Ends a customer-queue (or whisper) flow; the contact stays where it is. */
export const endFlowExecution: BlockRunner = {
  type: "EndFlowExecution",
  async run() {
    return { kind: "end", reason: "flow-end" };
  },
};

/** Flow logging on/off (the emulator logs every block anyway; the flag shows in the call record). */
export const updateFlowLoggingBehavior: BlockRunner = {
  type: "UpdateFlowLoggingBehavior",
  async run(ctx) {
    ctx.contact.flowLogging = param(ctx, "FlowLoggingBehavior") === "Enabled";
    return NEXT;
  },
};
