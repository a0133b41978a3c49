/**
 * ARNs in the committed flow JSON are placeholders `{{Name}}`: the CDK stack replaces them with real tokens
 * at synth time, the local emulator with its local ARNs. A placeholder is always a whole parameter value.
 */
export const FLOW_PLACEHOLDERS = {
  LexBotAliasArn:
    "Lex V2 bot alias ARN (arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID) the flows talk to.",
  ConnectLambdaArn:
    "ARN of the Connect-invoked fulfillment Lambda (lookupCaller, describeOrder, cancelOrder, ...).",
  AgentQueueArn: "ARN of the queue human agents work (transfers and queued callbacks).",
  HoursOfOperationArn: "ARN of the agent queue's hours of operation, checked before every transfer.",
  CustomerQueueFlowArn:
    "ARN of the customer-queue flow (localized hold message) set as the CustomerQueue hook.",
  KeypadMenuFlowArn: "ARN of the keypad-menu flow the inbound flow falls back to when the bot fails twice.",
  AgentTransferFlowArn: "ARN of the agent-transfer flow (hours check, queue, after-hours callback offer).",
} as const;

/** A placeholder name, e.g. `LexBotAliasArn`. */
export type FlowPlaceholder = keyof typeof FLOW_PLACEHOLDERS;

/** Matches `{{Name}}` anywhere in a string; group 1 is the name. */
export const PLACEHOLDER_PATTERN = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** `{{Name}}` for a known placeholder (typed so a typo fails to compile). */
export function placeholder(name: FlowPlaceholder): string {
  return `{{${name}}}`;
}

/** Replaces every `{{Name}}` in flow content; throws on a name missing from `values`. */
export function fillPlaceholders(content: string, values: Partial<Record<FlowPlaceholder, string>>): string {
  return content.replace(PLACEHOLDER_PATTERN, (_whole, name: string) => {
    const value = values[name as FlowPlaceholder];
    if (value === undefined) throw new Error(`No value for flow placeholder {{${name}}}`);
    return value;
  });
}
