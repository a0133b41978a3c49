import type { SNSClient } from "@aws-sdk/client-sns";
import { DependencyError } from "../errors.js";
import type { SmsSender } from "../ports.js";

// Imported once, on the first SMS: a dynamic import per message repeats module resolution every time.
let snsModule: Promise<typeof import("@aws-sdk/client-sns")> | undefined;

/** SMS through SNS `Publish` to a phone number (never a topic). */
export class SnsSmsSender implements SmsSender {
  /** `client` is created on first use: only turns that change something send an SMS, and a caller waits on every turn. */
  constructor(private readonly client: () => Promise<SNSClient>) {}

  async send(phoneNumber: string, message: string): Promise<void> {
    try {
      snsModule ??= import("@aws-sdk/client-sns");
      const { PublishCommand } = await snsModule;
      const client = await this.client();
      await client.send(
        new PublishCommand({
          PhoneNumber: phoneNumber,
          Message: message,
          MessageAttributes: {
            // Confirmations are transactional: SNS favours delivery over cost for these.
            "AWS.SNS.SMS.SMSType": { DataType: "String", StringValue: "Transactional" },
          },
        }),
      );
    } catch (error) {
      throw new DependencyError("sns", error);
    }
  }
}
