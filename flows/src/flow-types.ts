/** The flow language (Version 2019-10-30) as Orderline writes it. */

export interface FlowCondition {
  NextAction: string;
  Condition: { Operator: string; Operands: string[] };
}

export interface FlowTransitions {
  NextAction?: string;
  Errors?: { ErrorType: string; NextAction: string }[];
  Conditions?: FlowCondition[];
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: FlowTransitions;
}

export interface FlowContent {
  Version: "2019-10-30";
  StartAction: string;
  Metadata: Record<string, unknown>;
  Actions: FlowAction[];
}

/** CloudFormation `AWS::Connect::ContactFlow.Type` values Orderline uses. */
export type FlowType = "CONTACT_FLOW" | "CUSTOMER_QUEUE";
