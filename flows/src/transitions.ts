import { LOCALE_ATTRIBUTE } from "./flow-builder.js";
import type { FlowContent } from "./flow-types.js";

/**
 * Localized copies (`<id>-<locale>` behind a locale Compare `<id>`) mapped to their group id, so diagrams and
 * coverage talk about one logical block instead of one per language.
 */
export function localizedGroups(flow: FlowContent): Map<string, string> {
  const groupOf = new Map<string, string>();
  for (const a of flow.Actions) {
    if (a.Type !== "Compare" || a.Parameters.ComparisonValue !== LOCALE_ATTRIBUTE) continue;
    const conditions = a.Transitions.Conditions ?? [];
    const isGroup =
      conditions.length > 0 &&
      conditions.every((c) => c.NextAction === `${a.Identifier}-${c.Condition.Operands[0]}`);
    if (isGroup) for (const c of conditions) groupOf.set(c.NextAction, a.Identifier);
  }
  return groupOf;
}

/** A logical transition `from → to` (localized copies folded into their group). */
export function transitionKey(groupOf: Map<string, string>, from: string, to: string): string | undefined {
  const f = groupOf.get(from) ?? from;
  const t = groupOf.get(to) ?? to;
  // The locale Compare in front of its own copies is not a decision of the flow.
  if (f === t) return undefined;
  return `${f} -> ${t}`;
}

/** Every logical transition of a flow. */
export function allTransitions(flow: FlowContent): Set<string> {
  const groupOf = localizedGroups(flow);
  const out = new Set<string>();
  for (const a of flow.Actions) {
    const t = a.Transitions;
    const targets = [
      ...(t.NextAction ? [t.NextAction] : []),
      ...(t.Conditions ?? []).map((c) => c.NextAction),
      ...(t.Errors ?? []).map((e) => e.NextAction),
    ];
    for (const target of targets) {
      const key = transitionKey(groupOf, a.Identifier, target);
      if (key) out.add(key);
    }
  }
  return out;
}
