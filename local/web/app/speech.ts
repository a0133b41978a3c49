const LANGUAGE: Record<string, string> = { en_US: "en-US", ja_JP: "ja-JP" };

/**
 * Speaks a prompt with the browser's speech synthesis when it has a voice for the locale's language;
 * without one it stays silent rather than reading Japanese with an English voice.
 */
export function speak(text: string, locale: string): void {
  const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
  if (!synth || !text) return;
  const lang = LANGUAGE[locale] ?? locale.replace("_", "-");
  const voice = synth.getVoices().find((v) => v.lang.replace("_", "-").toLowerCase() === lang.toLowerCase());
  if (!voice) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  utterance.voice = voice;
  synth.speak(utterance);
}
