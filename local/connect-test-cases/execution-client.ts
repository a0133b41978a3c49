import {
  type ConnectClient,
  GetTestCaseExecutionSummaryCommand,
  ListTestCaseExecutionRecordsCommand,
  StartTestCaseExecutionCommand,
} from "@aws-sdk/client-connect";

/** Connect runs five executions per instance at a time; the client never asks for more. */
export const MAX_PARALLEL_EXECUTIONS = 5;

export interface ExecutionReport {
  name: string;
  testCaseId: string;
  executionId?: string;
  status: string;
  summary?: { TotalObservations?: number; ObservationsPassed?: number; ObservationsFailed?: number };
  records: { ObservationId: string; Status: string; Record?: string }[];
  ms: number;
  error?: string;
}

export interface RunExecutionsOptions {
  client: ConnectClient;
  instanceId: string;
  testCases: { id: string; name: string }[];
  /** @default 5 */
  concurrency?: number;
  /** @default 2000 (the cloud); the emulator answers in milliseconds, 20 is enough there */
  pollMs?: number;
  /** Gives up polling one execution after this long. @default 360000 (Connect's 5 minutes plus a margin) */
  maxWaitMs?: number;
  onReport?: (report: ExecutionReport) => void;
}

/**
 * Runs published test cases through the Connect API, the same code for the emulator and the cloud:
 * StartTestCaseExecution, poll GetTestCaseExecutionSummary until PASSED/FAILED/STOPPED, then every page of
 * ListTestCaseExecutionRecords. At most `concurrency` (≤ 5) executions are in flight.
 */
export async function runTestCaseExecutions(o: RunExecutionsOptions): Promise<ExecutionReport[]> {
  const concurrency = Math.min(o.concurrency ?? MAX_PARALLEL_EXECUTIONS, MAX_PARALLEL_EXECUTIONS);
  const reports: ExecutionReport[] = new Array(o.testCases.length);
  let next = 0;
  const worker = async () => {
    while (next < o.testCases.length) {
      const i = next++;
      reports[i] = await runOne(o, o.testCases[i]!);
      o.onReport?.(reports[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return reports;
}

const TERMINAL = new Set(["PASSED", "FAILED", "STOPPED"]);

async function runOne(o: RunExecutionsOptions, tc: { id: string; name: string }): Promise<ExecutionReport> {
  const started = Date.now();
  const base = { name: tc.name, testCaseId: tc.id, records: [] };
  try {
    const start = await o.client.send(
      new StartTestCaseExecutionCommand({ InstanceId: o.instanceId, TestCaseId: tc.id }),
    );
    const executionId = start.TestCaseExecutionId!;
    const ids = { InstanceId: o.instanceId, TestCaseId: tc.id, TestCaseExecutionId: executionId };
    let summary = await o.client.send(new GetTestCaseExecutionSummaryCommand(ids));
    while (!TERMINAL.has(summary.Status ?? "")) {
      if (Date.now() - started > (o.maxWaitMs ?? 360_000))
        return {
          ...base,
          executionId,
          status: summary.Status ?? "UNKNOWN",
          ms: Date.now() - started,
          error: "gave up waiting",
        };
      await new Promise((r) => setTimeout(r, o.pollMs ?? 2000));
      summary = await o.client.send(new GetTestCaseExecutionSummaryCommand(ids));
    }
    const records: ExecutionReport["records"] = [];
    let token: string | undefined;
    do {
      const page = await o.client.send(new ListTestCaseExecutionRecordsCommand({ ...ids, NextToken: token }));
      for (const r of page.ExecutionRecords ?? [])
        records.push({ ObservationId: r.ObservationId ?? "?", Status: r.Status ?? "?", Record: r.Record });
      token = page.NextToken;
    } while (token);
    return {
      ...base,
      executionId,
      status: summary.Status!,
      summary: summary.ObservationSummary,
      records,
      ms: Date.now() - started,
    };
  } catch (err) {
    return {
      ...base,
      status: "ERROR",
      ms: Date.now() - started,
      error: `${(err as Error).name}: ${(err as Error).message}`,
    };
  }
}

/** One line per test case and one per observation; failures show the reason from the record. */
export function formatReports(reports: ExecutionReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const s = r.summary;
    const counts = s ? ` ${s.ObservationsPassed ?? 0}/${s.TotalObservations ?? 0} observations` : "";
    lines.push(
      `${mark(r.status)} ${r.status.padEnd(7)} ${r.name}${counts} (${r.ms} ms)${r.error ? ` — ${r.error}` : ""}`,
    );
    for (const rec of r.records)
      lines.push(`    ${mark(rec.Status)} ${rec.Status.padEnd(7)} ${rec.ObservationId}${detail(rec)}`);
  }
  const passed = reports.filter((r) => r.status === "PASSED").length;
  lines.push(`${passed}/${reports.length} test cases passed`);
  return lines.join("\n");
}

function mark(status: string): string {
  return status === "PASSED" ? "✔" : status === "IN_PROGRESS" || status === "INITIATED" ? "…" : "✘";
}

/** The record's failure reason (the emulator's JSON); Connect's own record schema is unpublished. */
function detail(rec: { Status: string; Record?: string }): string {
  if (rec.Status === "PASSED" || !rec.Record) return "";
  try {
    const parsed = JSON.parse(rec.Record) as {
      FailureReason?: string;
      Actions?: { Status: string; Expected?: string; Actual?: string; Message?: string }[];
    };
    const failedAssert = parsed.Actions?.find((a) => a.Status === "FAILED" && a.Expected !== undefined);
    const extra = failedAssert ? ` (expected ${failedAssert.Expected}, found ${failedAssert.Actual})` : "";
    return parsed.FailureReason ? ` — ${parsed.FailureReason}${extra}` : "";
  } catch {
    return ` — ${rec.Record.slice(0, 200)}`;
  }
}
