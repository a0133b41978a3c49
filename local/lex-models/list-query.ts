import { invalid, LexModelsError } from "./models-errors.js";

/** What one List operation accepts: sort attributes, filter names and operators (botocore model). */
export interface ListRules<T> {
  /** Sort attribute → the field it sorts on. */
  sort: Record<string, (item: T) => string | number>;
  /** Filter name → the field it filters on. */
  filters: Record<string, (item: T) => string>;
  operators: readonly string[];
  /** ListBots takes two filters, the others one. @default 1 */
  maxFilters?: number;
  /** Sort when the request names none. */
  defaultSort?: { attribute: string; order: "Ascending" | "Descending" };
}

export const MAX_RESULTS_LIMIT = 1000;
const DEFAULT_PAGE = 100;

/** The request body members every List operation shares. */
export interface ListRequest {
  sortBy?: { attribute?: string; name?: string; order?: string };
  filters?: { name?: string; values?: unknown[]; operator?: string }[];
  maxResults?: number;
  nextToken?: string;
}

/** Filters, sorts and pages `items` like the service; `nextToken` is an opaque offset. */
export function listPage<T>(
  items: T[],
  req: ListRequest,
  rules: ListRules<T>,
): { page: T[]; nextToken?: string } {
  let out = [...items];
  const filters = req.filters ?? [];
  if (!Array.isArray(filters)) throw invalid("filters", "Member must be a list");
  if (filters.length > (rules.maxFilters ?? 1)) {
    throw invalid("filters", `Member must have length less than or equal to ${rules.maxFilters ?? 1}`);
  }
  for (const [i, f] of filters.entries()) {
    const field = f.name ? rules.filters[f.name] : undefined;
    if (!field) {
      throw invalid(
        `filters.${i + 1}.member.name`,
        `Member must satisfy enum value set: [${Object.keys(rules.filters).join(", ")}]`,
      );
    }
    if (!f.operator || !rules.operators.includes(f.operator)) {
      throw invalid(
        `filters.${i + 1}.member.operator`,
        `Member must satisfy enum value set: [${rules.operators.join(", ")}]`,
      );
    }
    if (!Array.isArray(f.values) || f.values.length !== 1 || typeof f.values[0] !== "string") {
      throw invalid(`filters.${i + 1}.member.values`, "Member must have length less than or equal to 1");
    }
    const value = f.values[0];
    const op = f.operator;
    out = out.filter((item) => {
      const v = field(item);
      if (op === "CO") return v.toLowerCase().includes(value.toLowerCase());
      if (op === "NE") return v !== value;
      return v === value;
    });
  }
  const sortBy: ListRequest["sortBy"] = req.sortBy ?? rules.defaultSort;
  if (sortBy) {
    const attr = sortBy.attribute ?? sortBy.name ?? "";
    const key = rules.sort[attr];
    if (!key)
      throw invalid(
        "sortBy.attribute",
        `Member must satisfy enum value set: [${Object.keys(rules.sort).join(", ")}]`,
      );
    const order = sortBy.order ?? "Ascending";
    if (order !== "Ascending" && order !== "Descending") {
      throw invalid("sortBy.order", "Member must satisfy enum value set: [Ascending, Descending]");
    }
    const sign = order === "Descending" ? -1 : 1;
    out.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (
        sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)))
      );
    });
  }
  const { offset, size } = pageOf(req);
  const page = out.slice(offset, offset + size);
  const next = offset + size;
  return next < out.length ? { page, nextToken: encodeToken(next) } : { page };
}

/** `maxResults` (1..1000) and the offset the `nextToken` carries. */
export function pageOf(req: ListRequest, defaultSize = DEFAULT_PAGE): { offset: number; size: number } {
  const size = req.maxResults ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_RESULTS_LIMIT) {
    throw invalid("maxResults", `Member must have value between 1 and ${MAX_RESULTS_LIMIT}`);
  }
  return { offset: req.nextToken ? decodeToken(req.nextToken) : 0, size };
}

export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

function decodeToken(token: string): number {
  try {
    const o = (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown }).o;
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new LexModelsError("ValidationException", "The nextToken is not valid.");
}
