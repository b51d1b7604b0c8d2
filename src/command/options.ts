import type { APIApplicationCommandBasicOption, APIApplicationCommandOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from '../reply/discord.ts';
import { t } from '../reply/i18n.ts';
import { type UiLang, uiLangFor } from '../text/locale.ts';
import type { Command, OptionValue } from './contract.ts';

/**
 * A command's options: the definitions shared by several commands (with their localisations: `vi`, `zh-CN`,
 * `zh-TW`; names stay ASCII), the one place that reads a command's definition (which options and subcommands it
 * has), and the one check of a request's values against it, for every transport.
 */

interface Localized {
  vi: string;
  'zh-CN': string;
  'zh-TW': string;
}

export function described(en: string, l: Localized) {
  return { description: en, description_localizations: l };
}

export const langOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.String,
  name: 'lang',
  ...described('Which articles to answer from', {
    vi: 'Trả lời từ bài viết tiếng nào',
    'zh-CN': '从哪种语言的文章回答',
    'zh-TW': '從哪種語言的文章回答',
  }),
  choices: [
    { name: 'Vietnamese', name_localizations: { vi: 'Tiếng Việt', 'zh-CN': '越南语', 'zh-TW': '越南語' }, value: 'vi' },
    { name: 'Chinese', name_localizations: { vi: 'Tiếng Trung', 'zh-CN': '中文', 'zh-TW': '中文' }, value: 'zh' },
  ],
};

export const hideOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'hide',
  ...described('Only you see the answer', {
    vi: 'Chỉ mình bạn thấy câu trả lời',
    'zh-CN': '仅你自己可见',
    'zh-TW': '僅你自己可見',
  }),
};

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

/** The names of the options a command (or subcommand) takes, in definition order. */
export function optionNames(command: Command, subcommand?: string): string[] {
  return optionsOf(command, subcommand)
    .filter(
      (o) =>
        o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup,
    )
    .map((o) => o.name);
}

/** The fixed choices of an option, or none. */
export function choicesOf(command: Command, subcommand: string | undefined, option: string): Array<string | number> {
  const def = optionsOf(command, subcommand).find((o) => o.name === option);
  return def && 'choices' in def && def.choices ? def.choices.map((c) => c.value) : [];
}

/** A request whose options do not fit the command's definition; the message is in the user's language. */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

/** A Discord id, as a whole mention of a user (`<@123>`, `<@!123>`) or bare: never half a mention (`123>`). */
const USER_ID = /^(?:<@!?(\d{17,20})>|(\d{17,20}))$/;
const ROLE_ID = /^(?:<@&(\d{17,20})>|(\d{17,20}))$/;
const CHANNEL_ID = /^(?:<#(\d{17,20})>|(\d{17,20}))$/;
const ANY_ID = /^(?:<(?:@[!&]?|#)(\d{17,20})>|(\d{17,20}))$/;

/**
 * The request's options checked against the command's definition as Discord checks them: known names, required
 * ones present, types, string lengths, choices, numeric ranges. Values may be typed (from Discord) or text (from
 * a shell: `true`, `42`, `<@123…>` are converted). Throws OptionError, in the user's language, at the first
 * problem; nothing is run before this passes.
 */
export function validateOptions(
  command: Command,
  subcommand: string | undefined,
  given: Readonly<Record<string, unknown>>,
  locale?: string,
): Record<string, OptionValue> {
  const ui = uiLangFor(locale);
  const subs = subcommandsOf(command);
  if (subs.length && !subcommand) throw new OptionError(`/${command.data.name}: ${subs.join(' | ')}`);
  if (subcommand && !subs.includes(subcommand))
    throw new OptionError(t(ui, 'unknownCommand', { command: `${command.data.name} ${subcommand}` }));
  if (!subs.length && subcommand)
    throw new OptionError(t(ui, 'unknownCommand', { command: `${command.data.name} ${subcommand}` }));
  const defs = optionsOf(command, subcommand);
  for (const name of Object.keys(given))
    if (!defs.some((d) => d.name === name)) throw new OptionError(t(ui, 'unknownOption', { option: name }));
  const out: Record<string, OptionValue> = {};
  for (const def of defs) {
    const value = given[def.name];
    const missing = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (missing) {
      if ('required' in def && def.required) throw new OptionError(t(ui, 'missingOption', { option: def.name }));
      continue;
    }
    out[def.name] = checkValue(def, value, ui);
  }
  return out;
}

function checkValue(def: APIApplicationCommandOption, value: unknown, ui: UiLang): OptionValue {
  // JSON.stringify gives undefined for some values (undefined, a function, a symbol), whatever its type says.
  const shown = typeof value === 'string' ? value : (JSON.stringify(value) as string | undefined);
  const bad = (what: string) => new OptionError(`${def.name}: ${what} (got "${String(shown).slice(0, 100)}")`);
  switch (def.type) {
    case ApplicationCommandOptionType.String:
    case ApplicationCommandOptionType.Attachment: {
      if (typeof value !== 'string') throw bad('must be text');
      if (def.type === ApplicationCommandOptionType.Attachment) return value;
      const n = [...value].length;
      if (def.max_length !== undefined && n > def.max_length)
        throw new OptionError(t(ui, 'valueTooLong', { option: def.name, max: def.max_length }));
      if (def.min_length !== undefined && n < def.min_length)
        throw bad(`must be at least ${def.min_length} characters`);
      if (def.choices?.length && !def.choices.some((c) => c.value === value))
        throw new OptionError(
          t(ui, 'notAChoice', { value: value.slice(0, 100), option: def.name }) +
            ` (${def.choices.map((c) => c.value).join(', ')})`,
        );
      return value;
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('must be true or false');
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const n =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      const integer = def.type === ApplicationCommandOptionType.Integer;
      if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
        throw bad(integer ? 'must be an integer' : 'must be a number');
      if (def.min_value !== undefined && n < def.min_value) throw bad(`must be at least ${def.min_value}`);
      if (def.max_value !== undefined && n > def.max_value) throw bad(`must be at most ${def.max_value}`);
      if (def.choices?.length && !def.choices.some((c) => c.value === n))
        throw new OptionError(t(ui, 'notAChoice', { value: String(n), option: def.name }));
      return n;
    }
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Mentionable: {
      const pattern =
        def.type === ApplicationCommandOptionType.User
          ? USER_ID
          : def.type === ApplicationCommandOptionType.Role
            ? ROLE_ID
            : def.type === ApplicationCommandOptionType.Channel
              ? CHANNEL_ID
              : ANY_ID;
      const m = typeof value === 'string' ? pattern.exec(value) : null;
      const id = m ? (m[1] ?? m[2]) : undefined;
      if (!id)
        throw bad(
          `must be a Discord ${def.type === ApplicationCommandOptionType.User ? 'user ' : ''}id (17 to 20 digits)`,
        );
      return id;
    }
    default:
      throw bad('is not an option a command can take here');
  }
}
