/** Answers to a confirmation prompt Lex understands in each locale (its built-in yes/no handling). */
const YES: Record<string, string[]> = {
  en_US: [
    "yes",
    "yeah",
    "yep",
    "yup",
    "sure",
    "ok",
    "okay",
    "correct",
    "right",
    "that's right",
    "go ahead",
    "please do",
    "do it",
    "affirmative",
    "absolutely",
    "of course",
  ],
  ja_JP: [
    "はい",
    "ええ",
    "うん",
    "お願いします",
    "おねがいします",
    "お願い",
    "そうです",
    "大丈夫です",
    "いいです",
    "いいよ",
    "オッケー",
    "ok",
    "進めてください",
    "お願いいたします",
  ],
};
const NO: Record<string, string[]> = {
  en_US: [
    "no",
    "nope",
    "nah",
    "no thanks",
    "no thank you",
    "don't",
    "do not",
    "negative",
    "never mind",
    "nevermind",
    "stop",
    "not now",
    "wrong",
    "incorrect",
  ],
  ja_JP: [
    "いいえ",
    "いや",
    "いえ",
    "やめます",
    "やめて",
    "やめる",
    "やめておきます",
    "違います",
    "ちがいます",
    "結構です",
    "けっこうです",
    "しません",
    "だめ",
    "ダメ",
    "キャンセルしない",
  ],
};

// Keypad answers to a confirmation prompt in the Connect flows: 1 = yes, 2 = no.
const DTMF_YES = "1";
const DTMF_NO = "2";

/** `true` (yes), `false` (no) or `null` when the answer is neither or both. */
export function confirmationAnswer(text: string, localeId: string, dtmf: boolean): boolean | null {
  const t = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[。、！？!?.,…\s]+/g, " ")
    .trim();
  if (dtmf || /^[0-9#*]+$/.test(t)) {
    const digits = t.replace(/#$/, "");
    if (digits === DTMF_YES) return true;
    if (digits === DTMF_NO) return false;
    return null;
  }
  const yes = matches(t, YES[localeId] ?? YES.en_US!, localeId);
  const no = matches(t, NO[localeId] ?? NO.en_US!, localeId);
  if (yes === no) return null;
  return yes;
}

function matches(text: string, phrases: string[], localeId: string): boolean {
  if (localeId.startsWith("ja")) {
    // No word boundaries in Japanese: a short answer that starts with, or is, the phrase.
    return phrases.some((p) => text === p || (text.startsWith(p) && text.length <= p.length + 8));
  }
  const words = ` ${text.replace(/[^a-z' ]/g, " ").replace(/\s+/g, " ")} `;
  return phrases.some(
    (p) => words.startsWith(` ${p} `) || (words.includes(` ${p} `) && text.split(" ").length <= 6),
  );
}
