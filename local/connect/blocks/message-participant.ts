import { type BlockRunner, fail, NEXT, promptText } from "./block.js";

/** Plays a prompt (voice) or writes a message (chat). */
export const messageParticipant: BlockRunner = {
  type: "MessageParticipant",
  async run(ctx) {
    const p = ctx.action.Parameters;
    // Chat supports only Text (aws-contracts §1.4).
    if (ctx.contact.channel === "CHAT" && p.Text === undefined)
      return fail("NoMatchingError", "chat needs Text");
    ctx.contact.play(promptText(ctx));
    return NEXT;
  },
};
