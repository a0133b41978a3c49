/**
 * The Lex V2 import/export archive (`LexJson`): manifest.json and one folder per bot, locale, intent, slot and
 * slot type, written from the bot spec and read back into it. Every absent member is written as `null`, like a
 * real export; LexJson spells `messageGroupsList`, `isActive`, `slotTypeName`, `slotPriorities[].slotName`,
 * `allowDTMFInput`, and resolution strategies as `ORIGINAL_VALUE` (docs/reference/lex-models-v2.md §3).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { INTENT_KEYS, localeIds, localeName } from "./lex-api.js";
import {
  type BotSpec,
  type IntentSpec,
  inverse,
  type LocaleSpec,
  type MessageGroupSpec,
  renameKeys,
  type SlotSpec,
  type SlotTypeSpec,
} from "./lex-spec.js";

type Json = Record<string, unknown>;

/** CloudFormation names → LexJson names (inside prompt attempt settings). */
const TO_LEX_JSON = {
  allowDtmfInput: "allowDTMFInput",
  audioAndDtmfInputSpecification: "audioAndDTMFInputSpecification",
};
const FROM_LEX_JSON = inverse(TO_LEX_JSON);

export const MANIFEST = { metadata: { schemaVersion: "1.0", fileFormat: "LexJson", resourceType: "Bot" } };

/** `<BotName>_<BotVersion>_<ExportId>_LexJson.zip`, the name Lex gives a bot export. */
export function exportFileName(botName: string, version: string, exportId: string): string {
  return `${botName}_${version}_${exportId}_LexJson.zip`;
}

/** The archive's files (path → JSON), in a stable order. */
export function lexJsonFiles(bot: BotSpec, version = "DRAFT"): Map<string, Json> {
  const files = new Map<string, Json>();
  const root = bot.name;
  files.set("manifest.json", MANIFEST);
  files.set(`${root}/Bot.json`, {
    name: bot.name,
    version,
    description: bot.description,
    dataPrivacy: { childDirected: false },
    idleSessionTTLInSeconds: bot.idleSessionTtlInSeconds,
    identifier: null,
    errorLogSettings: null,
  });
  for (const locale of bot.locales) {
    const dir = `${root}/BotLocales/${locale.localeId}`;
    const ids = localeIds(locale.localeId);
    files.set(`${dir}/BotLocale.json`, {
      name: localeName(locale.localeId),
      identifier: locale.localeId,
      version: null,
      description: null,
      voiceSettings: locale.voiceSettings,
      nluConfidenceThreshold: locale.nluConfidenceThreshold,
    });
    for (const t of locale.slotTypes) {
      files.set(`${dir}/SlotTypes/${t.name}/SlotType.json`, {
        name: t.name,
        identifier: ids.slotTypeId(t.name),
        description: null,
        slotTypeValues: t.slotTypeValues ?? null,
        parentSlotTypeSignature: t.parentSlotTypeSignature ?? null,
        valueSelectionSetting: {
          resolutionStrategy: t.valueSelectionSetting.resolutionStrategy,
          regexFilter: t.valueSelectionSetting.regexFilter ?? null,
          advancedRecognitionSetting: null,
        },
        externalSourceSetting: null,
        compositeSlotTypeSetting: null,
      });
    }
    for (const intent of locale.intents) {
      const intentDir = `${dir}/Intents/${intent.name}`;
      files.set(`${intentDir}/Intent.json`, intentFile(intent, ids.intentId(intent.name)));
      for (const slot of intent.slots ?? []) {
        files.set(`${intentDir}/Slots/${slot.name}/Slot.json`, {
          name: slot.name,
          identifier: ids.slotId(intent.name, slot.name),
          description: null,
          slotTypeName: slot.slotTypeName,
          obfuscationSetting: slot.obfuscationSetting ?? null,
          multipleValuesSetting: null,
          valueElicitationSetting: {
            sampleUtterances: null,
            defaultValueSpecification: null,
            waitAndContinueSpecification: null,
            ...(renameKeys(slot.valueElicitationSetting, TO_LEX_JSON) as Json),
            promptSpecification: prompt(slot.valueElicitationSetting.promptSpecification),
          },
          subSlotSetting: null,
        });
      }
    }
  }
  return files;
}

// What the file adds around the intent (absent members are null and dropped on reading).
const INTENT_FILE_ONLY = new Set(["identifier", "description"]);

