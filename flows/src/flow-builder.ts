import { formatText } from "../../locales/index.js";
import {
  type ActionParameters,
  type ActionSpec,
  type ActionType,
  missingParameters,
  unknownParameters,
} from "./action-contract.js";
import { type FlowConfig, type FlowInputs, flowLocaleIds } from "./flow-config.js";
import type { FlowAction, FlowContent, FlowTransitions, FlowType } from "./flow-types.js";

/** Text of `key` in one locale; `vars` maps a `{placeholder}` to a JSONPath Connect resolves at run time. */
type TextFn = (key: string, vars?: Record<string, string>) => string;

/** The contact attribute every flow reads its locale from. */
export const LOCALE_ATTRIBUTE = "$.Attributes.locale";

/** Transitions for a block that goes on to `next` whatever happens (errors included). */
export function always(next: string, errorTypes: string[] = ["NoMatchingError"]): FlowTransitions {
  return { NextAction: next, Errors: errorTypes.map((ErrorType) => ({ ErrorType, NextAction: next })) };
}

/** One `Equals` condition. */
export function equals(operand: string, next: string): NonNullable<FlowTransitions["Conditions"]>[number] {
  return { NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } };
}

/** `{ErrorType, NextAction}` list from a map. */
export function errors(map: Record<string, string>): NonNullable<FlowTransitions["Errors"]> {
  return Object.entries(map).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction }));
}

/**
 * Writes one flow. Prompt-bearing blocks are `localized`: a Compare on `$.Attributes.locale` in front of one
 * copy per locale, so the committed JSON is self-contained (Connect cannot load text files).
 */
export class FlowBuilder {
  private readonly actions = new Map<string, FlowAction>();
  readonly config: FlowConfig;
  readonly locales: string[];

  constructor(private readonly inputs: FlowInputs) {
    this.config = inputs.config;
    this.locales = flowLocaleIds(inputs.config);
  }

  /** Adds one action, its parameters checked against the action contract; returns its id. */
  add<T extends ActionType>(
    id: string,
    type: T,
    parameters: ActionParameters[T],
    transitions: FlowTransitions = {},
  ): string {
    if (this.actions.has(id)) throw new Error(`Duplicate action id ${id}`);
    const params = parameters as Record<string, unknown>;
    const problems = [
      ...missingParameters(type, params),
      ...unknownParameters(type, params).map((name) => `unknown parameter ${name}`),
    ];
    if (problems.length > 0) throw new Error(`${id} (${type}): ${problems.join("; ")}`);
    this.actions.set(id, { Identifier: id, Type: type, Parameters: params, Transitions: transitions });
    return id;
  }

  /** A Compare on the locale attribute with one branch per locale (unknown → default locale). */
  byLocale(id: string, target: (localeId: string) => string): string {
    const defaultLocale = this.locales[0]!;
    return this.add(
      id,
      "Compare",
      { ComparisonValue: LOCALE_ATTRIBUTE },
      {
        Conditions: this.locales.map((l) => equals(l, target(l))),
        Errors: errors({ NoMatchingCondition: target(defaultLocale) }),
      },
    );
  }

  /** One copy of an action per locale (ids `<id>-<locale>`), all with the same transitions. */
  localized(
    id: string,
    make: (t: TextFn, localeId: string) => ActionSpec,
    transitions: FlowTransitions,
  ): string {
    this.byLocale(id, (l) => `${id}-${l}`);
    for (const l of this.locales) {
      const spec = make((key, vars) => this.text(l, key, vars), l);
      this.add(`${id}-${l}`, spec.type, spec.parameters, structuredClone(transitions));
    }
    return id;
  }

  /** A localized `MessageParticipant` that continues to `next` (also on error). */
  say(id: string, key: string, next: string, vars?: Record<string, string>): string {
    return this.localized(
      id,
      (t) => ({ type: "MessageParticipant", parameters: { Text: t(key, vars) } }),
      always(next),
    );
  }

  /** A localized flow attribute (e.g. the bot's opening prompt, which may embed `$.` references). */
  setText(id: string, attribute: string, key: string, next: string, vars?: Record<string, string>): string {
    return this.localized(
      id,
      (t) => ({
        type: "UpdateFlowAttributes",
        parameters: { FlowAttributes: { [attribute]: { Value: t(key, vars) } } },
      }),
      always(next),
    );
  }

  /** Text of `key` in `localeId` with `{placeholders}` replaced by JSONPath references. */
  text(localeId: string, key: string, vars: Record<string, string> = {}): string {
    const template = this.inputs.locales[localeId]?.texts[key];
    if (template === undefined) throw new Error(`locales/${localeId}/flows.json: missing key "${key}"`);
    const filled = formatText(template, vars);
    const unknown = filled.match(/\{(\w+)\}/);
    if (unknown) throw new Error(`locales/${localeId}/flows.json "${key}": no value for {${unknown[1]}}`);
    return filled;
  }

  /** The flow content; actions in insertion order. */
  build(start: string, metadata: { name: string; description: string; type: FlowType }): FlowContent {
    return {
      Version: "2019-10-30",
      StartAction: start,
      Metadata: { name: metadata.name, description: metadata.description, type: metadata.type },
      Actions: [...this.actions.values()],
    };
  }
}
