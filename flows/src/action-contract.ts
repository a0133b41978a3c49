/**
 * The flow action contract: for every action type Orderline writes and the local emulator runs, its
 * parameters (which are required), what it yields (a value matched against Conditions, just NextAction,
 * nothing because it ends or leaves the flow) and its documented error branches. One table, read by the flow
 * builder (typed parameters), the structure check (`npm run flows:check`) and the emulator's blocks (a flow
 * missing a required parameter fails to load, like amazon-connect-simulator's typed block structs).
 *
 * Source: https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html and the per-action
 * pages linked from each entry.
 */

/** A number Connect accepts as a JSON number or as text ("3"); console exports write text. */
type FlowNumber = string | number;
/** A flag Connect accepts as "True"/"False" (console exports) or a boolean. */
type FlowFlag = string | boolean;

/** The prompt of a participant action: at most one of these. */
interface PromptParameters {
  Text?: string;
  SSML?: string;
  PromptId?: string;
  Media?: { Uri: string; SourceType: string; MediaType: string };
}

/** Parameter objects by action type (names exactly as the flow language spells them). */
export interface ActionParameters {
  MessageParticipant: PromptParameters;
  GetParticipantInput: PromptParameters & {
    InputTimeLimitSeconds: FlowNumber;
    StoreInput?: FlowFlag;
    InputValidation?: {
      PhoneNumberValidation?: { NumberFormat: string; CountryCode?: string };
      CustomValidation?: { MaximumLength: FlowNumber };
    };
    InputEncryption?: { EncryptionKeyId: string; Key: string };
    DTMFConfiguration?: { InputTerminationSequence?: string; DisableCancelKey?: FlowFlag };
  };
  ConnectParticipantWithLexBot: PromptParameters & {
    LexV2Bot?: { AliasArn: string };
    LexBot?: { Name: string; Region: string; Alias: string };
    LexSessionAttributes?: Record<string, string>;
    /** Spelled this way in the AWS documentation. */
    LexInitilizationData?: { InitialMessage: string };
    LexTimeoutSeconds?: { Text: string };
  };
  InvokeLambdaFunction: {
    LambdaFunctionARN: string;
    InvocationTimeLimitSeconds?: FlowNumber;
    InvocationType?: string;
    LambdaInvocationAttributes?: Record<string, string>;
    ResponseValidation?: { ResponseType: string };
  };
  UpdateContactAttributes: { Attributes: Record<string, string>; TargetContact?: string };
  UpdateFlowAttributes: { FlowAttributes: Record<string, { Value: string }> };
  Compare: { ComparisonValue: string };
  UpdateContactTextToSpeechVoice: {
    TextToSpeechVoice: string;
    TextToSpeechEngine?: string;
    TextToSpeechStyle?: string;
  };
  UpdateContactData: { LanguageCode?: string };
  UpdateContactTargetQueue: { QueueId?: string; AgentId?: string };
  CheckHoursOfOperation: { HoursOfOperationId?: string };
  Loop: { LoopCount: FlowNumber };
  TransferContactToQueue: Record<string, never>;
  UpdateContactEventHooks: { EventHooks: Record<string, string> };
  UpdateContactCallbackNumber: { CallbackNumber: string };
  CreateCallbackContact: {
    QueueId?: string;
    AgentId?: string;
    InitialCallDelaySeconds: FlowNumber;
    MaximumConnectionAttempts: FlowNumber;
    RetryDelaySeconds: FlowNumber;
  };
  TransferToFlow: { ContactFlowId: string };
  DisconnectParticipant: Record<string, never>;
  EndFlowExecution: Record<string, never>;
  UpdateFlowLoggingBehavior: { FlowLoggingBehavior: string };
}

/** An action type in the contract. */
export type ActionType = keyof ActionParameters;

/**
 * What an action yields: `value` is matched against Conditions (NoMatchingCondition when none matches),
 * `next` goes on to NextAction (no Conditions), `terminal` ends the flow (`Transitions: {}`), `leaves-flow`
 * hands the contact elsewhere on success (only Error branches).
 */
type ActionResult = "value" | "next" | "terminal" | "leaves-flow";

type Presence<P, K extends keyof P> = object extends Pick<P, K> ? "optional" : "required";

