import { type BlockRunner, NEXT, param } from "./block.js";

/** "Set voice": the Polly voice (and engine) for the rest of the contact. */
export const updateContactTextToSpeechVoice: BlockRunner<"UpdateContactTextToSpeechVoice"> = {
  type: "UpdateContactTextToSpeechVoice",
  async run(ctx) {
    const voice = param(ctx, "TextToSpeechVoice");
    if (voice) ctx.contact.data.TextToSpeechVoiceId = voice;
    const engine = param(ctx, "TextToSpeechEngine");
    if (engine) ctx.contact.voiceEngine = engine;
    return NEXT;
  },
};
