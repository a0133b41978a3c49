import { describe, expect, it } from "vitest";
import { createConnectTasksService } from "../../../local/connect-tasks/connect-tasks-service.js";
import { type CallbackRecord, createRecordList, type EmulatorContext } from "../../../local/context.js";

const INSTANCE_ID = "00000000-0000-4000-8000-00000000c0de";
const FLOW_ID = "00000000-0000-4000-8000-0000000ca11b";

function service(tokenCapacity: number) {
  const callbacks = createRecordList<CallbackRecord>();
  const quiet = { info() {}, warn() {}, error() {} };
  const ctx = {
    connect: { instanceId: INSTANCE_ID, callbackFlowId: FLOW_ID },
    callbacks,
    logger: quiet,
  } as unknown as EmulatorContext;
  const tasks = createConnectTasksService(ctx, tokenCapacity);
  const start = async (clientToken: string): Promise<string> => {
    const body = {
      InstanceId: INSTANCE_ID,
      ContactFlowId: FLOW_ID,
      Name: "Callback",
      ClientToken: clientToken,
    };
    const res = await tasks.handle({
      method: "PUT",
      path: "/contact/task",
      query: new URLSearchParams(),
      headers: { "content-type": "application/json" },
      body: Buffer.from(JSON.stringify(body)),
    });
    return (JSON.parse(String(res.body)) as { ContactId: string }).ContactId;
  };
  return { start, callbacks };
}

describe("StartTaskContact ClientToken", () => {
  it("answers a retried token with the first contact and creates no second task", async () => {
    const { start, callbacks } = service(10);
    const first = await start("token-1");
    expect(await start("token-1")).toBe(first);
    expect(callbacks.list()).toHaveLength(1);
  });

  it("remembers only the newest tokens, forgetting the oldest first", async () => {
    const { start, callbacks } = service(2);
    const first = await start("token-1");
    await start("token-2");
    const third = await start("token-3");
    expect(await start("token-3")).toBe(third);
    expect(await start("token-1")).not.toBe(first);
    expect(callbacks.list()).toHaveLength(4);
  });
});
