import { createHash } from "node:crypto";
import {
  parseTestCase,
  TestCaseContentError,
  type TestEntryPoint,
} from "../../flows/src/testing-language.js";
import { toE164 } from "../../fulfillment/src/domain/phone.js";
import { runTestCase, type TestRunResult, type TestRunTarget } from "./test-case-runner.js";

/** Running executions per instance (Connect: 5; more wait queued). */
export const MAX_CONCURRENT_EXECUTIONS = 5;
/** Executions queued or running per instance (Connect: 100, then ServiceQuotaExceededException). */
export const MAX_QUEUED_EXECUTIONS = 100;
export const MAX_CONTENT_LENGTH = 256_000;

export type TestCaseStatus = "PUBLISHED" | "SAVED";
export type TestCaseExecutionStatus = "INITIATED" | "IN_PROGRESS" | "PASSED" | "FAILED" | "STOPPED";

/** A failure the API layer turns into Connect's error of the same name. */
export class TestCaseApiError extends Error {
  constructor(
    readonly type:
      | "InvalidParameterException"
      | "InvalidRequestException"
      | "ResourceNotFoundException"
      | "DuplicateResourceException"
      | "InvalidTestCaseException"
      | "ServiceQuotaExceededException"
      | "IdempotencyException",
    message: string,
    readonly problems?: string[],
  ) {
    super(message);
    this.name = type;
  }
}

/** One version (published or saved) of a test case. */
export interface TestCaseVersion {
  Name: string;
  Content: string;
  Description?: string;
  EntryPoint?: TestEntryPoint;
  InitializationData?: string;
  Status: TestCaseStatus;
  LastModifiedTime: Date;
  LastModifiedRegion: string;
  TestCaseSha256: string;
}

export interface StoredTestCase {
  Id: string;
  Arn: string;
  Tags: Record<string, string>;
  versions: Partial<Record<TestCaseStatus, TestCaseVersion>>;
}

/** `TestCase` as DescribeTestCase returns it. */
export type TestCaseView = Omit<TestCaseVersion, never> & {
  Id: string;
  Arn: string;
  Tags: Record<string, string>;
};

export interface StoredExecution {
  TestCaseExecutionId: string;
  TestCaseId: string;
  TestCaseName: string;
  Status: TestCaseExecutionStatus;
  StartTime: Date;
  EndTime?: Date;
  ClientToken?: string;
  Tags: Record<string, string>;
  result?: TestRunResult;
  observationIds: string[];
  abort: AbortController;
  done: Promise<void>;
}

export interface TestCaseInput {
  Name?: string;
  Content?: string;
  Description?: string;
  EntryPoint?: TestEntryPoint;
  InitializationData?: string;
  Status?: TestCaseStatus;
  Tags?: Record<string, string>;
  LastModifiedTime?: Date;
  LastModifiedRegion?: string;
  TestCaseId?: string;
}

export interface TestCaseRegistryOptions {
  instanceId: string;
  instanceArn: string;
  region: string;
  target: () => TestRunTarget;
  /** @default 300000 */
  timeoutMs?: number;
  similarityThreshold?: number;
}

/**
 * The test cases and executions of the local instance. Publishing validates the content (load-time errors
 * name the observation and field); executions run five at a time, queued beyond that, like Connect.
 */
export class TestCaseRegistry {
  readonly testCases = new Map<string, StoredTestCase>();
  readonly executions: StoredExecution[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly options: TestCaseRegistryOptions) {}

  /** The instance id when `ref` is the instance's id or ARN. */
  checkInstance(ref: string): void {
    if (ref !== this.options.instanceId && ref !== this.options.instanceArn)
      throw new TestCaseApiError("ResourceNotFoundException", `Instance ${ref} not found`);
  }

  create(input: TestCaseInput): StoredTestCase {
    if (input.Name === undefined || input.Content === undefined)
      throw new TestCaseApiError("InvalidParameterException", "Name and Content are required");
    const version = this.version(input, undefined);
    this.checkUniqueName(version.Name, undefined);
    const id = input.TestCaseId ?? crypto.randomUUID();
    if (this.testCases.has(id))
      throw new TestCaseApiError("DuplicateResourceException", `Test case ${id} exists`);
    const tags = input.Tags ?? {};
    if (Object.keys(tags).length > 50)
      throw new TestCaseApiError("InvalidParameterException", "At most 50 tags");
    const tc: StoredTestCase = {
      Id: id,
      Arn: `${this.options.instanceArn}/test-case/${id}`,
      Tags: { ...tags },
      versions: { [version.Status]: version },
    };
    this.testCases.set(id, tc);
    return tc;
  }

