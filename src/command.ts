import type {
  APIApplicationCommandOptionChoice,
  APIInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { SearchEngine } from './search/engine.ts';
import type { Lang } from './types.ts';

/**
 * The contract between transports (Discord, CLI, console) and command modules. A handler knows
 * nothing about how it was reached: it takes a plain request and returns a plain reply.
 */

/** An option value after validation: what Discord would deliver. */
export type OptionValue = string | number | boolean;

export interface CommandRequest {
  command: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
  /** The user's Discord client language (`interaction.locale`), e.g. `vi`, `zh-CN`, `zh-TW`, `en-US`. */
  locale?: string;
  /** Whether the caller may run moderators' commands (checked again by the handler). */
  canModerate: boolean;
  /** Who asked (a Discord user id, or a local name for the CLI). */
  user?: string;
  /** For "More": how many passages were already shown. */
  offset?: number;
}

/** A passage a reply quotes, for scripting (`--json`) and tests. */
export interface Citation {
  source: string;
  passage: string;
  lang: Lang;
  text: string;
  url: string;
}

export interface CommandReply {
  /** The message payload exactly as it is sent to Discord (API field names). */
  payload: APIInteractionResponseCallbackData;
  citations: Citation[];
  /** True when the request failed (validation, permission); the payload is then ephemeral. */
  error?: boolean;
}

/** What every handler may use. The engine is read on each call: a reload swaps it whole. */
export interface CommandContext {
  engine(): SearchEngine;
  defaultLang: Lang;
}

export interface AutocompleteRequest extends Omit<CommandRequest, 'offset'> {
  /** The option being typed, and what has been typed so far. */
  focused: { name: string; value: string };
}

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(request: CommandRequest, context: CommandContext): CommandReply | Promise<CommandReply>;
  autocomplete?(request: AutocompleteRequest, context: CommandContext): APIApplicationCommandOptionChoice<string>[];
}
