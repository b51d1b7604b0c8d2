import { randomUUID } from 'node:crypto';
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { AutocompleteRequest, Command, CommandContext, CommandRequest, OptionValue } from '../command/contract.ts';
import type { CommandReply } from '../reply/types.ts';
import { OptionError, optionsOf, validateOptions } from '../command/options.ts';
import { decodeCustomId } from '../reply/customId.ts';
import {
  MAX_AUTOCOMPLETE_CHOICES,
  MAX_CHOICE_NAME,
  MAX_CHOICE_VALUE,
  MAX_STRING_OPTION_LENGTH,
} from '../reply/limits.ts';
import { errorReply, messageReply, withoutControls } from '../reply/render.ts';
import { codePointLength, truncate } from '../reply/text.ts';
import { stripControls } from '../text/controls.ts';
import { uiLangFor } from '../text/locale.ts';

/**
 * What every transport shares: the commands, each request checked against its command's definition before any
 * work, routing of commands, buttons and autocomplete, and a private error in the user's language when a handler
 * fails.
 */

export interface Dispatcher {
  commands: Map<string, Command>;
  context: CommandContext;
  onError?: (err: unknown, ref: string) => void;
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

/** Largest "More" offset a request may carry: far past any real answer, small enough to mean nothing odd. */
const MAX_OFFSET = 10_000;

/**
 * Run a request. Whatever the transport says, the options are checked against the command's definition first
 * (a forged or stale payload gets a private error, like a bad command line); a handler that throws becomes a
 * private message with a reference, and the process goes on.
 */
export async function runCommand(d: Dispatcher, request: CommandRequest): Promise<CommandReply> {
  const reply = await checkedRun(d, request);
  return { ...reply, payload: withoutControls(reply.payload) };
}

async function checkedRun(d: Dispatcher, request: CommandRequest): Promise<CommandReply> {
  const ui = uiLangFor(request.locale);
  const command = d.commands.get(request.command);
  if (!command) return errorReply(ui, 'unknownCommand', { command: request.command.slice(0, 100) });
  let options: Record<string, OptionValue>;
  try {
    options = validateOptions(command, request.subcommand, request.options, request.locale);
  } catch (err) {
    if (err instanceof OptionError) return messageReply(err.message, { ui, error: true });
    throw err;
  }
  const offset = request.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_OFFSET) return errorReply(ui, 'buttonInvalid');
  try {
    return await command.execute({ ...request, options }, d.context);
  } catch (err) {
    const ref = report(err, d.onError);
    return { ...errorReply(ui, 'error', { id: ref }), outcome: 'error', ref };
  }
}

/** Who pressed a button: what a request carries besides the command and its options. */
export type Caller = Pick<CommandRequest, 'locale' | 'canModerate' | 'user'>;

/**
 * The request one of our buttons stands for: its command run again with the query put back into the option the
 * command names (`paging.queryOption`). Null for an id that is not ours, is garbled, or names a command that no
 * longer pages.
 */
export function buttonRequest(
  d: Pick<Dispatcher, 'commands'>,
  customId: string,
  caller: Caller,
): CommandRequest | null {
  const action = decodeCustomId(customId);
  const paging = action ? d.commands.get(action.command)?.paging : undefined;
  if (!action || !paging) return null;
  const options: Record<string, OptionValue> = {
    ...(action.lang ? { lang: action.lang } : {}),
    ...(action.hide ? { hide: true } : {}),
  };
  if (action.query) options[paging.queryOption] = action.query;
  return { command: action.command, options, ...caller, offset: action.offset };
}

/** Press a button: its command's next page or other language, or a private "no longer valid". */
export async function runButton(d: Dispatcher, customId: string, caller: Caller): Promise<CommandReply> {
  const request = buttonRequest(d, customId, caller);
  return request ? runCommand(d, request) : errorReply(uiLangFor(caller.locale), 'buttonInvalid');
}

/**
 * Suggestions for the option being typed; none when the command has none, the option is not one it suggests for,
 * or its suggester fails. What was typed is cut to the option's `max_length`, as Discord would; choices are kept
 * to Discord's limits one by one (a value over 100 characters cannot be cut, so its choice is left out), so that one
 * odd choice never makes Discord refuse the whole list.
 */
export function runAutocomplete(
  d: Dispatcher,
  request: AutocompleteRequest,
): Array<APIApplicationCommandOptionChoice<string>> {
  const command = d.commands.get(request.command);
  if (!command?.autocomplete) return [];
  const def = optionsOf(command, request.subcommand).find((o) => o.name === request.focused.name);
  if (!def || !('autocomplete' in def) || !def.autocomplete) return [];
  const max = 'max_length' in def && def.max_length !== undefined ? def.max_length : MAX_STRING_OPTION_LENGTH;
  const typed = request.focused.value;
  const focused = { ...request.focused, value: [...typed.slice(0, 2 * max)].slice(0, max).join('') };
  try {
    return command
      .autocomplete({ ...request, focused }, d.context)
      .flatMap((c) => {
        const name = truncate(stripControls(c.name).replace(/\s+/g, ' ').trim(), MAX_CHOICE_NAME);
        const fits = typeof c.value !== 'string' || codePointLength(c.value) <= MAX_CHOICE_VALUE;
        return name && fits ? [{ ...c, name }] : [];
      })
      .slice(0, MAX_AUTOCOMPLETE_CHOICES);
  } catch (err) {
    d.onError?.(err, 'autocomplete');
    return [];
  }
}