  update(id: string, input: TestCaseInput): void {
    const tc = this.get(id);
    const current = this.view(tc);
    const version = this.version(input, current);
    if (input.Name !== undefined) this.checkUniqueName(version.Name, id);
    tc.versions[version.Status] = version;
    // Publishing replaces the draft.
    if (version.Status === "PUBLISHED") delete tc.versions.SAVED;
  }

  delete(id: string): void {
    this.get(id);
    this.testCases.delete(id);
  }

  get(id: string): StoredTestCase {
    const tc = this.testCases.get(id) ?? [...this.testCases.values()].find((t) => t.Arn === id);
    if (!tc) throw new TestCaseApiError("ResourceNotFoundException", `Test case ${id} not found`);
    return tc;
  }

  /** DescribeTestCase: the requested version, else the published one, else the saved one. */
  view(tc: StoredTestCase, status?: TestCaseStatus): TestCaseView {
    const v = status ? tc.versions[status] : (tc.versions.PUBLISHED ?? tc.versions.SAVED);
    if (!v)
      throw new TestCaseApiError("ResourceNotFoundException", `Test case ${tc.Id} has no ${status} version`);
    return { Id: tc.Id, Arn: tc.Arn, Tags: { ...tc.Tags }, ...v };
  }

  list(): TestCaseView[] {
    return [...this.testCases.values()].map((tc) => this.view(tc));
  }

  /** StartTestCaseExecution: queued now, runs when one of the five slots is free. */
  start(id: string, clientToken?: string): StoredExecution {
    const tc = this.get(id);
    if (clientToken) {
      const same = this.executions.find((e) => e.ClientToken === clientToken);
      if (same && same.TestCaseId !== tc.Id)
        throw new TestCaseApiError("IdempotencyException", "ClientToken was used for another test case");
      if (same) return same;
    }
    const published = tc.versions.PUBLISHED;
    if (!published)
      throw new TestCaseApiError(
        "InvalidRequestException",
        `Test case ${tc.Id} is not published (Status SAVED)`,
      );
    const pending = this.executions.filter((e) => e.Status === "INITIATED" || e.Status === "IN_PROGRESS");
    if (pending.length >= MAX_QUEUED_EXECUTIONS)
      throw new TestCaseApiError(
        "ServiceQuotaExceededException",
        `${MAX_QUEUED_EXECUTIONS} executions are already queued or running`,
      );
    const doc = parseTestCase(published.Content, { channel: published.EntryPoint?.Type });
    const abort = new AbortController();
    const execution: StoredExecution = {
      TestCaseExecutionId: crypto.randomUUID(),
      TestCaseId: tc.Id,
      TestCaseName: published.Name,
      Status: "INITIATED",
      StartTime: new Date(),
      ClientToken: clientToken,
      Tags: { ...tc.Tags },
      observationIds: doc.observations.map((o) => o.id),
      abort,
      done: Promise.resolve(),
    };
    execution.done = this.slot().then(async () => {
      try {
        if (abort.signal.aborted) {
          execution.Status = "STOPPED";
          return;
        }
        execution.Status = "IN_PROGRESS";
        execution.result = await runTestCase(doc, this.options.target(), {
          entryPoint: published.EntryPoint,
          initializationData: published.InitializationData,
          timeoutMs: this.options.timeoutMs,
          similarityThreshold: this.options.similarityThreshold,
          signal: abort.signal,
        });
        execution.Status = execution.result.status;
      } catch (err) {
        execution.Status = "FAILED";
        execution.result = undefined;
        execution.TestCaseName = `${published.Name} (${(err as Error).message})`;
      } finally {
        execution.EndTime = new Date();
        this.release();
      }
    });
    this.executions.push(execution);
    return execution;
  }

  stop(testCaseId: string, executionId: string): void {
    const e = this.execution(testCaseId, executionId);
    if (e.Status === "INITIATED" || e.Status === "IN_PROGRESS") e.abort.abort();
  }

  execution(testCaseId: string, executionId: string): StoredExecution {
    const e = this.executions.find(
      (x) => x.TestCaseExecutionId === executionId && x.TestCaseId === testCaseId,
    );
    if (!e) throw new TestCaseApiError("ResourceNotFoundException", `Execution ${executionId} not found`);
    return e;
  }

