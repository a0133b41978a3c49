/** The code-hook event, validated at the edge: declared in the Lex V2 contract, named here for the intents. */
export {
  type LexEvent,
  parseLexEvent,
  type Slot as LexSlot,
  type Slots as LexSlots,
  type SlotValue as LexSlotValue,
  scalarSlot,
  slotReadings,
  slotText,
} from "../contracts/lex-v2.js";
