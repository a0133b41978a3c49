import { toE164 } from "../domain/phone.js";

/**
 * The part of Connect's `ContactFlowEvent` Orderline relies on
 * (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html).
 */
export interface ContactFlowEvent {
  Details: {
    ContactData: {
      ContactId: string;
      Channel?: string;
      LanguageCode?: string;
      Attributes: Record<string, string>;
      CustomerEndpoint?: { Address?: string; Type?: string } | null;
    };
    Parameters: Record<string, string>;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Keeps only string values: Connect sends string maps, anything else is ignored. */
function strings(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Validates at the edge; `null` when the event is not a usable ContactFlowEvent. */
export function parseContactFlowEvent(raw: unknown): ContactFlowEvent | null {
  if (!isObject(raw) || !isObject(raw.Details) || !isObject(raw.Details.ContactData)) return null;
  const data = raw.Details.ContactData;
  if (typeof data.ContactId !== "string" || data.ContactId.length === 0) return null;
  const endpoint = isObject(data.CustomerEndpoint) ? data.CustomerEndpoint : null;
  return {
    Details: {
      ContactData: {
        ContactId: data.ContactId,
        Channel: typeof data.Channel === "string" ? data.Channel : undefined,
        LanguageCode: typeof data.LanguageCode === "string" ? data.LanguageCode : undefined,
        Attributes: strings(data.Attributes),
        CustomerEndpoint: endpoint
          ? {
              Address: typeof endpoint.Address === "string" ? endpoint.Address : undefined,
              Type: typeof endpoint.Type === "string" ? endpoint.Type : undefined,
            }
          : null,
      },
      Parameters: strings(raw.Details.Parameters),
    },
  };
}

/** The caller's number, only from Connect's own contact data (never from Parameters). */
export function callerOf(event: ContactFlowEvent): string | undefined {
  const a = event.Details.ContactData.CustomerEndpoint?.Address;
  return a ? toE164(a) : undefined;
}

/** `locale` parameter, else the `locale` contact attribute, else the contact's language (`ja-JP` → `ja_JP`). */
export function localeOf(event: ContactFlowEvent, fallback: string): string {
  const p = event.Details.Parameters.locale ?? event.Details.ContactData.Attributes.locale;
  if (p && /^[a-z]{2}_[A-Z]{2}$/.test(p)) return p;
  const lang = event.Details.ContactData.LanguageCode;
  if (lang && /^[a-z]{2}-[A-Z]{2}$/.test(lang)) return lang.replace("-", "_");
  return fallback;
}
