import { z } from "zod";

const slot: z.ZodType = z.lazy(() =>
  z
    .object({
      shape: z.enum(["Scalar", "List", "Composite"]).optional(),
      value: z
        .object({
          originalValue: z.string().optional(),
          interpretedValue: z.string().nullable(),
          resolvedValues: z.array(z.string()).optional(),
        })
        .optional(),
      values: z.array(slot).optional(),
    })
    .nullable(),
);

/** The Lex V2 code-hook response contract (aws-contracts.md §2.2), strict enough to catch what Lex rejects. */
export const lexResponseSchema = z
  .object({
    sessionState: z.object({
      sessionAttributes: z.record(z.string(), z.string()).optional(),
      dialogAction: z.object({
        type: z.enum(["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"]),
        slotToElicit: z.string().optional(),
      }),
      intent: z
        .object({
          name: z.string().min(1),
          slots: z.record(z.string(), slot).optional(),
          state: z.enum([
            "Failed",
            "Fulfilled",
            "InProgress",
            "ReadyForFulfillment",
            "Waiting",
            "FulfillmentInProgress",
          ]),
          confirmationState: z.enum(["Confirmed", "Denied", "None"]).optional(),
        })
        .optional(),
    }),
    messages: z
      .array(
        z.object({
          contentType: z.enum(["PlainText", "SSML", "CustomPayload", "ImageResponseCard"]),
          content: z.string().min(1).max(1024),
        }),
      )
      .max(10)
      .optional(),
  })
  .superRefine((r, ctx) => {
    const { dialogAction, intent } = r.sessionState;
    if (dialogAction.type === "ElicitSlot" && !dialogAction.slotToElicit)
      ctx.addIssue({ code: "custom", message: "ElicitSlot needs slotToElicit" });
    if (!["Delegate", "ElicitIntent"].includes(dialogAction.type) && !intent)
      ctx.addIssue({ code: "custom", message: `${dialogAction.type} needs intent` });
    if (intent?.state === "ReadyForFulfillment" && dialogAction.type !== "Delegate")
      ctx.addIssue({ code: "custom", message: "ReadyForFulfillment only with Delegate" });
    if (["ElicitIntent", "ConfirmIntent"].includes(dialogAction.type) && !r.messages?.length)
      ctx.addIssue({ code: "custom", message: `${dialogAction.type} needs messages` });
    const bytes = Buffer.byteLength(JSON.stringify(r.sessionState.sessionAttributes ?? {}));
    if (bytes > 12_000) ctx.addIssue({ code: "custom", message: "session attributes over 12 KB" });
  });

/** Connect STRING_MAP response: flat strings, under 32 KB. */
export const stringMapSchema = z
  .record(z.string(), z.string())
  .refine((m) => Buffer.byteLength(JSON.stringify(m)) < 32_000, "over 32 KB");
