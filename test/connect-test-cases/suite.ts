import {
  type ConnectClient,
  CreateTestCaseCommand,
  ListTestCasesCommand,
  UpdateTestCaseCommand,
} from "@aws-sdk/client-connect";
import {
  fillTestCase,
  type TestCasePlaceholder,
  type TestCaseSource,
} from "../../flows/src/test-case-sources.js";
import { LOCAL_FLOW_IDS, LocalConnect } from "../../local/connect/local-connect.js";

/** The local ARNs every placeholder stands for in the emulator (the same the flows get). */
export function localPlaceholderValues(ids: {
  region: string;
  instanceId: string;
  botId: string;
  botAliasId: string;
}): Record<TestCasePlaceholder, string> {
  const connect = new LocalConnect({
    ...ids,
    lex: { recognizeText: () => Promise.reject(new Error("unused")) },
    connectHandler: () => Promise.reject(new Error("unused")),
  });
  return { ...connect.placeholderValues(), InboundFlowArn: connect.flowArn(LOCAL_FLOW_IDS.inbound!) };
}

/** Creates each case as PUBLISHED, or updates the one of the same name; returns ids in source order. */
export async function publishTestCases(
  client: ConnectClient,
  instanceId: string,
  sources: TestCaseSource[],
  values: Partial<Record<TestCasePlaceholder, string>>,
): Promise<{ id: string; name: string }[]> {
  const existing = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListTestCasesCommand({ InstanceId: instanceId, NextToken: token }));
    for (const s of page.TestCaseSummaryList ?? []) if (s.Name && s.Id) existing.set(s.Name, s.Id);
    token = page.NextToken;
  } while (token);
  const out: { id: string; name: string }[] = [];
  for (const source of sources) {
    const tc = fillTestCase(source, values);
    const fields = { ...tc, InstanceId: instanceId, Status: "PUBLISHED" as const };
    const id = existing.get(tc.Name);
    if (id) await client.send(new UpdateTestCaseCommand({ ...fields, TestCaseId: id }));
    const created = id ? undefined : await client.send(new CreateTestCaseCommand(fields));
    out.push({ id: id ?? created!.TestCaseId!, name: tc.Name });
  }
  return out;
}
