import { type BlockRunner, fail, NEXT, promptText } from "./block.js";

/** Plays a prompt (voice) or writes a message (chat). */
export const messageParticipant: BlockRunner<"MessageParticipant"> = {
  type: "MessageParticipant",
  async run(ctx) {
    const p = ctx.params;
    // Chat supports only Text
    // (https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-messageparticipant.html).
    if (ctx.contact.channel === "CHAT" && p.Text === undefined)
      return fail("NoMatchingError", "chat needs Text");
    ctx.contact.play(promptText(ctx));
    return NEXT;
  },
};
