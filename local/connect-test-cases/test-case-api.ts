import { TestCaseContentError } from "../../flows/src/testing-language.js";
import { json, type LocalRequest, type LocalResponse } from "../service.js";
import {
  type TestCaseApiError as ApiError,
  type StoredExecution,
  TestCaseApiError,
  type TestCaseInput,
  type TestCaseRegistry,
  type TestCaseStatus,
  type TestCaseView,
} from "./test-case-registry.js";

/**
 * The Connect test-case operations over REST-JSON, as `@aws-sdk/client-connect` sends them (paths from the
 * service model): timestamps in bodies as epoch seconds, errors as `x-amzn-errortype` + `{message}`.
 */
export function matchesTestCaseApi(req: LocalRequest): boolean {
  return (
    req.path.startsWith("/test-cases/") ||
    req.path.startsWith("/test-cases-summary/") ||
    req.path.startsWith("/test-case-executions/") ||
    req.path === "/search-test-cases"
  );
}

export async function handleTestCaseApi(
  registry: TestCaseRegistry,
  req: LocalRequest,
): Promise<LocalResponse> {
  try {
    return route(registry, req);
  } catch (err) {
    if (err instanceof TestCaseApiError) return apiError(err);
    if (err instanceof TestCaseContentError)
      return apiError(new TestCaseApiError("InvalidTestCaseException", err.message, err.problems));
    return awsError(500, "InternalServiceException", (err as Error).message);
  }
}

function route(registry: TestCaseRegistry, req: LocalRequest): LocalResponse {
  const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent);
  const [root, instance, testCaseId, third, fourth] = parts;
  const m = req.method;
  if (root === "search-test-cases" && m === "POST") return search(registry, body(req));
  if (!instance) return notFound(req);
  registry.checkInstance(instance);
  if (root === "test-cases-summary" && m === "GET" && parts.length === 2) return listTestCases(registry, req);
  if (root === "test-case-executions" && m === "GET" && parts.length === 2)
    return listExecutions(registry, req);
  if (root !== "test-cases") return notFound(req);
  if (parts.length === 2 && m === "PUT") return create(registry, req);
  if (!testCaseId) return notFound(req);
  if (parts.length === 3) {
    if (m === "POST") {
      registry.update(testCaseId, input(req));
      return json(200, {});
    }
    if (m === "GET") {
      const status = req.query.get("status") ?? undefined;
      if (status !== undefined && status !== "PUBLISHED" && status !== "SAVED")
        throw new TestCaseApiError("InvalidParameterException", "status must be PUBLISHED or SAVED");
      return json(200, {
        TestCase: wireTestCase(registry.view(registry.get(testCaseId), status as TestCaseStatus)),
      });
    }
    if (m === "DELETE") {
      registry.delete(testCaseId);
      return json(200, {});
    }
  }
  if (parts.length === 4 && third === "start-execution" && m === "PUT") {
    const b = body(req);
    const token = typeof b.ClientToken === "string" ? b.ClientToken : undefined;
    if (token !== undefined && token.length > 500)
      throw new TestCaseApiError("InvalidParameterException", "ClientToken is over 500 characters");
    const e = registry.start(testCaseId, token);
    return json(200, {
      TestCaseExecutionId: e.TestCaseExecutionId,
      TestCaseId: e.TestCaseId,
      Status: e.Status,
    });
  }
  if (parts.length === 5 && third) {
    const e = registry.execution(registry.get(testCaseId).Id, third);
    if (fourth === "stop-execution" && m === "POST") {
      registry.stop(e.TestCaseId, e.TestCaseExecutionId);
      return json(200, {});
    }
    if (fourth === "summary" && m === "GET") return summary(e);
    if (fourth === "records" && m === "GET") return records(e, req);
  }
  return notFound(req);
}

function create(registry: TestCaseRegistry, req: LocalRequest): LocalResponse {
  const tc = registry.create(input(req));
  return json(200, { TestCaseId: tc.Id, TestCaseArn: tc.Arn });
}

