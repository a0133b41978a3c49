import { type BlockRunner, fail, NEXT, param } from "./block.js";

/** Continues in another contact flow (flow attributes do not carry over). */
export const transferToFlow: BlockRunner<"TransferToFlow"> = {
  type: "TransferToFlow",
  async run(ctx) {
    const ref = param(ctx, "ContactFlowId");
    const flow = ctx.env.flows.find(ref);
    return flow ? { kind: "transfer", flow } : fail("NoMatchingError", `unknown flow ${ref}`);
  },
};

/** Hangs up (voice) or ends the chat. */
export const disconnectParticipant: BlockRunner<"DisconnectParticipant"> = {
  type: "DisconnectParticipant",
  async run(ctx) {
    ctx.contact.emit({ type: "disconnect" });
    return { kind: "end", reason: "disconnect" };
  },
};

/** Ends a customer-queue (or whisper) flow; the contact stays where it is. */
export const endFlowExecution: BlockRunner<"EndFlowExecution"> = {
  type: "EndFlowExecution",
  async run() {
    return { kind: "end", reason: "flow-end" };
  },
};

/** Flow logging on/off (the emulator logs every block anyway; the flag shows in the call record). */
export const updateFlowLoggingBehavior: BlockRunner<"UpdateFlowLoggingBehavior"> = {
  type: "UpdateFlowLoggingBehavior",
  async run(ctx) {
    ctx.contact.flowLogging = param(ctx, "FlowLoggingBehavior") === "Enabled";
    return NEXT;
  },
};
