/**
 * The bot spec in the Lex V2 Models API's shapes (DescribeIntent, DescribeSlot, DescribeSlotType) and back.
 * The emulator serves the first direction; `npm run bot -- drift` reads a live bot with the second.
 */
import {
  FALLBACK_INTENT_ID,
  type IntentSpec,
  inverse,
  type LocaleSpec,
  renameKeys,
  resourceId,
  type SlotSpec,
  type SlotTypeSpec,
} from "./lex-spec.js";

/** CloudFormation member names → API member names. */
const TO_API = {
  isActive: "active",
  messageGroupsList: "messageGroups",
  allowDtmfInput: "allowDTMFInput",
  audioAndDtmfInputSpecification: "audioAndDTMFInputSpecification",
};
const FROM_API = inverse(TO_API);

const RESOLUTION_TO_API = {
  ORIGINAL_VALUE: "OriginalValue",
  TOP_RESOLUTION: "TopResolution",
  CONCATENATION: "Concatenation",
} as const;
const RESOLUTION_FROM_API = inverse(RESOLUTION_TO_API) as Record<
  string,
  SlotTypeSpec["valueSelectionSetting"]["resolutionStrategy"]
>;

type Json = Record<string, unknown>;

/** Ids of one locale's resources: stable per locale and name. */
export interface LocaleIds {
  intentId(intentName: string): string;
  slotId(intentName: string, slotName: string): string;
  /** A custom type's id; built-in names (`AMAZON.Date`) are their own id, as in Lex. */
  slotTypeId(slotTypeName: string): string;
}

export function localeIds(localeId: string): LocaleIds {
  return {
    intentId: (name) =>
      name === "FallbackIntent" ? FALLBACK_INTENT_ID : resourceId("intent", localeId, name),
    slotId: (intent, slot) => resourceId("slot", localeId, intent, slot),
    slotTypeId: (name) => (name.startsWith("AMAZON.") ? name : resourceId("slottype", localeId, name)),
  };
}

/** DescribeIntent's body without the ids and times (the service adds those). */
export function intentToApi(intent: IntentSpec, ids: LocaleIds): Json {
  // Settings the renderer adds later (closing, initial response…) pass through in API names.
  const extra = Object.fromEntries(Object.entries(intent).filter(([k]) => !INTENT_KEYS.has(k)));
  const out: Json = {
    ...(renameKeys(extra, TO_API) as Json),
    intentId: ids.intentId(intent.name),
    intentName: intent.name,
    sampleUtterances: intent.sampleUtterances ?? [],
    dialogCodeHook: { enabled: intent.dialogCodeHook.enabled },
    fulfillmentCodeHook: { enabled: intent.fulfillmentCodeHook.enabled, active: true },
    slotPriorities: (intent.slotPriorities ?? []).map((p) => ({
      priority: p.priority,
      slotId: ids.slotId(intent.name, p.slotName),
    })),
    inputContexts: intent.inputContexts ?? [],
    outputContexts: intent.outputContexts ?? [],
  };
  if (intent.parentIntentSignature) out.parentIntentSignature = intent.parentIntentSignature;
  if (intent.intentConfirmationSetting) {
    out.intentConfirmationSetting = {
      ...(renameKeys(intent.intentConfirmationSetting, TO_API) as Json),
      active: true,
    };
  }
  return out;
}

/** Intent members the API and the export map one by one; any other member passes through as rendered. */
export const INTENT_KEYS = new Set([
  "name",
  "parentIntentSignature",
  "sampleUtterances",
  "slots",
  "slotPriorities",
  "intentConfirmationSetting",
  "dialogCodeHook",
  "fulfillmentCodeHook",
  "inputContexts",
  "outputContexts",
]);
/** What DescribeIntent adds around the intent itself. */
const API_INTENT_ENVELOPE = new Set([
  "$metadata",
  "intentId",
  "intentName",
  "description",
  "botId",
  "botVersion",
  "localeId",
  "creationDateTime",
  "lastUpdatedDateTime",
]);

/** DescribeSlot's body without the ids and times. */
export function slotToApi(intentName: string, slot: SlotSpec, ids: LocaleIds): Json {
  return {
    slotId: ids.slotId(intentName, slot.name),
    slotName: slot.name,
    slotTypeId: ids.slotTypeId(slot.slotTypeName),
    valueElicitationSetting: renameKeys(slot.valueElicitationSetting, TO_API),
    obfuscationSetting: slot.obfuscationSetting ?? { obfuscationSettingType: "None" },
    multipleValuesSetting: { allowMultipleValues: false },
  };
}

/** DescribeSlotType's body without the ids and times. */
export function slotTypeToApi(slotType: SlotTypeSpec, ids: LocaleIds): Json {
  const out: Json = {
    slotTypeId: ids.slotTypeId(slotType.name),
    slotTypeName: slotType.name,
    valueSelectionSetting: {
      ...slotType.valueSelectionSetting,
      resolutionStrategy: RESOLUTION_TO_API[slotType.valueSelectionSetting.resolutionStrategy],
    },
  };
  if (slotType.parentSlotTypeSignature) out.parentSlotTypeSignature = slotType.parentSlotTypeSignature;
  if (slotType.slotTypeValues) out.slotTypeValues = slotType.slotTypeValues;
  return out;
}

