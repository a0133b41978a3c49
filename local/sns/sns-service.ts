import { toE164 } from "../../fulfillment/src/domain/phone.js";
import type { EmulatorContext } from "../context.js";
import type { LocalResponse, LocalService } from "../service.js";

const SNS_XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
// A single SMS publish is capped at 1,600 bytes by SNS.
const SMS_MAX_BYTES = 1600;

/** SNS `Publish` to a phone number (query protocol, as `@aws-sdk/client-sns` sends it) → the SMS outbox. */
export function createSnsService(ctx: EmulatorContext): LocalService {
  return {
    name: "sns",
    match: (req) =>
      req.method === "POST" &&
      req.path === "/" &&
      !req.headers["x-amz-target"] &&
      (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"),
    async handle(req) {
      const params = new URLSearchParams(req.body.toString("utf8"));
      const action = params.get("Action");
      if (action !== "Publish") {
        return snsError(
          400,
          "Sender",
          "InvalidAction",
          `The action ${action ?? "(none)"} is not valid for this endpoint.`,
        );
      }
      const phoneNumber = params.get("PhoneNumber");
      const message = params.get("Message");
      if (params.get("TopicArn") || params.get("TargetArn")) {
        return snsError(404, "Sender", "NotFound", "Topic does not exist");
      }
      if (!phoneNumber) {
        return snsError(
          400,
          "Sender",
          "InvalidParameter",
          "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
        );
      }
      // SNS accepts E.164 only, written exactly so (no spaces).
      if (toE164(phoneNumber) !== phoneNumber) {
        return snsError(
          400,
          "Sender",
          "InvalidParameter",
          `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to`,
        );
      }
      if (!message) return snsError(400, "Sender", "InvalidParameter", "Invalid parameter: Empty message");
      if (Buffer.byteLength(message, "utf8") > SMS_MAX_BYTES) {
        return snsError(400, "Sender", "InvalidParameter", "Invalid parameter: Message too long");
      }
      const messageId = crypto.randomUUID();
      ctx.sms.add({ phoneNumber, message, at: new Date().toISOString(), messageId });
      ctx.logger.info("sms", { phoneNumber, chars: message.length });
      const requestId = crypto.randomUUID();
      return xml(
        200,
        `<PublishResponse xmlns="${SNS_XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
        requestId,
      );
    },
  };
}

function xml(status: number, body: string, requestId = crypto.randomUUID()): LocalResponse {
  return { status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
}

/** The query-protocol error document SNS returns. */
export function snsError(
  status: number,
  type: "Sender" | "Receiver",
  code: string,
  message: string,
): LocalResponse {
  const requestId = crypto.randomUUID();
  return xml(
    status,
    `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    requestId,
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
