import type { ActionType } from "../../../flows/src/action-contract.js";
import type { BlockRunner } from "./block.js";
import { checkHoursOfOperation } from "./check-hours-of-operation.js";
import { compare } from "./compare.js";
import { connectParticipantWithLexBot } from "./connect-participant-with-lex-bot.js";
import { createCallbackContact } from "./create-callback-contact.js";
import {
  disconnectParticipant,
  endFlowExecution,
  transferToFlow,
  updateFlowLoggingBehavior,
} from "./flow-control.js";
import { getParticipantInput } from "./get-participant-input.js";
import { invokeLambdaFunction } from "./invoke-lambda-function.js";
import { loop } from "./loop.js";
import { messageParticipant } from "./message-participant.js";
import { transferContactToQueue } from "./transfer-contact-to-queue.js";
import { updateContactAttributes } from "./update-contact-attributes.js";
import { updateContactCallbackNumber } from "./update-contact-callback-number.js";
import { updateContactData } from "./update-contact-data.js";
import { updateContactEventHooks } from "./update-contact-event-hooks.js";
import { updateContactTargetQueue } from "./update-contact-target-queue.js";
import { updateContactTextToSpeechVoice } from "./update-contact-text-to-speech-voice.js";
import { updateFlowAttributes } from "./update-flow-attributes.js";

/** One runner per action type of the contract (flows/src/action-contract.ts); a missing one fails to compile. */
export const BLOCKS: { readonly [T in ActionType]: BlockRunner<T> } = {
  MessageParticipant: messageParticipant,
  GetParticipantInput: getParticipantInput,
  ConnectParticipantWithLexBot: connectParticipantWithLexBot,
  InvokeLambdaFunction: invokeLambdaFunction,
  UpdateContactAttributes: updateContactAttributes,
  UpdateFlowAttributes: updateFlowAttributes,
  Compare: compare,
  UpdateContactTextToSpeechVoice: updateContactTextToSpeechVoice,
  UpdateContactData: updateContactData,
  UpdateContactTargetQueue: updateContactTargetQueue,
  CheckHoursOfOperation: checkHoursOfOperation,
  Loop: loop,
  TransferContactToQueue: transferContactToQueue,
  UpdateContactEventHooks: updateContactEventHooks,
  UpdateContactCallbackNumber: updateContactCallbackNumber,
  CreateCallbackContact: createCallbackContact,
  TransferToFlow: transferToFlow,
  DisconnectParticipant: disconnectParticipant,
  EndFlowExecution: endFlowExecution,
  UpdateFlowLoggingBehavior: updateFlowLoggingBehavior,
};

/** The action types the emulator runs: every type of the action contract. */
export const SUPPORTED_ACTION_TYPES: ReadonlySet<string> = new Set(Object.keys(BLOCKS));
