import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FLOW_PLACEHOLDERS, type FlowPlaceholder, PLACEHOLDER_PATTERN } from "../placeholders.js";
import { canonicalTestCase, type TestEntryPoint } from "./testing-language.js";

/** Orderline's committed test cases: one JSON file per case in flows/test-cases/, the one source for the emulator and the cloud. */
export const TEST_CASES_DIR = join(import.meta.dirname, "..", "test-cases");

/** Placeholders a test case may use: the flows' own plus the entry flow's ARN. */
export const TEST_CASE_PLACEHOLDERS = {
  ...FLOW_PLACEHOLDERS,
  InboundFlowArn: "ARN of the inbound flow (the entry point of most test cases).",
} as const;
export type TestCasePlaceholder = FlowPlaceholder | "InboundFlowArn";

/** One committed case as written (placeholders unresolved). */
export interface TestCaseSource {
  /** File stem, e.g. `inbound-voice-ja-greeting-by-name`. */
  key: string;
  Name: string;
  Description?: string;
  /** Orderline flows the case runs through (for the coverage table); not sent to Connect. */
  Flows: string[];
  EntryPoint: TestEntryPoint;
  /** JSON text, as the API and CloudFormation take it. */
  InitializationData?: string;
  /** Testing-language JSON in the canonical form (Version 2025-06-21, …), placeholders unresolved. */
  Content: string;
}

interface CaseFile {
  Name: string;
  Description?: string;
  Flows: string[];
  EntryPoint: TestEntryPoint;
  InitializationData?: Record<string, unknown>;
  Content: unknown;
}

/** Loads every `cases/*.json`; a malformed case fails here with its file, observation and field. */
export function loadTestCaseSources(dir = TEST_CASES_DIR): TestCaseSource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(join(dir, file), "utf8")) as CaseFile;
      const key = file.replace(/\.json$/, "");
      try {
        return {
          key,
          Name: raw.Name,
          Description: raw.Description,
          Flows: raw.Flows,
          EntryPoint: raw.EntryPoint,
          InitializationData: raw.InitializationData ? JSON.stringify(raw.InitializationData) : undefined,
          Content: canonicalTestCase(raw.Content, { channel: raw.EntryPoint.Type }),
        };
      } catch (err) {
        throw new Error(`flows/test-cases/${file}: ${(err as Error).message}`);
      }
    });
}

/** Placeholder names a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]!))];
}

/** Fills `{{Name}}` with plain values (the emulator's local ARNs, or a deployed stack's); throws on a gap. */
export function fillTestCase(
  source: TestCaseSource,
  values: Partial<Record<TestCasePlaceholder, string>>,
): Omit<TestCaseSource, "key" | "Flows"> {
  const fill = (text: string) =>
    text.replace(PLACEHOLDER_PATTERN, (_w, name: string) => {
      const v = values[name as TestCasePlaceholder];
      if (v === undefined) throw new Error(`${source.key}: no value for {{${name}}}`);
      return v;
    });
  return {
    Name: source.Name,
    Description: source.Description,
    EntryPoint: JSON.parse(fill(JSON.stringify(source.EntryPoint))) as TestEntryPoint,
    InitializationData: source.InitializationData,
    Content: fill(source.Content),
  };
}
