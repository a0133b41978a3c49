/**
 * Kana-only Japanese, read back into the spelling the bot's utterances use: callers (and speech engines)
 * write 「ちゅうもんをきゃんせるしたい」 or 「チュウモンヲキャンセルシタイ」 for 「注文をキャンセルしたい」. A small reading
 * lexicon of the words a shop's customers use (kanji and loanwords) is matched longest-first on kana runs.
 * Applied to training and inference text alike, so a spelling the lexicon lacks only costs that word.
 */

/** Surface → reading (hiragana). Readings of two kana are kept to words that rarely hide in others. */
const LEXICON: Record<string, string> = {
  注文: "ちゅうもん",
  注文番号: "ちゅうもんばんごう",
  番号: "ばんごう",
  取り消し: "とりけし",
  取り消: "とりけ",
  取り消さ: "とりけさ",
  配達日: "はいたつび",
  配達: "はいたつ",
  配送日: "はいそうび",
  配送: "はいそう",
  発送日: "はっそうび",
  発送: "はっそう",
  出荷: "しゅっか",
  変更: "へんこう",
  変え: "かえ",
  変える: "かえる",
  届け: "とどけ",
  届く: "とどく",
  届き: "とどき",
  届か: "とどか",
  届い: "とどい",
  お届け日: "おとどけび",
  届く日: "とどくひ",
  日付: "ひづけ",
  日にち: "ひにち",
  状況: "じょうきょう",
  荷物: "にもつ",
  商品: "しょうひん",
  電話: "でんわ",
  電話番号: "でんわばんごう",
  折り返し: "おりかえし",
  折り返: "おりかえ",
  連絡: "れんらく",
  後で: "あとで",
  担当者: "たんとうしゃ",
  担当: "たんとう",
  人と: "ひとと",
  人に: "ひとに",
  人間: "にんげん",
  一つ: "ひとつ",
  話し: "はなし",
  話す: "はなす",
  話せ: "はなせ",
  係: "かかり",
  窓口: "まどぐち",
  代わ: "かわ",
  確認: "かくにん",
  知り: "しり",
  教え: "おしえ",
  調べ: "しらべ",
  予約: "よやく",
  時間: "じかん",
  明日: "あした",
  今日: "きょう",
  来週: "らいしゅう",
  午後: "ごご",
  午前: "ごぜん",
  願い: "ねがい",
  大丈夫: "だいじょうぶ",
  結構: "けっこう",
  以上: "いじょう",
  特に: "とくに",
  違い: "ちがい",
  違う: "ちがう",
  遅らせ: "おくらせ",
  延期: "えんき",
  不要: "ふよう",
  要らない: "いらない",
  要りません: "いりません",
  残し: "のこし",
  間違: "まちが",
  購入: "こうにゅう",
  中止: "ちゅうし",
  受け取: "うけと",
  追跡: "ついせき",
  機械: "きかい",
  自動音声: "じどうおんせい",
  元気: "げんき",
  何でも: "なんでも",
  助か: "たすか",
  感謝: "かんしゃ",
  了解: "りょうかい",
  早く: "はやく",
  全部: "ぜんぶ",
  返金: "へんきん",
  頼ん: "たのん",
  キャンセル: "きゃんせる",
  オペレーター: "おぺれーたー",
  コールバック: "こーるばっく",
  ステータス: "すてーたす",
  オーダー: "おーだー",
  デリバリー: "でりばりー",
  スタッフ: "すたっふ",
  エージェント: "えーじぇんと",
  トラッキング: "とらっきんぐ",
  パッケージ: "ぱっけーじ",
  ロボット: "ろぼっと",
  サポート: "さぽーと",
  スケジュール: "すけじゅーる",
  シッピング: "しっぴんぐ",
  サービス: "さーびす",
  カスタマー: "かすたまー",
};

/** Reading → surface by first kana, longest readings first. */
const BY_READING = new Map<string, [string, string][]>();
for (const [surface, reading] of Object.entries(LEXICON)) {
  const list = BY_READING.get(reading[0]!) ?? [];
  list.push([reading, surface]);
  list.sort((a, b) => b[0].length - a[0].length);
  BY_READING.set(reading[0]!, list);
}

const KATAKANA = /[\u30A1-\u30F6]/g;
const ONLY_KATAKANA = /^[\u30A0-\u30FF\s]+$/;
const HIRAGANA_RUN = /[\u3041-\u3096ー]+/g;
// Small vowels in hiragana are typing slips (「したぃ」); in katakana they spell loanwords (ティ) and stay.
const SMALL_VOWEL: Record<string, string> = { ぁ: "あ", ぃ: "い", ぅ: "う", ぇ: "え", ぉ: "お" };

/** Katakana → hiragana (the long-vowel mark stays). */
export function toHiragana(text: string): string {
  return text.replace(KATAKANA, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Rewrites kana-only words into the lexicon's spelling; other text is left as it is. */
export function readKana(piece: string): string {
  // A sentence in katakana only (「チュウモンヲキャンセルシタイ」) is read as hiragana first.
  const text = ONLY_KATAKANA.test(piece) && piece.length > 6 ? toHiragana(piece) : piece;
  return text.replace(HIRAGANA_RUN, (run) => {
    const fixed = run.replace(/[ぁぃぅぇぉ]/g, (c) => SMALL_VOWEL[c] ?? c);
    let out = "";
    let i = 0;
    while (i < fixed.length) {
      const hit = BY_READING.get(fixed[i]!)?.find(([reading]) => fixed.startsWith(reading, i));
      if (hit) {
        out += hit[1];
        i += hit[0].length;
      } else {
        out += fixed[i];
        i++;
      }
    }
    return out;
  });
}