/** Body fields plus the Global Resiliency headers of Create/Update. */
function input(req: LocalRequest): TestCaseInput {
  const b = body(req);
  const str = (k: string) => (typeof b[k] === "string" ? (b[k] as string) : undefined);
  const modified = req.headers["x-amz-last-modified-time"];
  return {
    Name: str("Name"),
    Content: str("Content"),
    Description: str("Description"),
    EntryPoint: b.EntryPoint as TestCaseInput["EntryPoint"],
    InitializationData: str("InitializationData"),
    Status: str("Status") as TestCaseStatus | undefined,
    Tags: b.Tags as Record<string, string> | undefined,
    TestCaseId: req.headers["x-amz-resource-id"],
    LastModifiedTime: modified ? new Date(modified) : undefined,
    LastModifiedRegion: req.headers["x-amz-last-modified-region"],
  };
}

function wireTestCase(v: TestCaseView): Record<string, unknown> {
  return {
    Arn: v.Arn,
    Id: v.Id,
    Name: v.Name,
    Content: v.Content,
    EntryPoint: v.EntryPoint,
    InitializationData: v.InitializationData,
    Description: v.Description,
    Status: v.Status,
    LastModifiedTime: epoch(v.LastModifiedTime),
    LastModifiedRegion: v.LastModifiedRegion,
    Tags: v.Tags,
    TestCaseSha256: v.TestCaseSha256,
  };
}

function listTestCases(registry: TestCaseRegistry, req: LocalRequest): LocalResponse {
  const summaries = registry.list().map((v) => ({
    Id: v.Id,
    Arn: v.Arn,
    Name: v.Name,
    Status: v.Status,
    LastModifiedTime: epoch(v.LastModifiedTime),
    LastModifiedRegion: v.LastModifiedRegion,
  }));
  const page = paginate(summaries, req.query.get("nextToken"), maxResults(req.query.get("maxResults"), 1000));
  return json(200, { TestCaseSummaryList: page.items, NextToken: page.next });
}

type Criteria = {
  OrConditions?: Criteria[];
  AndConditions?: Criteria[];
  StringCondition?: { FieldName?: string; Value?: string; ComparisonType?: string };
  StatusCondition?: string;
};
type TagPair = { TagKey?: string; TagValue?: string };

function search(registry: TestCaseRegistry, b: Record<string, unknown>): LocalResponse {
  if (typeof b.InstanceId !== "string")
    throw new TestCaseApiError("InvalidParameterException", "InstanceId is required");
  registry.checkInstance(b.InstanceId);
  const criteria = b.SearchCriteria as Criteria | undefined;
  const tagFilter = (b.SearchFilter as { TagFilter?: Record<string, unknown> } | undefined)?.TagFilter;
  const all = registry
    .list()
    .filter((v) => (!criteria || holds(criteria, v)) && (!tagFilter || tagsMatch(tagFilter, v.Tags)));
  const max = typeof b.MaxResults === "number" ? b.MaxResults : 100;
  if (max < 1 || max > 100)
    throw new TestCaseApiError("InvalidParameterException", "MaxResults must be 1-100");
  const page = paginate(all, typeof b.NextToken === "string" ? b.NextToken : null, max);
  return json(200, {
    TestCases: page.items.map(wireTestCase),
    NextToken: page.next,
    ApproximateTotalCount: all.length,
  });
}

function holds(c: Criteria, v: TestCaseView): boolean {
  if (c.OrConditions?.length && !c.OrConditions.some((x) => holds(x, v))) return false;
  if (c.AndConditions?.length && !c.AndConditions.every((x) => holds(x, v))) return false;
  if (c.StatusCondition && v.Status !== c.StatusCondition) return false;
  const s = c.StringCondition;
  if (s?.FieldName) {
    const field = (
      { name: v.Name, description: v.Description ?? "", id: v.Id, arn: v.Arn, status: v.Status } as Record<
        string,
        string
      >
    )[s.FieldName.toLowerCase()];
    if (field === undefined)
      throw new TestCaseApiError("InvalidParameterException", `Unknown FieldName ${s.FieldName}`);
    const value = s.Value ?? "";
    const ok =
      s.ComparisonType === "STARTS_WITH"
        ? field.startsWith(value)
        : s.ComparisonType === "CONTAINS"
          ? field.includes(value)
          : field === value;
    if (!ok) return false;
  }
  return true;
}

function tagsMatch(f: Record<string, unknown>, tags: Record<string, string>): boolean {
  const has = (p: TagPair) => p.TagKey !== undefined && tags[p.TagKey] === p.TagValue;
  const or = f.OrConditions as TagPair[][] | undefined;
  const and = f.AndConditions as TagPair[] | undefined;
  const one = f.TagCondition as TagPair | undefined;
  if (or?.length && !or.some((group) => group.every(has))) return false;
  if (and?.length && !and.every(has)) return false;
  if (one && !has(one)) return false;
  return true;
}