  /** Waits for every execution to end (used on shutdown and by tests). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.executions.map((e) => e.done));
  }

  async stopAll(): Promise<void> {
    for (const e of this.executions) e.abort.abort();
    await this.idle();
  }

  private slot(): Promise<void> {
    if (this.running < MAX_CONCURRENT_EXECUTIONS) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private checkUniqueName(name: string, exceptId: string | undefined): void {
    for (const tc of this.testCases.values()) {
      if (tc.Id === exceptId) continue;
      if (Object.values(tc.versions).some((v) => v?.Name === name))
        throw new TestCaseApiError("DuplicateResourceException", `A test case named ${name} exists`);
    }
  }

  /** A validated version from create/update input (update fills what it does not change). */
  private version(input: TestCaseInput, current: TestCaseView | undefined): TestCaseVersion {
    const Name = input.Name ?? current?.Name ?? "";
    const Content = input.Content ?? current?.Content ?? "";
    const Status = input.Status ?? current?.Status ?? "PUBLISHED";
    const v: TestCaseVersion = {
      Name,
      Content,
      Description: input.Description ?? current?.Description,
      EntryPoint: input.EntryPoint ?? current?.EntryPoint,
      InitializationData: input.InitializationData ?? current?.InitializationData,
      Status,
      LastModifiedTime: input.LastModifiedTime ?? new Date(),
      LastModifiedRegion: input.LastModifiedRegion ?? this.options.region,
      TestCaseSha256: createHash("sha256").update(Content).digest("hex"),
    };
    const bad = (m: string) => new TestCaseApiError("InvalidParameterException", m);
    if (Name.length < 1 || Name.length > 127 || !/\S/.test(Name)) throw bad("Name must be 1-127 characters");
    if (v.Description !== undefined && v.Description.length > 500)
      throw bad("Description is over 500 characters");
    if (Content.length < 1 || Content.length > MAX_CONTENT_LENGTH)
      throw bad("Content must be 1-256000 characters");
    if (Status !== "PUBLISHED" && Status !== "SAVED") throw bad("Status must be PUBLISHED or SAVED");
    if (v.InitializationData !== undefined) {
      try {
        JSON.parse(v.InitializationData);
      } catch {
        throw bad("InitializationData must be a JSON string");
      }
    }
    const ep = v.EntryPoint;
    if (ep?.Type !== undefined && ep.Type !== "VOICE_CALL" && ep.Type !== "CHAT")
      throw bad("EntryPoint.Type must be VOICE_CALL or CHAT");
    for (const n of [
      ep?.VoiceCallEntryPointParameters?.SourcePhoneNumber,
      ep?.VoiceCallEntryPointParameters?.DestinationPhoneNumber,
    ])
      if (n !== undefined && toE164(n) !== n) throw bad(`${n} is not an E.164 phone number`);
    // Only PUBLISHED content is validated, as in Connect.
    if (Status === "PUBLISHED") this.validateForPublish(v);
    return v;
  }

  private validateForPublish(v: TestCaseVersion): void {
    const problems: string[] = [];
    try {
      parseTestCase(v.Content, { channel: v.EntryPoint?.Type });
    } catch (err) {
      if (err instanceof TestCaseContentError) problems.push(...err.problems);
      else throw err;
    }
    const ep = v.EntryPoint;
    if (!ep?.Type) problems.push("EntryPoint.Type is required to publish (VOICE_CALL or CHAT)");
    else {
      const voice = ep.VoiceCallEntryPointParameters;
      const flowId = ep.Type === "CHAT" ? ep.ChatEntryPointParameters?.FlowId : voice?.FlowId;
      const target = this.options.target();
      if (flowId !== undefined && !target.flows.find(flowId))
        problems.push(`EntryPoint FlowId ${flowId} is not a flow of this instance`);
      if (flowId === undefined) {
        const routed = voice?.DestinationPhoneNumber && target.flowForNumber?.(voice.DestinationPhoneNumber);
        if (!routed)
          problems.push(
            "EntryPoint needs a FlowId (or, for voice, a DestinationPhoneNumber of this instance)",
          );
      }
    }
    if (problems.length > 0)
      throw new TestCaseApiError(
        "InvalidTestCaseException",
        problems.slice(0, 50).join("; "),
        problems.slice(0, 50),
      );
  }
}
