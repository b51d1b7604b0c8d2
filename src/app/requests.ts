import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import {
  type AutocompleteRequest,
  type CommandRequest,
  FileTooLargeError,
  type OptionValue,
  type UploadedFile,
} from '../command/contract.ts';

/**
 * From Discord's interaction data to the plain requests the command modules take, for every Discord transport
 * (the gateway's discord.js objects and the HTTP endpoint's raw JSON have the same option tree). Discord has
 * already checked the options against the registered definitions; this only reshapes them, and the dispatcher
 * checks them again.
 */

/** One option as Discord sends it: a value, or a sub-command (group) holding more options. */
export interface OptionData {
  type: number;
  name: string;
  value?: unknown;
  options?: readonly OptionData[] | undefined;
  /** On the option being typed, in an autocomplete interaction. */
  focused?: boolean | undefined;
}

// Option types as numbers: the gateway's are discord.js's enum, the HTTP endpoint's plain JSON numbers.
const SUBCOMMAND: number = ApplicationCommandOptionType.Subcommand;
const SUBCOMMAND_GROUP: number = ApplicationCommandOptionType.SubcommandGroup;
const ATTACHMENT: number = ApplicationCommandOptionType.Attachment;

/** An attachment Discord announced: its name, announced size, and where to download it. */
export interface RemoteAttachment {
  name: string;
  size: number;
  url: string;
}

/** How long downloading an attachment may take: less than shutdown waits for work in flight. */
const DOWNLOAD_TIMEOUT_MS = 8_000;

/** An uploaded attachment, downloaded on demand and never past the limit. */
export function remoteFile(attachment: RemoteAttachment): UploadedFile {
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

/**
 * Whether a member may run moderators' commands: Manage Guild (Discord resolves Administrator to every
 * permission, and it implies Manage Guild anyway) or one of the moderator roles. Outside a server, never.
 */
export function canModerate(
  member: { permissions: bigint | null; roles: readonly string[] } | null,
  moderatorRoleIds: readonly string[],
): boolean {
  if (!member) return false;
  const manage = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;
  if (member.permissions !== null && (member.permissions & manage) !== 0n) return true;
  return member.roles.some((id) => moderatorRoleIds.includes(id));
}

/** The sub-command named (a group's sub-command counts as the sub-command) and the options given to it. */
export function flattenOptions(data: readonly OptionData[]): { subcommand?: string; options: readonly OptionData[] } {
  const first = data[0];
  if (first?.type === SUBCOMMAND) return { subcommand: first.name, options: first.options ?? [] };
  if (first?.type === SUBCOMMAND_GROUP) {
    const sub = first.options?.[0];
    return { subcommand: sub?.name ?? first.name, options: sub?.options ?? [] };
  }
  return { options: data };
}

/**
 * The values of options, and the files of attachment options (`attachment` finds what Discord announced for
 * one). A value may be null or missing in what Discord sends, whatever the types say: it is then left out.
 */
export function optionValues(
  options: readonly OptionData[],
  attachment: (option: OptionData) => RemoteAttachment | undefined,
): { values: Record<string, OptionValue>; files: Record<string, UploadedFile> } {
  const values: Record<string, OptionValue> = {};
  const files: Record<string, UploadedFile> = {};
  for (const o of options) {
    const file = o.type === ATTACHMENT ? attachment(o) : undefined;
    if (file) {
      values[o.name] = file.name;
      files[o.name] = remoteFile(file);
    } else if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') {
      values[o.name] = o.value;
    }
  }
  return { values, files };
}

/** A command request from its name and the option tree Discord sent. */
export function requestFrom(
  command: string,
  data: readonly OptionData[],
  attachment: (option: OptionData) => RemoteAttachment | undefined,
  caller: Pick<CommandRequest, 'locale' | 'canModerate' | 'user'>,
): CommandRequest {
  const { subcommand, options } = flattenOptions(data);
  const { values, files } = optionValues(options, attachment);
  return {
    command,
    ...(subcommand ? { subcommand } : {}),
    options: values,
    ...(Object.keys(files).length ? { files } : {}),
    ...caller,
  };
}

/** An autocomplete request: the options typed so far, and which one is being typed. */
export function autocompleteFrom(
  command: string,
  data: readonly OptionData[],
  caller: Pick<CommandRequest, 'locale' | 'canModerate' | 'user'>,
): AutocompleteRequest {
  const { subcommand, options } = flattenOptions(data);
  const focused = options.find((o) => o.focused === true);
  // Not always there, nor always a string, in what Discord sends.
  const typed = focused?.value;
  return {
    command,
    ...(subcommand ? { subcommand } : {}),
    options: optionValues(options, () => undefined).values,
    ...caller,
    focused: {
      name: focused?.name ?? '',
      value: typeof typed === 'string' || typeof typed === 'number' ? String(typed) : '',
    },
  };
}
