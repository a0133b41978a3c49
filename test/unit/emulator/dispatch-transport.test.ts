import { describe, expect, it } from "vitest";
import { createAwsDependencies } from "../../../fulfillment/src/wiring.js";
import { DispatchHttpHandler } from "../../../local/lambda/dispatch-transport.js";
import type { LocalRequest } from "../../../local/service.js";

/** The in-process Lambdas' transport: real SDK clients, requests handed to the dispatcher without a socket. */
function recordingDeps(signRequests: boolean | undefined) {
  const seen: LocalRequest[] = [];
  const deps = createAwsDependencies({
    endpoint: "http://127.0.0.1:1",
    region: "us-east-1",
    tables: { orders: "Orders", callbacks: "Callbacks" },
    connect: { instanceId: "", callbackFlowId: "" },
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new DispatchHttpHandler(async (req) => {
      seen.push(req);
      return { status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: "{}" };
    }),
    ...(signRequests === undefined ? {} : { signRequests }),
  });
  return { deps, seen };
}

describe("DispatchHttpHandler with createAwsDependencies", () => {
  it("hands a SigV4-signed DynamoDB request to the dispatcher by default", async () => {
    const { deps, seen } = recordingDeps(undefined);
    expect(await deps.orders.get("1001")).toBeNull();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers["x-amz-target"]).toBe("DynamoDB_20120810.GetItem");
    expect(seen[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=.+, Signature=[0-9a-f]{64}$/,
    );
  });

  it("sends unsigned requests with the emulator's placeholder when signing is off (in-process only)", async () => {
    const { deps, seen } = recordingDeps(false);
    expect(await deps.orders.get("1001")).toBeNull();
    expect(JSON.parse(String(seen[0]!.body))).toMatchObject({
      TableName: "Orders",
      Key: { orderId: { S: "1001" } },
    });
    expect(seen[0]!.headers.authorization).toContain("Signature=in-process");
    expect(seen[0]!.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
  });
});