function intentFile(intent: IntentSpec, identifier: string): Json {
  const confirmation = intent.intentConfirmationSetting;
  // Members written one by one below; the rest (confirmation code hooks, next steps) pass through as rendered.
  const {
    promptSpecification: _prompt,
    declinationResponse: _declination,
    ...confirmationRest
  } = confirmation ?? {};
  const extra = Object.fromEntries(Object.entries(intent).filter(([k]) => !INTENT_KEYS.has(k)));
  return {
    name: intent.name,
    identifier,
    description: null,
    parentIntentSignature: intent.parentIntentSignature ?? null,
    sampleUtterances: intent.sampleUtterances ?? null,
    intentConfirmationSetting: confirmation
      ? {
          isActive: true,
          elicitationCodeHook: null,
          codeHook: null,
          ...(renameKeys(confirmationRest, TO_LEX_JSON) as Json),
          promptSpecification: prompt(confirmation.promptSpecification),
          declinationResponse: confirmation.declinationResponse
            ? {
                allowInterrupt: confirmation.declinationResponse.allowInterrupt ?? null,
                messageGroupsList: groups(confirmation.declinationResponse.messageGroupsList),
              }
            : null,
        }
      : null,
    intentClosingSetting: null,
    initialResponseSetting: null,
    inputContexts: intent.inputContexts ?? null,
    outputContexts: intent.outputContexts ?? null,
    kendraConfiguration: null,
    dialogCodeHook: intent.dialogCodeHook,
    fulfillmentCodeHook: {
      postFulfillmentStatusSpecification: null,
      fulfillmentUpdatesSpecification: null,
      ...intent.fulfillmentCodeHook,
    },
    slotPriorities: intent.slotPriorities ?? null,
    ...(renameKeys(extra, TO_LEX_JSON) as Json),
  };
}

function prompt(p: SlotSpec["valueElicitationSetting"]["promptSpecification"]): Json {
  return {
    allowInterrupt: p.allowInterrupt ?? null,
    maxRetries: p.maxRetries,
    messageGroupsList: groups(p.messageGroupsList),
    promptAttemptsSpecification: p.promptAttemptsSpecification
      ? renameKeys(p.promptAttemptsSpecification, TO_LEX_JSON)
      : null,
  };
}

function groups(list: MessageGroupSpec[]): Json[] {
  const message = (m: { plainTextMessage: { value: string } }) => ({
    plainTextMessage: m.plainTextMessage,
    customPayload: null,
    ssmlMessage: null,
    imageResponseCard: null,
  });
  return list.map((g) => ({
    message: message(g.message),
    variations: g.variations ? g.variations.map(message) : null,
  }));
}

/** The zip bytes of a bot export (deterministic: fixed file times). */
export function writeLexJsonZip(bot: BotSpec, version = "DRAFT"): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date("2020-01-01T00:00:00Z");
  for (const [path, body] of lexJsonFiles(bot, version)) {
    entries[path] = [strToU8(`${JSON.stringify(body, null, 2)}\n`), { mtime }];
  }
  return zipSync(entries, { level: 6 });
}

