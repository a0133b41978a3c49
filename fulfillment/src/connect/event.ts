import { z } from "zod";

/** The part of Connect's `ContactFlowEvent` Orderline relies on (aws-contracts.md §6). */
export const contactFlowEventSchema = z.object({
  Name: z.string().optional(),
  Details: z.object({
    ContactData: z
      .object({
        ContactId: z.string().min(1),
        Channel: z.string().optional(),
        LanguageCode: z.string().nullable().optional(),
        Attributes: z.record(z.string(), z.string()).nullable().optional(),
        CustomerEndpoint: z
          .object({ Address: z.string().nullable().optional(), Type: z.string().nullable().optional() })
          .nullable()
          .optional(),
      })
      .loose(),
    Parameters: z.record(z.string(), z.string()).nullable().optional(),
  }),
});
export type ContactFlowEvent = z.infer<typeof contactFlowEventSchema>;

export function parseContactFlowEvent(raw: unknown): ContactFlowEvent | null {
  const r = contactFlowEventSchema.safeParse(raw);
  return r.success ? r.data : null;
}

/** The caller's number, only from Connect's own contact data (never from Parameters). */
export function callerOf(event: ContactFlowEvent): string | undefined {
  const a = event.Details.ContactData.CustomerEndpoint?.Address?.trim();
  return a && /^\+[1-9]\d{7,14}$/.test(a) ? a : undefined;
}

/** `locale` parameter, else the `locale` contact attribute, else the contact's language (`ja-JP` → `ja_JP`). */
export function localeOf(event: ContactFlowEvent, fallback: string): string {
  const p = event.Details.Parameters?.locale ?? event.Details.ContactData.Attributes?.locale;
  if (p && /^[a-z]{2}_[A-Z]{2}$/.test(p)) return p;
  const lang = event.Details.ContactData.LanguageCode;
  if (lang && /^[a-z]{2}-[A-Z]{2}$/.test(lang)) return lang.replace("-", "_");
  return fallback;
}
