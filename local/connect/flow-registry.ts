import { ACTION_TYPES, isActionType, missingParameters } from "../../flows/src/action-contract.js";
import type { FlowAction, FlowContent } from "../../flows/src/flow-types.js";

/** A flow the emulator can run: parsed, placeholders filled, action types known. */
export interface LoadedFlow {
  /** File stem, e.g. `inbound`. */
  key: string;
  id: string;
  arn: string;
  name: string;
  type: string;
  content: FlowContent;
  actions: Map<string, FlowAction>;
}

/** A flow that cannot run: malformed, using an action type the emulator does not know, or missing a parameter. */
export class FlowLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlowLoadError";
  }
}

/**
 * Parses and validates flow content against the action contract (flows/src/action-contract.ts): an unknown
 * action type or a missing required parameter is a load-time error that names the action.
 * @param supportedTypes the action types to accept; @default every type of the action contract
 */
export function loadFlow(
  content: string | FlowContent,
  meta: Omit<LoadedFlow, "content" | "actions">,
  supportedTypes: ReadonlySet<string> = ACTION_TYPES,
): LoadedFlow {
  let parsed: FlowContent;
  try {
    parsed = typeof content === "string" ? (JSON.parse(content) as FlowContent) : content;
  } catch (err) {
    throw new FlowLoadError(`Flow ${meta.key}: not JSON (${(err as Error).message})`);
  }
  if (parsed.Version !== "2019-10-30")
    throw new FlowLoadError(`Flow ${meta.key}: unsupported Version ${parsed.Version}`);
  if (!Array.isArray(parsed.Actions)) throw new FlowLoadError(`Flow ${meta.key}: Actions must be an array`);
  const actions = new Map<string, FlowAction>();
  for (const a of parsed.Actions) {
    if (typeof a.Identifier !== "string")
      throw new FlowLoadError(`Flow ${meta.key}: an action has no Identifier`);
    if (!supportedTypes.has(a.Type) || !isActionType(a.Type)) {
      throw new FlowLoadError(`Flow ${meta.key}: action ${a.Identifier} has unknown type "${a.Type}"`);
    }
    const missing = missingParameters(a.Type, a.Parameters ?? {});
    if (missing.length > 0) {
      throw new FlowLoadError(`Flow ${meta.key}: action ${a.Identifier} (${a.Type}): ${missing.join("; ")}`);
    }
    if (actions.has(a.Identifier))
      throw new FlowLoadError(`Flow ${meta.key}: duplicate action ${a.Identifier}`);
    actions.set(a.Identifier, { ...a, Parameters: a.Parameters ?? {}, Transitions: a.Transitions ?? {} });
  }
  if (!actions.has(parsed.StartAction)) {
    throw new FlowLoadError(`Flow ${meta.key}: StartAction ${parsed.StartAction} is not an action`);
  }
  return { ...meta, content: parsed, actions };
}

/** Flows by key, id or ARN (TransferToFlow and event hooks may use either). */
export class FlowRegistry {
  private readonly flows: LoadedFlow[] = [];

  add(flow: LoadedFlow): void {
    this.flows.push(flow);
  }

  find(ref: string): LoadedFlow | undefined {
    return this.flows.find((f) => f.key === ref || f.id === ref || f.arn === ref);
  }

  list(): LoadedFlow[] {
    return [...this.flows];
  }
}
