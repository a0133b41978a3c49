import { toE164 } from "../../../fulfillment/src/domain/phone.js";
import { type BlockContext, type BlockRunner, boolParam, fail, promptText } from "./block.js";

/** Keypad input on voice: one key matched against Conditions, or stored digits in `$.StoredCustomerInput`. */
export const getParticipantInput: BlockRunner<"GetParticipantInput"> = {
  type: "GetParticipantInput",
  async run(ctx) {
    // Without a bot, "Get customer input" exists only on voice.
    if (ctx.contact.channel !== "VOICE") return fail("NoMatchingError", "keypad input needs voice");
    ctx.contact.play(promptText(ctx));
    const input = await ctx.contact.awaitInput();
    // Speech cannot answer a keypad prompt: Connect hears keys only here, so words are silence and are lost
    // (https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html).
    if (!("dtmf" in input) || input.dtmf === "") return fail("InputTimeLimitExceeded");
    if (!boolParam(ctx, "StoreInput")) return { kind: "value", value: input.dtmf[0]! };
    return storeDigits(ctx, input.dtmf);
  },
};

function storeDigits(ctx: BlockContext<"GetParticipantInput">, keyed: string) {
  const p = ctx.params;
  const terminator = p.DTMFConfiguration?.InputTerminationSequence ?? "#";
  let digits = keyed;
  const end = digits.indexOf(terminator);
  if (end >= 0) digits = digits.slice(0, end);
  const validation = p.InputValidation ?? {};
  const max = Number(validation.CustomValidation?.MaximumLength ?? 20);
  // Connect stops collecting at the maximum length.
  digits = digits.slice(0, max);
  if (digits === "") return fail("InputTimeLimitExceeded");
  if (validation.PhoneNumberValidation) {
    const number = keyedPhoneNumber(digits, validation.PhoneNumberValidation);
    if (!number) return fail("InvalidPhoneNumber");
    digits = number;
  }
  ctx.contact.data.StoredCustomerInput = digits;
  return { kind: "next" } as const;
}

const COUNTRY_CALLING_CODES: Record<string, string> = { JP: "81", US: "1" };

function keyedPhoneNumber(
  digits: string,
  v: { NumberFormat?: string; CountryCode?: string },
): string | undefined {
  if (v.NumberFormat === "Local") {
    const cc = COUNTRY_CALLING_CODES[v.CountryCode ?? ""];
    if (!cc || !/^0?\d{9,10}$/.test(digits)) return undefined;
    return `+${cc}${digits.replace(/^0/, "")}`;
  }
  return toE164(digits.startsWith("+") ? digits : `+${digits}`);
}
