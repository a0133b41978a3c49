/** The inbound flow's Compare on `$.SystemEndpoint.Address` and its per-locale targets (flows/src/inbound-flow.ts). */
export const LOCALE_FROM_NUMBER_ACTION = "locale-from-number";
export const setLocaleAction = (localeId: string) => `set-locale-${localeId}`;

interface Action {
  Identifier: string;
  Type: string;
  Transitions: { Conditions?: { NextAction: string; Condition: { Operator: string; Operands: string[] } }[] };
}

/**
 * Adds the `dialedNumberLocales` setting to the inbound flow: an exact dialed number picks its locale
 * before the prefix rules of flows/config.json. Returns the content unchanged when the map is empty.
 */
export function applyDialedNumberLocales(
  content: string,
  numbers: Record<string, string>,
  source: string,
): string {
  const entries = Object.entries(numbers);
  if (entries.length === 0) return content;
  const flow = JSON.parse(content) as { Actions: Action[] };
  const compare = flow.Actions.find(
    (a) => a.Identifier === LOCALE_FROM_NUMBER_ACTION && a.Type === "Compare",
  );
  if (!compare)
    throw new Error(`${source}: no "${LOCALE_FROM_NUMBER_ACTION}" Compare block for dialedNumberLocales`);
  const ids = new Set(flow.Actions.map((a) => a.Identifier));
  const exact = entries.map(([number, localeId]) => {
    const target = setLocaleAction(localeId);
    if (!ids.has(target))
      throw new Error(`${source}: dialedNumberLocales names ${localeId}, which the flow does not speak`);
    return { NextAction: target, Condition: { Operator: "Equals", Operands: [number] } };
  });
  // Conditions are evaluated in order and the first true one wins: exact numbers go first.
  compare.Transitions.Conditions = [...exact, ...(compare.Transitions.Conditions ?? [])];
  return JSON.stringify(flow);
}
