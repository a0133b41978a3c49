const LANGUAGE: Record<string, string> = { en_US: "en-US", ja_JP: "ja-JP" };
// Chrome fills its voice list asynchronously; a prompt waits this long for it at most.
const VOICES_WAIT_MS = 1000;

let queue: Promise<void> = Promise.resolve();
let generation = 0;

/**
 * Speaks a prompt with the browser's speech synthesis when it has a voice for the locale's language;
 * without one it stays silent rather than reading Japanese with an English voice. Prompts keep their order.
 */
export function speak(text: string, locale: string): void {
  const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
  if (!synth || !text) return;
  const lang = LANGUAGE[locale] ?? locale.replace("_", "-");
  const mine = generation;
  queue = queue.then(async () => {
    const voices = await voicesOf(synth);
    if (mine !== generation) return;
    const voice = voices.find((v) => v.lang.replace("_", "-").toLowerCase() === lang.toLowerCase());
    if (!voice) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.voice = voice;
    synth.speak(utterance);
  });
}

/** Stops speaking and drops prompts not yet spoken (hang-up). */
export function stopSpeaking(): void {
  generation++;
  window.speechSynthesis?.cancel();
}

function voicesOf(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(synth.getVoices());
    synth.addEventListener("voiceschanged", done, { once: true });
    window.setTimeout(done, VOICES_WAIT_MS);
  });
}
