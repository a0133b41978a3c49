import {
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  type LexModelsV2Client,
  paginateListBotLocales,
  paginateListIntents,
  paginateListSlots,
  paginateListSlotTypes,
} from "@aws-sdk/client-lex-models-v2";
import { intentFromApi, slotTypeFromApi } from "./lex-api.js";
import type { BotSpec, IntentSpec, LocaleSpec, SlotTypeSpec } from "./lex-spec.js";

type Json = Record<string, unknown>;

/** Where a bot tool reads: one bot alias, in the cloud or in the emulator. */
export interface BotTarget {
  client: LexModelsV2Client;
  botId: string;
  botAliasId: string;
}

/**
 * Reads the bot version an alias points at through the Models API (Describe/List only) into the spec the
 * source renders to, so `compareBots` can tell what differs. Works the same on AWS and on the emulator.
 */
export async function readBotThroughApi(target: BotTarget): Promise<{ spec: BotSpec; botVersion: string }> {
  const { client, botId } = target;
  const alias = await client.send(new DescribeBotAliasCommand({ botId, botAliasId: target.botAliasId }));
  const botVersion = alias.botVersion ?? "DRAFT";
  const bot = await client.send(new DescribeBotCommand({ botId }));
  const at = { botId, botVersion };
  const locales: LocaleSpec[] = [];
  for await (const page of paginateListBotLocales({ client }, at)) {
    for (const summary of page.botLocaleSummaries ?? []) {
      const localeId = summary.localeId!;
      const locale = await client.send(new DescribeBotLocaleCommand({ ...at, localeId }));
      const slotTypes: SlotTypeSpec[] = [];
      const typeNames = new Map<string, string>();
      for await (const p of paginateListSlotTypes({ client }, { ...at, localeId })) {
        for (const t of p.slotTypeSummaries ?? []) {
          const full = await client.send(
            new DescribeSlotTypeCommand({ ...at, localeId, slotTypeId: t.slotTypeId! }),
          );
          typeNames.set(t.slotTypeId!, t.slotTypeName!);
          slotTypes.push(slotTypeFromApi(full as unknown as Json));
        }
      }
      const intents: IntentSpec[] = [];
      for await (const p of paginateListIntents({ client }, { ...at, localeId })) {
        for (const i of p.intentSummaries ?? []) {
          const intentId = i.intentId!;
          const full = await client.send(new DescribeIntentCommand({ ...at, localeId, intentId }));
          const slots: Json[] = [];
          for await (const sp of paginateListSlots({ client }, { ...at, localeId, intentId })) {
            for (const s of sp.slotSummaries ?? []) {
              slots.push(
                (await client.send(
                  new DescribeSlotCommand({ ...at, localeId, intentId, slotId: s.slotId! }),
                )) as unknown as Json,
              );
            }
          }
          intents.push(intentFromApi(full as unknown as Json, slots, typeNames));
        }
      }
      locales.push({
        localeId,
        nluConfidenceThreshold: locale.nluIntentConfidenceThreshold ?? 0,
        voiceSettings: {
          voiceId: locale.voiceSettings?.voiceId ?? "",
          engine: locale.voiceSettings?.engine ?? "standard",
        },
        slotTypes,
        intents,
      });
    }
  }
  return {
    botVersion,
    spec: {
      name: bot.botName ?? "",
      description: bot.description ?? "",
      idleSessionTtlInSeconds: bot.idleSessionTTLInSeconds ?? 0,
      locales,
    },
  };
}
