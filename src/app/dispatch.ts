import { randomUUID } from 'node:crypto';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import type { Command, CommandContext, CommandReply, CommandRequest, OptionValue } from '../command.ts';
import { decodeCustomId } from '../reply/customId.ts';
import { t, uiLangFor, type UiLang } from '../reply/i18n.ts';
import { errorReply } from '../reply/render.ts';

/**
 * What every transport shares: option validation as Discord does it from the command definitions,
 * routing of commands, buttons and autocomplete, and a private error in the user's language when a
 * handler fails.
 */

export class OptionError extends Error {
  constructor(
    readonly ui: UiLang,
    message: string,
  ) {
    super(message);
    this.name = 'OptionError';
  }
}

/** The options a command (or one of its subcommands) takes. */
export function optionsOf(command: Command, subcommand?: string): APIApplicationCommandOption[] {
  const top = command.data.options ?? [];
  if (!subcommand) return top;
  const sub = top.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === subcommand);
  return sub && 'options' in sub ? (sub.options ?? []) : [];
}

/** The subcommands a command has (empty when it takes options directly). */
export function subcommandsOf(command: Command): string[] {
  return (command.data.options ?? [])
    .filter((o) => o.type === ApplicationCommandOptionType.Subcommand)
    .map((o) => o.name);
}

/** Turn raw `name → text` options into typed values, checked against the definition like Discord would. */
export function validateOptions(
  command: Command,
  subcommand: string | undefined,
  raw: Record<string, string>,
  locale?: string,
): Record<string, OptionValue> {
  const ui = uiLangFor(locale);
  const subs = subcommandsOf(command);
  if (subs.length && !subcommand)
    throw new OptionError(ui, `/${command.data.name} needs a subcommand: ${subs.join(', ')}`);
  if (subcommand && !subs.includes(subcommand))
    throw new OptionError(ui, t(ui, 'unknownCommand', { command: `${command.data.name} ${subcommand}` }));
  const defs = optionsOf(command, subcommand);
  const out: Record<string, OptionValue> = {};
  for (const name of Object.keys(raw))
    if (!defs.some((d) => d.name === name)) throw new OptionError(ui, t(ui, 'unknownOption', { option: name }));
  for (const def of defs) {
    const value = raw[def.name];
    if (value === undefined) {
      if ('required' in def && def.required) throw new OptionError(ui, t(ui, 'missingOption', { option: def.name }));
      continue;
    }
    out[def.name] = convert(def, value, ui);
  }
  return out;
}

function convert(def: APIApplicationCommandOption, value: string, ui: UiLang): OptionValue {
  const bad = (what: string) => new OptionError(ui, `${def.name}: ${what} (got "${value}")`);
  switch (def.type) {
    case ApplicationCommandOptionType.String: {
      const n = [...value].length;
      if (def.max_length !== undefined && n > def.max_length)
        throw new OptionError(ui, t(ui, 'valueTooLong', { option: def.name, max: def.max_length }));
      if (def.min_length !== undefined && n < def.min_length)
        throw bad(`must be at least ${def.min_length} characters`);
      if ('choices' in def && def.choices?.length && !def.choices.some((c) => c.value === value))
        throw new OptionError(
          ui,
          t(ui, 'notAChoice', { value, option: def.name }) + ` (${def.choices.map((c) => c.value).join(', ')})`,
        );
      return value;
    }
    case ApplicationCommandOptionType.Boolean:
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('must be true or false');
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const n = Number(value);
      if (
        value.trim() === '' ||
        !Number.isFinite(n) ||
        (def.type === ApplicationCommandOptionType.Integer && !Number.isInteger(n))
      )
        throw bad(def.type === ApplicationCommandOptionType.Integer ? 'must be an integer' : 'must be a number');
      return n;
    }
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Mentionable: {
      const id = /^(?:<@[!&#]?)?(\d{17,20})>?$/.exec(value)?.[1];
      if (!id) throw bad('must be a Discord id (a snowflake, 17 to 20 digits)');
      return id;
    }
    default:
      return value;
  }
}

/** A handler's failure becomes a private message with a reference; the process goes on. */
async function guarded(
  ui: UiLang,
  run: () => CommandReply | Promise<CommandReply>,
  onError?: (err: unknown, ref: string) => void,
): Promise<CommandReply> {
  try {
    return await run();
  } catch (err) {
    const ref = report(err, onError);
    return { ...errorReply(ui, 'error', { id: ref }), ref };
  }
}

/** A short reference for a failure: shown to the user, written in the log. */
export function newRef(): string {
  return randomUUID().slice(0, 8);
}

/** Hand an unexpected failure to `onError` under a new reference; returns the reference. */
export function report(err: unknown, onError?: (err: unknown, ref: string) => void): string {
  const ref = newRef();
  onError?.(err, ref);
  return ref;
}

export interface Dispatcher {
  commands: Map<string, Command>;
  context: CommandContext;
  onError?: (err: unknown, ref: string) => void;
}

export async function runCommand(d: Dispatcher, request: CommandRequest): Promise<CommandReply> {
  const ui = uiLangFor(request.locale);
  const command = d.commands.get(request.command);
  if (!command) return errorReply(ui, 'unknownCommand', { command: request.command });
  return guarded(ui, () => command.execute(request, d.context), d.onError);
}

/** Option names that carry a button's query back into its command. */
const QUERY_OPTION = { ask: 'question', who: 'name', stake: 'party' } as const;

export async function runButton(
  d: Dispatcher,
  customId: string,
  locale: string | undefined,
  canModerate: boolean,
): Promise<CommandReply> {
  const ui = uiLangFor(locale);
  const action = decodeCustomId(customId);
  if (!action) return errorReply(ui, 'error', { id: 'button' });
  const options: Record<string, OptionValue> = { lang: action.lang, ...(action.hide ? { hide: true } : {}) };
  if (action.query) options[QUERY_OPTION[action.command]] = action.query;
  return runCommand(d, {
    command: action.command,
    options,
    ...(locale ? { locale } : {}),
    canModerate,
    offset: action.offset,
  });
}

export function runAutocomplete(d: Dispatcher, request: Parameters<NonNullable<Command['autocomplete']>>[0]) {
  const command = d.commands.get(request.command);
  try {
    return command?.autocomplete?.(request, d.context) ?? [];
  } catch (err) {
    d.onError?.(err, 'autocomplete');
    return [];
  }
}
