/**
 * A deep copy of plain JSON-like data (objects, arrays, strings, numbers, booleans, null, undefined): what
 * `structuredClone` returns for the session and code hook shapes, at a fraction of its cost (no serialisation
 * through the structured clone algorithm, which showed in every Lex turn's CPU profile).
 */
export function copyPlain<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}
