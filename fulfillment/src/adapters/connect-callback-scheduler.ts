import { createHash } from "node:crypto";
import type { ConnectClient } from "@aws-sdk/client-connect";
import { DependencyError } from "../errors.js";
import type { CallbackRequest, CallbackScheduler } from "../ports.js";

// Imported once, on the first callback: a dynamic import per request repeats module resolution every time.
let connectModule: Promise<typeof import("@aws-sdk/client-connect")> | undefined;

/** Callbacks as scheduled Amazon Connect tasks (`StartTaskContact` with `ScheduledTime`). */
export class ConnectCallbackScheduler implements CallbackScheduler {
  /** `client` is created on first use: the Connect client's model costs ~100 ms of cold start and most turns never need it. */
  constructor(
    private readonly client: () => Promise<ConnectClient>,
    private readonly instanceId: string,
    private readonly contactFlowId: string,
  ) {}

  async schedule(request: CallbackRequest): Promise<{ contactId: string }> {
    const references: Record<string, { Type: "STRING"; Value: string }> = {
      callbackNumber: { Type: "STRING", Value: request.phoneNumber },
      reason: { Type: "STRING", Value: request.reason },
    };
    if (request.orderId) references.orderId = { Type: "STRING", Value: request.orderId };
    try {
      connectModule ??= import("@aws-sdk/client-connect");
      const { StartTaskContactCommand } = await connectModule;
      const client = await this.client();
      const out = await client.send(
        new StartTaskContactCommand({
          InstanceId: this.instanceId,
          ContactFlowId: this.contactFlowId,
          Name: `Callback ${request.phoneNumber.slice(-4)}`,
          Description: request.reason,
          ScheduledTime: request.at,
          References: references,
          Attributes: {
            locale: request.localeId,
            timeZone: request.timeZone,
            callbackNumber: request.phoneNumber,
            orderId: request.orderId ?? "",
          },
          // Connect de-duplicates on the client token: a retried request creates one task.
          ClientToken: clientToken(request.requestKey),
        }),
      );
      return { contactId: out.ContactId ?? "" };
    } catch (error) {
      throw new DependencyError("connect", error);
    }
  }
}

/** ClientToken is at most 500 chars; a hash keeps it short and free of personal data. */
export function clientToken(requestKey: string): string {
  return createHash("sha256").update(requestKey).digest("hex").slice(0, 64);
}
