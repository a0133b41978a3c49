import { Fn, Token } from "aws-cdk-lib";
import { PLACEHOLDER_PATTERN as PLACEHOLDER } from "../../flows/placeholders.js";

export class UnknownPlaceholderError extends Error {
  constructor(
    readonly source: string,
    readonly placeholder: string,
    known: string[],
  ) {
    super(`${source}: unknown placeholder {{${placeholder}}} (known: ${known.join(", ") || "none"})`);
    this.name = "UnknownPlaceholderError";
  }
}

/** Placeholder names used in a flow's content, in order of first use. */
export function placeholdersIn(content: string): string[] {
  return [...new Set([...content.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/**
 * Replaces every `{{Name}}` in flow content with its value; values may be CDK tokens (ARNs resolved at
 * deploy), so the result is an `Fn::Join` of literal pieces and tokens. Throws on a placeholder without a value.
 */
export function substitutePlaceholders(
  content: string,
  values: Record<string, string>,
  source: string,
): string {
  const known = Object.keys(values);
  const parts: string[] = [];
  let last = 0;
  for (const match of content.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    const value = values[name];
    if (value === undefined) throw new UnknownPlaceholderError(source, name, known);
    parts.push(content.slice(last, match.index), value);
    last = match.index + match[0].length;
  }
  parts.push(content.slice(last));
  const stray = content.replace(PLACEHOLDER, "").indexOf("{{");
  if (stray >= 0) {
    // A `{{` that is not a well-formed placeholder would reach Connect verbatim.
    throw new Error(
      `${source}: malformed placeholder near "${content.replace(PLACEHOLDER, "").slice(stray, stray + 30)}"`,
    );
  }
  const literal = parts.filter((p) => p !== "");
  if (!literal.some((p) => Token.isUnresolved(p))) return literal.join("");
  return Fn.join("", literal);
}