/** `Custom | Extended | ExternalGrammar | Composite` (ListSlotTypes only). */
export function slotTypeCategory(slotType: SlotTypeSpec): string {
  return slotType.parentSlotTypeSignature ? "Extended" : "Custom";
}

/** What DescribeSlotType answered, back as a spec. */
export function slotTypeFromApi(api: Json): SlotTypeSpec {
  const vss = (api.valueSelectionSetting ?? {}) as Json;
  const spec: SlotTypeSpec = {
    name: String(api.slotTypeName),
    valueSelectionSetting: {
      resolutionStrategy: RESOLUTION_FROM_API[String(vss.resolutionStrategy)] ?? "ORIGINAL_VALUE",
      ...(vss.regexFilter ? { regexFilter: { pattern: String((vss.regexFilter as Json).pattern) } } : {}),
    },
  };
  if (api.parentSlotTypeSignature) spec.parentSlotTypeSignature = String(api.parentSlotTypeSignature);
  const values = api.slotTypeValues as SlotTypeSpec["slotTypeValues"];
  if (values && values.length > 0) spec.slotTypeValues = values;
  return spec;
}

/** What DescribeIntent and DescribeSlot answered, back as a spec; `slotTypeNames` maps ids to names. */
export function intentFromApi(api: Json, slots: Json[], slotTypeNames: Map<string, string>): IntentSpec {
  const slotNames = new Map(slots.map((s) => [String(s.slotId), String(s.slotName)]));
  const spec: IntentSpec = {
    name: String(api.intentName),
    dialogCodeHook: { enabled: Boolean((api.dialogCodeHook as Json | undefined)?.enabled) },
    fulfillmentCodeHook: { enabled: Boolean((api.fulfillmentCodeHook as Json | undefined)?.enabled) },
  };
  if (api.parentIntentSignature) {
    spec.parentIntentSignature = String(api.parentIntentSignature);
    return spec;
  }
  spec.sampleUtterances = ((api.sampleUtterances ?? []) as { utterance: string }[]).map((u) => ({
    utterance: u.utterance,
  }));
  const priorities = ((api.slotPriorities ?? []) as { priority: number; slotId: string }[])
    .slice()
    .sort((a, b) => a.priority - b.priority);
  if (priorities.length > 0) {
    const byId = new Map(slots.map((s) => [String(s.slotId), s]));
    spec.slots = priorities.map((p) => slotFromApi(byId.get(p.slotId) ?? {}, slotTypeNames));
    spec.slotPriorities = priorities.map((p) => ({
      priority: p.priority,
      slotName: slotNames.get(p.slotId) ?? p.slotId,
    }));
  }
  for (const [k, v] of Object.entries(api)) {
    if (INTENT_KEYS.has(k.replace(/^intentName$/, "name")) || API_INTENT_ENVELOPE.has(k) || v === undefined)
      continue;
    (spec as unknown as Json)[k] = renameKeys(v, FROM_API);
  }
  for (const key of ["inputContexts", "outputContexts"] as const) {
    const list = api[key] as IntentSpec[typeof key] & Json[];
    if (list && list.length > 0) spec[key] = list.map((c) => ({ ...c })) as never;
  }
  const confirmation = api.intentConfirmationSetting as Json | undefined;
  if (confirmation && confirmation.active !== false) {
    const { active: _active, ...rest } = confirmation;
    spec.intentConfirmationSetting = renameKeys(rest, FROM_API) as IntentSpec["intentConfirmationSetting"];
  }
  return spec;
}

function slotFromApi(api: Json, slotTypeNames: Map<string, string>): SlotSpec {
  const typeId = String(api.slotTypeId ?? "");
  const spec: SlotSpec = {
    name: String(api.slotName),
    slotTypeName: slotTypeNames.get(typeId) ?? typeId,
    valueElicitationSetting: renameKeys(
      api.valueElicitationSetting,
      FROM_API,
    ) as SlotSpec["valueElicitationSetting"],
  };
  const obfuscation = (api.obfuscationSetting as Json | undefined)?.obfuscationSettingType;
  if (obfuscation === "DefaultObfuscation")
    spec.obfuscationSetting = { obfuscationSettingType: "DefaultObfuscation" };
  return spec;
}

/** BotLocale fields of the spec in API names. */
export function localeSettingsToApi(locale: LocaleSpec): Json {
  return {
    nluIntentConfidenceThreshold: locale.nluConfidenceThreshold,
    voiceSettings: locale.voiceSettings,
  };
}

/** Display names Lex gives locales (DescribeBotLocale `localeName`). */
export function localeName(localeId: string): string {
  const names: Record<string, string> = {
    en_US: "English (US)",
    en_GB: "English (GB)",
    ja_JP: "Japanese (JP)",
    de_DE: "German (DE)",
    fr_FR: "French (FR)",
    es_US: "Spanish (US)",
  };
  return names[localeId] ?? localeId;
}
