import { z } from "zod";

const slotValue = z.object({
  originalValue: z.string().optional(),
  interpretedValue: z.string().nullable().optional(),
  resolvedValues: z.array(z.string()).optional(),
});
const slot = z
  .object({
    shape: z.string().optional(),
    value: slotValue.optional(),
    values: z.array(z.unknown()).optional(),
  })
  .nullable();

const intent = z.object({
  name: z.string().min(1).max(100),
  slots: z.record(z.string(), slot).nullable().optional(),
  state: z.string().optional(),
  confirmationState: z.string().optional(),
});

/** The part of the Lex V2 code-hook event Orderline relies on (unknown fields are ignored, as AWS advises). */
export const lexEventSchema = z.object({
  messageVersion: z.string().optional(),
  invocationSource: z.enum(["DialogCodeHook", "FulfillmentCodeHook"]),
  inputMode: z.string().optional(),
  sessionId: z.string().min(1).max(100),
  inputTranscript: z.string().max(4096).optional().default(""),
  bot: z
    .object({ id: z.string().optional(), localeId: z.string().min(2), name: z.string().optional() })
    .loose(),
  sessionState: z
    .object({
      sessionAttributes: z.record(z.string(), z.string()).nullable().optional(),
      intent,
      activeContexts: z.array(z.unknown()).optional(),
    })
    .loose(),
  requestAttributes: z.record(z.string(), z.string()).nullable().optional(),
  interpretations: z.array(z.unknown()).optional(),
  proposedNextState: z.unknown().optional(),
});

export type LexEvent = z.infer<typeof lexEventSchema>;
export type LexSlots = Record<string, z.infer<typeof slot>>;

/** Validates at the edge; `null` when the event is not a usable Lex V2 event. */
export function parseLexEvent(raw: unknown): LexEvent | null {
  const result = lexEventSchema.safeParse(raw);
  return result.success ? result.data : null;
}

/** The interpreted (else original) value of a slot, or undefined. */
export function slotText(slots: LexSlots | null | undefined, name: string): string | undefined {
  const v = slots?.[name]?.value;
  const text = v?.interpretedValue ?? v?.originalValue;
  return text?.trim() ? text.trim() : undefined;
}

/** A slot as Lex represents a value the code hook filled in. */
export function scalarSlot(value: string, original = value) {
  return {
    shape: "Scalar",
    value: { originalValue: original, interpretedValue: value, resolvedValues: [value] },
  };
}
