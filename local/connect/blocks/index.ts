import type { BlockRunner } from "./block.js";
import { checkHoursOfOperation } from "./check-hours-of-operation.js";
import { compare } from "./compare.js";
import { connectParticipantWithLexBot } from "./connect-participant-with-lex-bot.js";
import { createCallbackContact } from "./create-callback-contact.js";
import {
  disconnectParticipant,
  endFlowExecution,
  endFlowModuleExecution,
  invokeFlowModule,
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

const RUNNERS: BlockRunner[] = [
  messageParticipant,
  getParticipantInput,
  connectParticipantWithLexBot,
  invokeLambdaFunction,
  updateContactAttributes,
  updateFlowAttributes,
  compare,
  updateContactTextToSpeechVoice,
  updateContactData,
  updateContactTargetQueue,
  checkHoursOfOperation,
  loop,
  transferContactToQueue,
  updateContactEventHooks,
  updateContactCallbackNumber,
  createCallbackContact,
  transferToFlow,
  invokeFlowModule,
  endFlowModuleExecution,
  disconnectParticipant,
  endFlowExecution,
  updateFlowLoggingBehavior,
];

/** Block runners by action type. */
export const BLOCKS: ReadonlyMap<string, BlockRunner> = new Map(RUNNERS.map((r) => [r.type, r]));

/** The action types the emulator runs (the flow checker rejects others). */
export const SUPPORTED_ACTION_TYPES: ReadonlySet<string> = new Set(BLOCKS.keys());