/** One row of the table; `parameters` must list exactly the keys of `ActionParameters[T]`. */
interface ContractRow<P> {
  /** The action's page in the AWS flow-language reference. */
  doc: string;
  parameters: { [K in keyof Required<P>]: Presence<P, K> };
  /** Exactly one of these must be present. */
  oneOf?: readonly (keyof P & string)[];
  result: ActionResult;
  /** The only Conditions allowed, all of them required (`Equals` each). */
  conditions?: readonly string[];
  /** Documented error types besides the generic `NoMatchingError` ("no other error matched"). */
  errors: readonly string[];
  /** Error branches every use of the action must handle in Orderline's flows. */
  requiredErrors: readonly string[];
}

const DOCS = "https://docs.aws.amazon.com/connect/latest/APIReference";
const PROMPT = { Text: "optional", SSML: "optional", PromptId: "optional", Media: "optional" } as const;

/** The contract of every action type, by `Type`. */
export const ACTION_CONTRACTS = {
  MessageParticipant: {
    doc: `${DOCS}/participant-actions-messageparticipant.html`,
    parameters: PROMPT,
    oneOf: ["Text", "SSML", "PromptId", "Media"],
    result: "next",
    errors: [],
    requiredErrors: [],
  },
  GetParticipantInput: {
    doc: `${DOCS}/participant-actions-getparticipantinput.html`,
    parameters: {
      ...PROMPT,
      InputTimeLimitSeconds: "required",
      StoreInput: "optional",
      InputValidation: "optional",
      InputEncryption: "optional",
      DTMFConfiguration: "optional",
    },
    result: "value",
    // InputTimeLimitExceeded also appears in console exports of menu blocks.
    errors: ["NoMatchingCondition", "InvalidPhoneNumber", "InputTimeLimitExceeded"],
    // With StoreInput False the structure check also requires NoMatchingCondition and InputTimeLimitExceeded.
    requiredErrors: ["NoMatchingError"],
  },
  ConnectParticipantWithLexBot: {
    doc: `${DOCS}/participant-actions-connectparticipantwithlexbot.html`,
    parameters: {
      ...PROMPT,
      LexV2Bot: "optional",
      LexBot: "optional",
      LexSessionAttributes: "optional",
      LexInitilizationData: "optional",
      LexTimeoutSeconds: "optional",
    },
    oneOf: ["LexV2Bot", "LexBot"],
    result: "value",
    errors: ["NoMatchingCondition", "InputTimeLimitExceeded"],
    requiredErrors: ["NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded"],
  },
  InvokeLambdaFunction: {
    doc: `${DOCS}/interactions-invokelambdafunction.html`,
    parameters: {
      LambdaFunctionARN: "required",
      InvocationTimeLimitSeconds: "optional",
      InvocationType: "optional",
      LambdaInvocationAttributes: "optional",
      ResponseValidation: "optional",
    },
    result: "next",
    errors: [],
    requiredErrors: ["NoMatchingError"],
  },
  UpdateContactAttributes: {
    doc: `${DOCS}/contact-actions-updatecontactattributes.html`,
    parameters: { Attributes: "required", TargetContact: "optional" },
    result: "next",
    errors: [],
    requiredErrors: [],
  },
  UpdateFlowAttributes: {
    doc: `${DOCS}/flow-control-actions-updateflowattributes.html`,
    parameters: { FlowAttributes: "required" },
    result: "next",
    errors: [],
    requiredErrors: [],
  },
  Compare: {
    doc: `${DOCS}/flow-control-actions-compare.html`,
    parameters: { ComparisonValue: "required" },
    result: "value",
    errors: ["NoMatchingCondition"],
    requiredErrors: ["NoMatchingCondition"],
  },
  UpdateContactTextToSpeechVoice: {
    doc: `${DOCS}/contact-actions-updatecontacttexttospeechvoice.html`,
    parameters: {
      TextToSpeechVoice: "required",
      TextToSpeechEngine: "optional",
      TextToSpeechStyle: "optional",
    },
    result: "next",
    errors: [],
    requiredErrors: [],
  },
  UpdateContactData: {
    doc: `${DOCS}/contact-actions-updatecontactdata.html`,
    parameters: { LanguageCode: "optional" },
    result: "next",
    errors: [],
    requiredErrors: [],
  },
  UpdateContactTargetQueue: {
    doc: `${DOCS}/contact-actions-updatecontacttargetqueue.html`,
    parameters: { QueueId: "optional", AgentId: "optional" },
    oneOf: ["QueueId", "AgentId"],
    result: "next",
    errors: [],
    requiredErrors: ["NoMatchingError"],
  },
  CheckHoursOfOperation: {
    doc: `${DOCS}/flow-control-actions-checkhoursofoperation.html`,
    parameters: { HoursOfOperationId: "optional" },
    result: "value",
    conditions: ["True", "False"],
    errors: [],
    requiredErrors: ["NoMatchingError"],
  },
  Loop: {
    doc: `${DOCS}/flow-control-actions-loop.html`,
    parameters: { LoopCount: "required" },
    result: "value",
    conditions: ["ContinueLooping", "DoneLooping"],
    errors: [],
    requiredErrors: [],
  },
  TransferContactToQueue: {
    doc: `${DOCS}/contact-actions-transfercontacttoqueue.html`,
    parameters: {},
    result: "leaves-flow",
    errors: ["QueueAtCapacity"],
    requiredErrors: ["QueueAtCapacity", "NoMatchingError"],
  },
  UpdateContactEventHooks: {
    doc: `${DOCS}/contact-actions-updatecontacteventhooks.html`,
    parameters: { EventHooks: "required" },
    result: "next",
    errors: [],
    requiredErrors: [],
  },
  UpdateContactCallbackNumber: {
    doc: `${DOCS}/contact-actions-updatecontactcallbacknumber.html`,
    parameters: { CallbackNumber: "required" },
    result: "next",
    errors: ["InvalidCallbackNumber", "CallbackNumberNotDialable"],
    requiredErrors: ["InvalidCallbackNumber", "CallbackNumberNotDialable", "NoMatchingError"],
  },
  CreateCallbackContact: {
    doc: `${DOCS}/interactions-createcallbackcontact.html`,
    parameters: {
      QueueId: "optional",
      AgentId: "optional",
      InitialCallDelaySeconds: "required",
      MaximumConnectionAttempts: "required",
      RetryDelaySeconds: "required",
    },
    result: "next",
    errors: [],
    requiredErrors: ["NoMatchingError"],
  },
  TransferToFlow: {
    doc: `${DOCS}/flow-control-actions-transfertoflow.html`,
    parameters: { ContactFlowId: "required" },
    result: "leaves-flow",
    errors: [],
    requiredErrors: ["NoMatchingError"],
  },
  DisconnectParticipant: {
    doc: `${DOCS}/participant-actions-disconnectparticipant.html`,
    parameters: {},
    result: "terminal",
    errors: [],
    requiredErrors: [],
  },
  EndFlowExecution: {
    doc: `${DOCS}/flow-control-actions-endflowexecution.html`,
    parameters: {},
    result: "terminal",
    errors: [],
    requiredErrors: [],
  },
  UpdateFlowLoggingBehavior: {
    doc: `${DOCS}/flow-control-actions-updateflowloggingbehavior.html`,
    parameters: { FlowLoggingBehavior: "required" },
    result: "next",
    errors: [],
    requiredErrors: [],
  },
} as const satisfies { [T in ActionType]: ContractRow<ActionParameters[T]> };

