/** The demo customers the emulator seeds (caller-ID picker); numbers outside this list can be typed in. */
export interface DemoCaller {
  phone: string;
  name: string;
  locale: "en_US" | "ja_JP";
}

export const DEMO_CALLERS: readonly DemoCaller[] = [
  { phone: "+819012345678", name: "佐藤 花子", locale: "ja_JP" },
  { phone: "+819087654321", name: "鈴木 一郎", locale: "ja_JP" },
  { phone: "+12025550123", name: "Jane Smith", locale: "en_US" },
  { phone: "+12025550188", name: "John Doe", locale: "en_US" },
  { phone: "+12025550142", name: "Alex Kim", locale: "en_US" },
];

/** The locale a number most likely speaks: Japanese for +81, else US English. */
export function localeForNumber(phone: string): "en_US" | "ja_JP" {
  return phone.startsWith("+81") ? "ja_JP" : "en_US";
}