function listExecutions(registry: TestCaseRegistry, req: LocalRequest): LocalResponse {
  const q = req.query;
  const ms = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
  const from = ms("startTime");
  const to = ms("endTime");
  const items = registry.executions
    .filter((e) => !q.get("testCaseId") || e.TestCaseId === q.get("testCaseId"))
    .filter((e) => !q.get("testCaseName") || e.TestCaseName === q.get("testCaseName"))
    .filter((e) => !q.get("status") || e.Status === q.get("status"))
    .filter((e) => from === undefined || e.StartTime.getTime() >= from)
    .filter((e) => to === undefined || e.StartTime.getTime() <= to)
    .map((e) => ({
      StartTime: epoch(e.StartTime),
      EndTime: e.EndTime ? epoch(e.EndTime) : undefined,
      TestCaseExecutionId: e.TestCaseExecutionId,
      TestCaseId: e.TestCaseId,
      TestCaseExecutionStatus: e.Status,
      Tags: e.Tags,
    }));
  const page = paginate(items, q.get("nextToken"), maxResults(q.get("maxResults"), 100));
  return json(200, { TestCaseExecutions: page.items, NextToken: page.next });
}

function summary(e: StoredExecution): LocalResponse {
  const total = e.observationIds.length;
  const s = e.result?.summary ?? { TotalObservations: total, ObservationsPassed: 0, ObservationsFailed: 0 };
  return json(200, {
    StartTime: epoch(e.StartTime),
    EndTime: e.EndTime ? epoch(e.EndTime) : undefined,
    Status: e.Status,
    ObservationSummary: s,
  });
}

function records(e: StoredExecution, req: LocalRequest): LocalResponse {
  const all = e.result
    ? e.result.observations.map((o) => ({
        ObservationId: o.ObservationId,
        Status: o.Status,
        Timestamp: epoch(o.Timestamp),
        Record: JSON.stringify(o.Record),
      }))
    : e.observationIds.map((id) => ({
        ObservationId: id,
        Status: e.Status === "STOPPED" ? "STOPPED" : "IN_PROGRESS",
        Timestamp: epoch(e.StartTime),
        Record: JSON.stringify({ Type: "OBSERVATION", Status: e.Status }),
      }));
  const status = req.query.get("status");
  const filtered = status ? all.filter((r) => r.Status === status) : all;
  const page = paginate(filtered, req.query.get("nextToken"), maxResults(req.query.get("maxResults"), 100));
  return json(200, { ExecutionRecords: page.items, NextToken: page.next });
}

function paginate<T>(items: T[], token: string | null, max: number): { items: T[]; next?: string } {
  const start = token ? Number(Buffer.from(token, "base64url").toString("utf8")) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new TestCaseApiError("InvalidParameterException", "Bad NextToken");
  const end = start + max;
  return {
    items: items.slice(start, end),
    next: end < items.length ? Buffer.from(String(end), "utf8").toString("base64url") : undefined,
  };
}

function maxResults(raw: string | null, limit: number): number {
  if (raw === null) return limit;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > limit)
    throw new TestCaseApiError("InvalidParameterException", `maxResults must be 1-${limit}`);
  return n;
}

function epoch(d: Date): number {
  return d.getTime() / 1000;
}

function body(req: LocalRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const v = JSON.parse(req.body.toString("utf8")) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    throw new TestCaseApiError("InvalidRequestException", "The body is not JSON");
  }
}

const STATUS: Record<ApiError["type"], number> = {
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  InvalidTestCaseException: 400,
  ResourceNotFoundException: 404,
  DuplicateResourceException: 409,
  IdempotencyException: 409,
  ServiceQuotaExceededException: 402,
};

function apiError(err: ApiError): LocalResponse {
  const extra = err.problems ? { Problems: err.problems.map((message) => ({ message })) } : {};
  return json(STATUS[err.type], { message: err.message, ...extra }, { "x-amzn-errortype": err.type });
}

function awsError(status: number, type: string, message: string): LocalResponse {
  return json(status, { message }, { "x-amzn-errortype": type });
}

function notFound(req: LocalRequest): LocalResponse {
  return awsError(404, "ResourceNotFoundException", `No route for ${req.method} ${req.path}`);
}