/** The error types an action of type `T` may end with (its documented ones plus `NoMatchingError`). */
export type ActionErrorType<T extends ActionType> =
  | (typeof ACTION_CONTRACTS)[T]["errors"][number]
  | "NoMatchingError";

/** An action type and its typed parameters, e.g. what a localized builder block returns. */
export type ActionSpec<T extends ActionType = ActionType> = {
  [K in T]: { type: K; parameters: ActionParameters[K] };
}[T];

/** Every action type in the contract. */
export const ACTION_TYPES: ReadonlySet<string> = new Set(Object.keys(ACTION_CONTRACTS));

/** True when `type` is an action type of the contract. */
export function isActionType(type: string): type is ActionType {
  return ACTION_TYPES.has(type);
}

/** The contract row of one action type. */
export function actionContract(type: ActionType): ContractRow<Record<string, unknown>> {
  return ACTION_CONTRACTS[type] as ContractRow<Record<string, unknown>>;
}

/** Required parameters that are absent, as "missing parameter X" (or "needs exactly one of A, B"). */
export function missingParameters(type: ActionType, parameters: Record<string, unknown>): string[] {
  const contract = actionContract(type);
  const present = (name: string) => parameters[name] !== undefined && parameters[name] !== null;
  const out = Object.entries(contract.parameters)
    .filter(([name, presence]) => presence === "required" && !present(name))
    .map(([name]) => `missing parameter ${name}`);
  if (contract.oneOf && contract.oneOf.filter(present).length !== 1) {
    out.push(`needs exactly one of ${contract.oneOf.join(", ")}`);
  }
  return out;
}

/** Parameters the contract does not know (a typo, or a setting Orderline does not model). */
export function unknownParameters(type: ActionType, parameters: Record<string, unknown>): string[] {
  const known = actionContract(type).parameters;
  return Object.keys(parameters).filter((name) => !(name in known));
}
