import {
  ApplicationCommandOptionType,
  type Attachment,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import {
  FileTooLargeError,
  type AutocompleteRequest,
  type CommandRequest,
  type OptionValue,
  type UploadedFile,
} from '../command/contract.ts';

/**
 * From discord.js interactions to the plain requests the command modules take. Discord has already checked
 * the options against the registered definitions; this only reshapes them.
 */

/** How long downloading an attachment may take: less than shutdown waits for work in flight. */
const DOWNLOAD_TIMEOUT_MS = 8_000;

/** An uploaded attachment, downloaded on demand and never past the limit. */
export function remoteFile(attachment: Pick<Attachment, 'name' | 'size' | 'url'>): UploadedFile {
  return {
    name: attachment.name,
    size: attachment.size,
    async read(maxBytes) {
      if (attachment.size > maxBytes) throw new FileTooLargeError(attachment.name, attachment.size, maxBytes);
      const response = await fetch(attachment.url, {
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
        redirect: 'follow',
      });
      if (!response.ok || !response.body) throw new Error(`attachment download failed: HTTP ${response.status}`);
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        // The size Discord announced is not a promise about the bytes served: stop at the limit regardless.
        if (total > maxBytes) throw new FileTooLargeError(attachment.name, total, maxBytes);
        chunks.push(chunk);
      }
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

/** Whether the member may run moderators' commands: Manage Guild (Administrator implies it) or a moderator role. */
export function canModerate(interaction: Interaction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  // discord.js leaves it null when the payload's member has no `permissions`, whatever its type says in a guild.
  const permissions = interaction.memberPermissions as Readonly<PermissionsBitField> | null;
  if (permissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const member = interaction.member;
  // A cached GuildMember lists only roles the guild cache knows; its raw ids (`_roles`) are the full list.
  const ids = Array.isArray(member.roles)
    ? member.roles
    : ((member as { _roles?: string[] })._roles ?? [...member.roles.cache.keys()]);
  return ids.some((id) => moderatorRoleIds.includes(id));
}

function flatten(data: readonly CommandInteractionOption[]): {
  subcommand?: string;
  options: readonly CommandInteractionOption[];
} {
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand)
    return { subcommand: first.name, options: first.options ?? [] };
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options?.[0];
    return { subcommand: sub?.name ?? first.name, options: sub?.options ?? [] };
  }
  return { options: data };
}

function valuesOf(options: readonly CommandInteractionOption[]): {
  values: Record<string, OptionValue>;
  files: Record<string, UploadedFile>;
} {
  const values: Record<string, OptionValue> = {};
  const files: Record<string, UploadedFile> = {};
  for (const o of options) {
    if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) {
      values[o.name] = o.attachment.name;
      files[o.name] = remoteFile(o.attachment);
    } else {
      // As it came in Discord's JSON (discord.js copies it): a value may be null, whatever its type says.
      const value = o.value as OptionValue | null | undefined;
      if (value !== undefined && value !== null) values[o.name] = value;
    }
  }
  return { values, files };
}

/** Who asks, in which language, and whether they may moderate: what every request carries. */
export function caller(
  interaction: Interaction,
  moderatorRoleIds: readonly string[],
): Pick<CommandRequest, 'locale' | 'canModerate' | 'user'> {
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
  const { subcommand, options } = flatten(interaction.options.data);
  const { values, files } = valuesOf(options);
  return {
    command: interaction.commandName,
    ...(subcommand ? { subcommand } : {}),
    options: values,
    ...(Object.keys(files).length ? { files } : {}),
    ...caller(interaction, moderatorRoleIds),
  };
}

export function autocompleteRequest(
  interaction: AutocompleteInteraction,
  moderatorRoleIds: readonly string[],
): AutocompleteRequest {
  const { subcommand, options } = flatten(interaction.options.data);
  const focused = interaction.options.getFocused(true);
  // As it came in Discord's JSON (discord.js copies it): not always there, nor always a string.
  const typed = focused.value as string | number | undefined;
  return {
    command: interaction.commandName,
    ...(subcommand ? { subcommand } : {}),
    options: valuesOf(options).values,
    ...caller(interaction, moderatorRoleIds),
    focused: { name: focused.name, value: String(typed ?? '') },
  };
}
