import type { SNSClient } from "@aws-sdk/client-sns";
import { DependencyError } from "../errors.js";
import type { SmsSender } from "../ports.js";

/** SMS through SNS `Publish` to a phone number (never a topic). */
export class SnsSmsSender implements SmsSender {
  /** `client` is created on first use: only turns that change something send an SMS, and a caller waits on every turn. */
  constructor(private readonly client: () => Promise<SNSClient>) {}

  async send(phoneNumber: string, message: string): Promise<void> {
    try {
      const { PublishCommand } = await import("@aws-sdk/client-sns");
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