/** Reads a LexJson bot export back into the spec (throws on a missing manifest or an unknown layout). */
export function readLexJsonZip(bytes: Uint8Array): BotSpec {
  const files = new Map<string, Json>();
  for (const [path, data] of Object.entries(unzipSync(bytes))) {
    if (path.endsWith("/")) continue;
    files.set(path, JSON.parse(strFromU8(data)) as Json);
  }
  const manifest = files.get("manifest.json") as typeof MANIFEST | undefined;
  if (manifest?.metadata?.fileFormat !== "LexJson" || manifest.metadata.resourceType !== "Bot") {
    throw new Error("Not a LexJson bot export: manifest.json missing or not resourceType Bot");
  }
  const botPath = [...files.keys()].find((p) => /^[^/]+\/Bot\.json$/.test(p));
  if (!botPath) throw new Error("No <BotName>/Bot.json in the archive");
  const root = botPath.split("/")[0]!;
  const botFile = stripNulls(files.get(botPath)) as Json;
  const localeDirs = [...files.keys()]
    .map((p) => new RegExp(`^${escapeRegExp(root)}/BotLocales/([^/]+)/BotLocale\\.json$`).exec(p)?.[1])
    .filter((x): x is string => x !== undefined)
    .sort();
  // The files one level below `dir`: `<dir>/<Name>/<file>`, in name order.
  const under = (dir: string, file: string) => {
    const pattern = new RegExp(`^${escapeRegExp(dir)}/[^/]+/${escapeRegExp(file)}$`);
    return [...files.entries()]
      .filter(([p]) => pattern.test(p))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, body]) => stripNulls(body) as Json);
  };
  const locales: LocaleSpec[] = localeDirs.map((localeId) => {
    const dir = `${root}/BotLocales/${localeId}`;
    const locale = stripNulls(files.get(`${dir}/BotLocale.json`)) as Json;
    const slotTypes = under(`${dir}/SlotTypes`, "SlotType.json").map(slotTypeFrom);
    const intents = under(`${dir}/Intents`, "Intent.json").map((intent) =>
      intentFrom(intent, under(`${dir}/Intents/${String(intent.name)}/Slots`, "Slot.json")),
    );
    return {
      localeId,
      nluConfidenceThreshold: Number(locale.nluConfidenceThreshold),
      voiceSettings: locale.voiceSettings as LocaleSpec["voiceSettings"],
      slotTypes,
      intents,
    };
  });
  return {
    name: String(botFile.name),
    description: String(botFile.description ?? ""),
    idleSessionTtlInSeconds: Number(botFile.idleSessionTTLInSeconds),
    locales,
  };
}

function intentFrom(file: Json, slotFiles: Json[]): IntentSpec {
  const spec: IntentSpec = {
    name: String(file.name),
    dialogCodeHook: file.dialogCodeHook as IntentSpec["dialogCodeHook"],
    fulfillmentCodeHook: file.fulfillmentCodeHook as IntentSpec["fulfillmentCodeHook"],
  };
  for (const [k, v] of Object.entries(file)) {
    if (!INTENT_KEYS.has(k) && !INTENT_FILE_ONLY.has(k)) (spec as unknown as Json)[k] = fromMessages(v);
  }
  if (file.parentIntentSignature) spec.parentIntentSignature = String(file.parentIntentSignature);
  if (file.sampleUtterances) spec.sampleUtterances = file.sampleUtterances as IntentSpec["sampleUtterances"];
  const priorities = file.slotPriorities as IntentSpec["slotPriorities"];
  if (priorities) {
    const byName = new Map(slotFiles.map((s) => [String(s.name), s]));
    spec.slots = [...priorities]
      .sort((a, b) => a.priority - b.priority)
      .map((p) => slotFrom(byName.get(p.slotName) ?? { name: p.slotName }));
    spec.slotPriorities = priorities;
  }
  if (file.inputContexts) spec.inputContexts = file.inputContexts as IntentSpec["inputContexts"];
  if (file.outputContexts) spec.outputContexts = file.outputContexts as IntentSpec["outputContexts"];
  const confirmation = file.intentConfirmationSetting as Json | undefined;
  if (confirmation) {
    const { isActive: _active, ...rest } = confirmation;
    spec.intentConfirmationSetting = fromMessages(rest) as IntentSpec["intentConfirmationSetting"];
  }
  return spec;
}

function slotFrom(file: Json): SlotSpec {
  const spec: SlotSpec = {
    name: String(file.name),
    slotTypeName: String(file.slotTypeName),
    valueElicitationSetting: fromMessages(
      file.valueElicitationSetting,
    ) as SlotSpec["valueElicitationSetting"],
  };
  if (file.obfuscationSetting)
    spec.obfuscationSetting = file.obfuscationSetting as SlotSpec["obfuscationSetting"];
  return spec;
}

function slotTypeFrom(file: Json): SlotTypeSpec {
  const spec: SlotTypeSpec = {
    name: String(file.name),
    valueSelectionSetting: file.valueSelectionSetting as SlotTypeSpec["valueSelectionSetting"],
  };
  if (file.parentSlotTypeSignature) spec.parentSlotTypeSignature = String(file.parentSlotTypeSignature);
  if (file.slotTypeValues) spec.slotTypeValues = file.slotTypeValues as SlotTypeSpec["slotTypeValues"];
  return spec;
}

// Messages carry only plain text here; the null members were dropped already.
function fromMessages(value: unknown): unknown {
  return renameKeys(value, FROM_LEX_JSON);
}

/** Drops `null` members at every depth (how an export spells "absent"). */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }
  return value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
