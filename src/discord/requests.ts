import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
  Interaction,
  PermissionsBitField,
} from 'discord.js';
import type { AutocompleteRequest, CommandRequest } from '../command/contract.ts';
import { type Caller } from '../app/dispatch.ts';
import { autocompleteFrom, canModerate as mayModerate, type OptionData, requestFrom } from '../app/requests.ts';

/**
 * From discord.js interactions to the plain requests the command modules take: discord.js has parsed Discord's
 * JSON into objects; the reshaping itself is the one every Discord transport shares (src/app/requests.ts).
 */

/** Whether the member may run moderators' commands: Manage Guild (Administrator implies it) or a moderator role. */
export function canModerate(interaction: Interaction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  // discord.js leaves it null when the payload's member has no `permissions`, whatever its type says in a guild.
  const permissions = interaction.memberPermissions as Readonly<PermissionsBitField> | null;
  const member = interaction.member;
  // A cached GuildMember lists only roles the guild cache knows; its raw ids (`_roles`) are the full list.
  const roles = Array.isArray(member.roles)
    ? member.roles
    : ((member as { _roles?: string[] })._roles ?? [...member.roles.cache.keys()]);
  return mayModerate({ permissions: permissions?.bitfield ?? null, roles }, moderatorRoleIds);
}

/** The option tree as Discord sent it; an attachment option's file is the one discord.js resolved. */
const attachmentOf = (o: OptionData) => (o as Pick<CommandInteractionOption, 'attachment'>).attachment ?? undefined;

/** Who asks, in which language, and whether they may moderate: what every request carries. */
export function caller(interaction: Interaction, moderatorRoleIds: readonly string[]): Caller {
  return {
    locale: interaction.locale,
    canModerate: canModerate(interaction, moderatorRoleIds),
    user: interaction.user.id,
  };
}

export function commandRequest(
  interaction: ChatInputCommandInteraction,
  moderatorRoleIds: readonly string[],
): CommandRequest {
  return requestFrom(
    interaction.commandName,
    interaction.options.data,
    attachmentOf,
    caller(interaction, moderatorRoleIds),
  );
}

export function autocompleteRequest(
  interaction: AutocompleteInteraction,
  moderatorRoleIds: readonly string[],
): AutocompleteRequest {
  return autocompleteFrom(interaction.commandName, interaction.options.data, caller(interaction, moderatorRoleIds));
}
