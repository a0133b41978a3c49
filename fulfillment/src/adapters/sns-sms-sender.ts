import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { DependencyError } from "../errors.js";
import type { SmsSender } from "../ports.js";

/** SMS through SNS `Publish` to a phone number (never a topic). */
export class SnsSmsSender implements SmsSender {
  constructor(private readonly client: SNSClient) {}

  async send(phoneNumber: string, message: string): Promise<void> {
    try {
      await this.client.send(
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
