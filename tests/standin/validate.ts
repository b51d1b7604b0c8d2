/**
 * What Discord checks on the bodies the bot sends: application command definitions (bulk overwrite)
 * and message payloads (interaction callbacks, webhook edits and follow-ups).
 *
 * Limits follow discord/discord-api-docs (interactions/application-commands, resources/message,
 * components/reference). Lengths are counted in Unicode code points. Every violation is added to a
 * {@link FormErrors} under the JSON path Discord would report.
 */
import { Locale } from 'discord-api-types/v10';
import { FormErrors, codePoints, isRecord, isSnowflake, stringOf } from './util.ts';

type Path = ReadonlyArray<string | number>;

const LOCALES: ReadonlySet<string> = new Set(Object.values(Locale));

/** `CHAT_INPUT` command and option names. */
export const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Message flags (bits). */
export const Flag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsVoiceMessage: 1 << 13,
  IsComponentsV2: 1 << 15,
} as const;

/** Flags that may be set when creating a message through an interaction or webhook. */
export const CREATE_FLAGS =
  Flag.SuppressEmbeds | Flag.Ephemeral | Flag.SuppressNotifications | Flag.IsVoiceMessage | Flag.IsComponentsV2;

// ---------------------------------------------------------------------------------------------
// Generic field checks
// ---------------------------------------------------------------------------------------------

function lengthBetween(
  errors: FormErrors,
  path: Path,
  v: unknown,
  min: number,
  max: number,
  opts: { trim?: boolean; required?: boolean } = {},
): number {
  if (v === undefined || v === null) {
    if (opts.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (typeof v !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  const n = codePoints(opts.trim ? v.trim() : v);
  if (n < min || n > max) {
    if (min <= 0) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    else if (n === 0 && opts.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    else errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
  return n;
}

function checkBoolean(errors: FormErrors, path: Path, v: unknown): void {
  if (v !== undefined && v !== null && typeof v !== 'boolean')
    errors.add(path, 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
}

function checkInteger(errors: FormErrors, path: Path, v: unknown, min: number, max: number): v is number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not int.`);
    return false;
  }
  if (v < min) {
    errors.add(path, 'NUMBER_TYPE_MIN', `Must be greater than or equal to ${min}.`);
    return false;
  }
  if (v > max) {
    errors.add(path, 'NUMBER_TYPE_MAX', `Must be less than or equal to ${max}.`);
    return false;
  }
  return true;
}

function checkUrl(errors: FormErrors, path: Path, v: unknown, allowAttachment: boolean): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return;
  }
  if (codePoints(v) > 2048) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 2048 or fewer in length.');
    return;
  }
  const schemes = allowAttachment ? ['http:', 'https:', 'attachment:'] : ['http:', 'https:'];
  let scheme: string;
  try {
    scheme = new URL(v).protocol;
  } catch {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return;
  }
  if (!schemes.includes(scheme)) {
    errors.add(
      path,
      'URL_TYPE_INVALID_SCHEME',
      `Scheme "${scheme.replace(/:$/, '')}" is not supported. Scheme must be one of (${schemes.map((s) => s.replace(/:$/, '')).join(', ')}).`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Application commands
// ---------------------------------------------------------------------------------------------

const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

const CHOICE_TYPES: ReadonlySet<number> = new Set([OptionType.String, OptionType.Integer, OptionType.Number]);

/** Checks a chat-input (or option) name: the regex and "lowercase where the letter has one". */
export function chatInputNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'Must be a string.';
  if (!CHAT_INPUT_NAME.test(name)) return `Command name is invalid (must match ${CHAT_INPUT_NAME.source}).`;
  if (name !== name.toLowerCase()) return 'Command name must be lowercase where the letter has a lowercase form.';
  return undefined;
}

function checkChatName(errors: FormErrors, path: Path, name: unknown): void {
  if (name === undefined || name === null) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const problem = chatInputNameProblem(name);
  if (problem) errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', problem);
}

/** Checks a `*_localizations` dictionary: valid locale keys and per-value rule. Returns the longest value length. */
function checkLocalizations(
  errors: FormErrors,
  path: Path,
  dict: unknown,
  valueCheck: (p: Path, value: unknown) => void,
): { longest: number; values: Map<string, string> } {
  const values = new Map<string, string>();
  let longest = 0;
  if (dict === undefined || dict === null) return { longest, values };
  if (!isRecord(dict)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return { longest, values };
  }
  for (const [locale, value] of Object.entries(dict)) {
    if (!LOCALES.has(locale)) {
      errors.add([...path, locale], 'ENUM_TYPE_COERCE', `Value "${locale}" is not a valid enum value.`);
      continue;
    }
    if (value === null) continue;
    valueCheck([...path, locale], value);
    if (typeof value === 'string') {
      values.set(locale, value);
      longest = Math.max(longest, codePoints(value));
    }
  }
  return { longest, values };
}

interface SizeCounter {
  total: number;
}

function countField(size: SizeCounter, value: unknown, longestLocalized = 0): void {
  const own = typeof value === 'string' ? codePoints(value) : typeof value === 'number' ? String(value).length : 0;
  size.total += Math.max(own, longestLocalized);
}

function checkChoices(errors: FormErrors, path: Path, option: Record<string, unknown>, size: SizeCounter): void {
  const choices = option.choices;
  if (choices === undefined || choices === null) return;
  const type = option.type as number;
  if (!CHOICE_TYPES.has(type)) {
    errors.add(
      path,
      'APPLICATION_COMMAND_OPTION_CHOICES_INVALID',
      'Choices are only allowed for STRING, INTEGER and NUMBER options.',
    );
    return;
  }
  if (!Array.isArray(choices)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (choices.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((choice: unknown, i) => {
    const cp = [...path, i];
    if (!isRecord(choice)) {
      errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    lengthBetween(errors, [...cp, 'name'], choice.name, 1, 100, { required: true });
    const loc = checkLocalizations(errors, [...cp, 'name_localizations'], choice.name_localizations, (p, v) =>
      lengthBetween(errors, p, v, 1, 100, { required: true }),
    );
    countField(size, choice.name, loc.longest);
    const value = choice.value;
    if (type === OptionType.String) {
      if (typeof value !== 'string') errors.add([...cp, 'value'], 'BASE_TYPE_STRING', 'Must be a string.');
      else lengthBetween(errors, [...cp, 'value'], value, 1, 100, { required: true });
    } else if (type === OptionType.Integer) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        errors.add([...cp, 'value'], 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.add([...cp, 'value'], 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not a valid number.`);
    }
    countField(size, value);
  });
}

type OptionLevel = 'command' | 'group' | 'subcommand';

function checkOptions(errors: FormErrors, path: Path, options: unknown, level: OptionLevel, size: SizeCounter): void {
  if (options === undefined || options === null) {
    if (level === 'group') errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  if (level === 'group' && options.length === 0)
    errors.add(path, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');

  const records = options.filter(isRecord);
  const hasSub = records.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup);
  const hasPlain = records.some((o) => o.type !== OptionType.Subcommand && o.type !== OptionType.SubcommandGroup);
  if (hasSub && hasPlain) {
    errors.add(
      path,
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      'Sub-command and sub-command group option types are mutually exclusive to all other types',
    );
  }

  const defaultNames = new Map<string, number>();
  const localizedNames = new Map<string, Map<string, number>>();
  let sawOptional = false;

  options.forEach((option: unknown, i) => {
    const op = [...path, i];
    if (!isRecord(option)) {
      errors.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const type = option.type;
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 11) {
      errors.add([...op, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
      return;
    }
    const allowed =
      level === 'command'
        ? true
        : level === 'group'
          ? type === OptionType.Subcommand
          : type > OptionType.SubcommandGroup;
    if (!allowed) {
      errors.add(
        [...op, 'type'],
        'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
        level === 'group'
          ? 'Sub-command groups may only contain sub-commands.'
          : 'Sub-commands may not contain sub-commands or groups.',
      );
    }

    checkChatName(errors, [...op, 'name'], option.name);
    const nameLoc = checkLocalizations(errors, [...op, 'name_localizations'], option.name_localizations, (p, v) =>
      checkChatName(errors, p, v),
    );
    countField(size, option.name, nameLoc.longest);
    lengthBetween(errors, [...op, 'description'], option.description, 1, 100, { required: true });
    const descLoc = checkLocalizations(
      errors,
      [...op, 'description_localizations'],
      option.description_localizations,
      (p, v) => lengthBetween(errors, p, v, 1, 100, { required: true }),
    );
    countField(size, option.description, descLoc.longest);

    if (typeof option.name === 'string') {
      if (defaultNames.has(option.name))
        errors.add([...op, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option names must be unique.');
      defaultNames.set(option.name, i);
    }
    for (const [locale, value] of nameLoc.values) {
      if (value === option.name) continue; // identical to the default is ignored by Discord
      let perLocale = localizedNames.get(locale);
      if (!perLocale) localizedNames.set(locale, (perLocale = new Map()));
      if (perLocale.has(value))
        errors.add(
          [...op, 'name_localizations', locale],
          'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS',
          'Localized option names must be unique within a locale.',
        );
      perLocale.set(value, i);
    }

    const isSub = type === OptionType.Subcommand || type === OptionType.SubcommandGroup;
    if (!isSub) {
      checkBoolean(errors, [...op, 'required'], option.required);
      if (option.required === true && sawOptional) {
        errors.add(
          [...op, 'required'],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
      if (option.required !== true) sawOptional = true;
    }

    checkChoices(errors, [...op, 'choices'], option, size);
    const hasChoices = Array.isArray(option.choices) && option.choices.length > 0;
    checkBoolean(errors, [...op, 'autocomplete'], option.autocomplete);
    if (option.autocomplete === true) {
      if (!CHOICE_TYPES.has(type))
        errors.add(
          [...op, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID',
          'Autocomplete is only allowed for STRING, INTEGER and NUMBER options.',
        );
      if (hasChoices)
        errors.add(
          [...op, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID',
          'Autocomplete and choices are mutually exclusive.',
        );
    }

    const hasMinLength = option.min_length !== undefined && option.min_length !== null;
    const hasMaxLength = option.max_length !== undefined && option.max_length !== null;
    if ((hasMinLength || hasMaxLength) && type !== OptionType.String) {
      errors.add(
        [...op, hasMinLength ? 'min_length' : 'max_length'],
        'APPLICATION_COMMAND_OPTION_INVALID',
        'min_length and max_length are only allowed for STRING options.',
      );
    }
    const minOk = hasMinLength && checkInteger(errors, [...op, 'min_length'], option.min_length, 0, 6000);
    const maxOk = hasMaxLength && checkInteger(errors, [...op, 'max_length'], option.max_length, 1, 6000);
    if (minOk && maxOk && (option.min_length as number) > (option.max_length as number)) {
      errors.add(
        [...op, 'min_length'],
        'APPLICATION_COMMAND_OPTION_INVALID',
        'min_length must be less than or equal to max_length.',
      );
    }

    for (const key of ['min_value', 'max_value'] as const) {
      const v = option[key];
      if (v === undefined || v === null) continue;
      if (type !== OptionType.Integer && type !== OptionType.Number) {
        errors.add(
          [...op, key],
          'APPLICATION_COMMAND_OPTION_INVALID',
          'min_value and max_value are only allowed for INTEGER and NUMBER options.',
        );
      } else if (
        type === OptionType.Integer ? !Number.isSafeInteger(v) : typeof v !== 'number' || !Number.isFinite(v)
      ) {
        errors.add(
          [...op, key],
          'NUMBER_TYPE_COERCE',
          `Value "${stringOf(v)}" is not a valid ${type === OptionType.Integer ? 'int' : 'number'}.`,
        );
      }
    }
    if (
      typeof option.min_value === 'number' &&
      typeof option.max_value === 'number' &&
      option.min_value > option.max_value
    ) {
      errors.add(
        [...op, 'min_value'],
        'APPLICATION_COMMAND_OPTION_INVALID',
        'min_value must be less than or equal to max_value.',
      );
    }
    if (option.channel_types !== undefined && option.channel_types !== null && type !== OptionType.Channel) {
      errors.add(
        [...op, 'channel_types'],
        'APPLICATION_COMMAND_OPTION_INVALID',
        'channel_types is only allowed for CHANNEL options.',
      );
    }

    if (type === OptionType.Subcommand) checkOptions(errors, [...op, 'options'], option.options, 'subcommand', size);
    else if (type === OptionType.SubcommandGroup)
      checkOptions(errors, [...op, 'options'], option.options, 'group', size);
    else if (option.options !== undefined && option.options !== null) {
      errors.add(
        [...op, 'options'],
        'APPLICATION_COMMAND_OPTION_INVALID',
        'Only sub-commands and groups may have options.',
      );
    }
  });

  // A localized option name must not clash with another option's default name.
  for (const [locale, names] of localizedNames) {
    for (const [value, i] of names) {
      const other = defaultNames.get(value);
      if (other !== undefined && other !== i) {
        errors.add(
          [...path, i, 'name_localizations', locale],
          'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS',
          'Localized option names must be distinct from the default names of other options.',
        );
      }
    }
  }
}

/**
 * Validates one application command definition (as sent in a bulk overwrite) at `path`.
 * `scope` matters for fields only global commands accept.
 */
export function validateCommand(errors: FormErrors, path: Path, command: unknown): void {
  if (!isRecord(command)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = command.type ?? 1;
  if (type !== 1 && type !== 2 && type !== 3) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
    return;
  }
  const size: SizeCounter = { total: 0 };
  if (type === 1) {
    checkChatName(errors, [...path, 'name'], command.name);
    const nameLoc = checkLocalizations(errors, [...path, 'name_localizations'], command.name_localizations, (p, v) =>
      checkChatName(errors, p, v),
    );
    countField(size, command.name, nameLoc.longest);
    lengthBetween(errors, [...path, 'description'], command.description, 1, 100, { required: true });
    const descLoc = checkLocalizations(
      errors,
      [...path, 'description_localizations'],
      command.description_localizations,
      (p, v) => lengthBetween(errors, p, v, 1, 100, { required: true }),
    );
    countField(size, command.description, descLoc.longest);
    checkOptions(errors, [...path, 'options'], command.options, 'command', size);
    if (size.total > 8000) {
      errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (8000); it is ${size.total}.`);
    }
  } else {
    lengthBetween(errors, [...path, 'name'], command.name, 1, 32, { required: true });
    checkLocalizations(errors, [...path, 'name_localizations'], command.name_localizations, (p, v) =>
      lengthBetween(errors, p, v, 1, 32, { required: true }),
    );
    if (command.description !== undefined && command.description !== null && command.description !== '') {
      errors.add(
        [...path, 'description'],
        'APPLICATION_COMMAND_INVALID_DESCRIPTION',
        'Description must be empty for USER and MESSAGE commands.',
      );
    }
    if (command.options !== undefined && command.options !== null) {
      errors.add(
        [...path, 'options'],
        'APPLICATION_COMMAND_OPTION_INVALID',
        'Options are only allowed for CHAT_INPUT commands.',
      );
    }
  }
  const dmp = command.default_member_permissions;
  if (dmp !== undefined && dmp !== null) {
    const ok =
      (typeof dmp === 'string' && /^\d{1,20}$/.test(dmp) && BigInt(dmp) < 1n << 64n) ||
      (typeof dmp === 'number' && Number.isSafeInteger(dmp) && dmp >= 0);
    if (!ok)
      errors.add(
        [...path, 'default_member_permissions'],
        'BASE_TYPE_BAD_INT',
        'Must be a permission bit set as a string of digits.',
      );
  }
  checkBoolean(errors, [...path, 'dm_permission'], command.dm_permission);
  checkBoolean(errors, [...path, 'nsfw'], command.nsfw);
  for (const [key, values] of [
    ['contexts', [0, 1, 2]],
    ['integration_types', [0, 1]],
  ] as const) {
    const v = command[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.some((x) => !(values as readonly number[]).includes(x as number))) {
      errors.add([...path, key], 'BASE_TYPE_CHOICES', `Value must be a list of {${values.join(', ')}}.`);
    }
  }
}

/** Per-scope count limits by command type (CHAT_INPUT, USER, MESSAGE). */
export const COMMAND_LIMITS: Record<number, number> = { 1: 100, 2: 15, 3: 15 };

/** Validates a whole bulk-overwrite body; duplicate names (per type) are reported at the top level. */
export function validateCommandList(errors: FormErrors, body: unknown): body is Array<Record<string, unknown>> {
  if (!Array.isArray(body)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return false;
  }
  const seen = new Set<string>();
  body.forEach((command: unknown, i) => {
    validateCommand(errors, [i], command);
    if (isRecord(command) && typeof command.name === 'string') {
      const key = `${stringOf(command.type ?? 1)}:${command.name}`;
      if (seen.has(key))
        errors.add(
          [i, 'name'],
          'APPLICATION_COMMANDS_DUPLICATE_NAME',
          `Application command names must be unique (duplicate "${command.name}").`,
        );
      seen.add(key);
    }
  });
  return errors.isEmpty();
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

function checkEmbeds(errors: FormErrors, path: Path, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (embeds.length > 10) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((embed: unknown, i) => {
    const ep = [...path, i];
    if (!isRecord(embed)) {
      errors.add(ep, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    total += lengthBetween(errors, [...ep, 'title'], embed.title, 0, 256, { trim: true });
    total += lengthBetween(errors, [...ep, 'description'], embed.description, 0, 4096, { trim: true });
    checkUrl(errors, [...ep, 'url'], embed.url, false);
    if (embed.timestamp !== undefined && embed.timestamp !== null) {
      if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
        errors.add(
          [...ep, 'timestamp'],
          'DATE_TIME_TYPE_PARSE',
          `Could not parse ${stringOf(embed.timestamp)}. Should be ISO8601.`,
        );
      }
    }
    if (embed.color !== undefined && embed.color !== null)
      checkInteger(errors, [...ep, 'color'], embed.color, 0, 0xffffff);
    if (embed.footer !== undefined && embed.footer !== null) {
      if (!isRecord(embed.footer))
        errors.add([...ep, 'footer'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else {
        total += lengthBetween(errors, [...ep, 'footer', 'text'], embed.footer.text, 1, 2048, {
          trim: true,
          required: true,
        });
        checkUrl(errors, [...ep, 'footer', 'icon_url'], embed.footer.icon_url, true);
      }
    }
    if (embed.author !== undefined && embed.author !== null) {
      if (!isRecord(embed.author))
        errors.add([...ep, 'author'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else {
        total += lengthBetween(errors, [...ep, 'author', 'name'], embed.author.name, 1, 256, {
          trim: true,
          required: true,
        });
        checkUrl(errors, [...ep, 'author', 'url'], embed.author.url, false);
        checkUrl(errors, [...ep, 'author', 'icon_url'], embed.author.icon_url, true);
      }
    }
    for (const key of ['image', 'thumbnail'] as const) {
      const media = embed[key];
      if (media === undefined || media === null) continue;
      if (!isRecord(media))
        errors.add([...ep, key], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else if (media.url === undefined || media.url === null)
        errors.add([...ep, key, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else checkUrl(errors, [...ep, key, 'url'], media.url, true);
    }
    if (embed.fields !== undefined && embed.fields !== null) {
      if (!Array.isArray(embed.fields)) errors.add([...ep, 'fields'], 'BASE_TYPE_ARRAY', 'Must be an array.');
      else {
        if (embed.fields.length > 25)
          errors.add([...ep, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
        embed.fields.forEach((field: unknown, j) => {
          const fp = [...ep, 'fields', j];
          if (!isRecord(field)) {
            errors.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
            return;
          }
          total += lengthBetween(errors, [...fp, 'name'], field.name, 1, 256, { trim: true, required: true });
          total += lengthBetween(errors, [...fp, 'value'], field.value, 1, 1024, { trim: true, required: true });
          checkBoolean(errors, [...fp, 'inline'], field.inline);
        });
      }
    }
  });
  if (total > 6000) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Embed size exceeds maximum size of 6000 (got ${total}).`);
}

const SELECT_TYPES: ReadonlySet<number> = new Set([3, 5, 6, 7, 8]);

function checkButton(errors: FormErrors, path: Path, b: Record<string, unknown>, customIds: Set<string>): void {
  const style = b.style;
  if (typeof style !== 'number' || !Number.isInteger(style) || style < 1 || style > 6) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    return;
  }
  lengthBetween(errors, [...path, 'label'], b.label, 0, 80);
  const hasCustomId = b.custom_id !== undefined && b.custom_id !== null;
  const hasUrl = b.url !== undefined && b.url !== null;
  if (style === 5) {
    if (!hasUrl) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
    else {
      lengthBetween(errors, [...path, 'url'], b.url, 1, 512);
      checkUrl(errors, [...path, 'url'], b.url, false);
    }
    if (hasCustomId)
      errors.add(
        [...path, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        'A custom id is not allowed on link buttons',
      );
  } else if (style === 6) {
    if (b.sku_id === undefined) errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (hasCustomId || hasUrl || b.label !== undefined || b.emoji !== undefined) {
      errors.add(path, 'BUTTON_COMPONENT_INVALID', 'Premium buttons cannot have a custom_id, label, url or emoji');
    }
  } else {
    if (!hasCustomId)
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_REQUIRED', 'A custom id is required');
    else checkCustomId(errors, [...path, 'custom_id'], b.custom_id, customIds);
    if (hasUrl)
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A url is not allowed on non-link buttons');
  }
  if (
    style !== 6 &&
    (b.label === undefined || b.label === null || b.label === '') &&
    (b.emoji === undefined || b.emoji === null)
  ) {
    errors.add(path, 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required');
  }
}

function checkCustomId(errors: FormErrors, path: Path, id: unknown, customIds: Set<string>): void {
  lengthBetween(errors, path, id, 1, 100, { required: true });
  if (typeof id === 'string') {
    if (customIds.has(id))
      errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    customIds.add(id);
  }
}

function checkSelect(errors: FormErrors, path: Path, s: Record<string, unknown>, customIds: Set<string>): void {
  checkCustomId(errors, [...path, 'custom_id'], s.custom_id, customIds);
  lengthBetween(errors, [...path, 'placeholder'], s.placeholder, 0, 150);
  if (s.min_values !== undefined && s.min_values !== null)
    checkInteger(errors, [...path, 'min_values'], s.min_values, 0, 25);
  if (s.max_values !== undefined && s.max_values !== null)
    checkInteger(errors, [...path, 'max_values'], s.max_values, 1, 25);
  if (s.type === 3) {
    if (!Array.isArray(s.options) || s.options.length < 1 || s.options.length > 25) {
      errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
      return;
    }
    s.options.forEach((o: unknown, i) => {
      if (!isRecord(o)) return;
      lengthBetween(errors, [...path, 'options', i, 'label'], o.label, 1, 100, { required: true });
      lengthBetween(errors, [...path, 'options', i, 'value'], o.value, 1, 100, { required: true });
      lengthBetween(errors, [...path, 'options', i, 'description'], o.description, 0, 100);
    });
  }
}

function checkActionRow(errors: FormErrors, path: Path, row: Record<string, unknown>, customIds: Set<string>): void {
  const children = row.components;
  if (!Array.isArray(children) || children.length < 1 || children.length > 5) {
    errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    if (!Array.isArray(children)) return;
  }
  const selects = children.filter((c: unknown) => isRecord(c) && SELECT_TYPES.has(c.type as number)).length;
  if (selects > 0 && children.length > 1) {
    errors.add(
      [...path, 'components'],
      'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'The specified component exceeds the maximum width',
    );
  }
  children.forEach((c: unknown, i) => {
    const cp = [...path, 'components', i];
    if (!isRecord(c)) {
      errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (c.type === 2) checkButton(errors, cp, c, customIds);
    else if (SELECT_TYPES.has(c.type as number)) checkSelect(errors, cp, c, customIds);
    else errors.add([...cp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
  });
}

function countComponents(list: unknown[]): number {
  let n = 0;
  for (const c of list) {
    n++;
    if (isRecord(c)) {
      if (Array.isArray(c.components)) n += countComponents(c.components);
      if (isRecord(c.accessory)) n++;
    }
  }
  return n;
}

function checkComponents(errors: FormErrors, path: Path, components: unknown, v2: boolean): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const customIds = new Set<string>();
  if (!v2) {
    if (components.length > 5) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    components.forEach((row: unknown, i) => {
      if (!isRecord(row) || row.type !== 1) {
        errors.add([...path, i, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
        return;
      }
      checkActionRow(errors, [...path, i], row, customIds);
    });
    return;
  }
  // Components V2: layout components at top level, at most 40 components in total.
  if (countComponents(components) > 40)
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer components in total.');
  const walk = (list: unknown[], p: Path): void => {
    list.forEach((c: unknown, i) => {
      if (!isRecord(c)) return;
      if (c.type === 1) checkActionRow(errors, [...p, i], c, customIds);
      else if (c.type === 10) lengthBetween(errors, [...p, i, 'content'], c.content, 1, 4000, { required: true });
      else if (Array.isArray(c.components)) walk(c.components, [...p, i, 'components']);
      if (isRecord(c.accessory) && c.accessory.type === 2)
        checkButton(errors, [...p, i, 'accessory'], c.accessory, customIds);
    });
  };
  walk(components, path);
}

function checkAllowedMentions(errors: FormErrors, path: Path, am: unknown): void {
  if (am === undefined || am === null) return;
  if (!isRecord(am)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = am.parse;
  if (parse !== undefined && parse !== null) {
    if (!Array.isArray(parse)) errors.add([...path, 'parse'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      parse.forEach((p: unknown, i) => {
        if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
          errors.add(
            [...path, 'parse', i],
            'BASE_TYPE_CHOICES',
            "Value must be one of ('roles', 'users', 'everyone').",
          );
        }
      });
      if (new Set(parse).size !== parse.length)
        errors.add([...path, 'parse'], 'SET_TYPE_ALREADY_CONTAINS_VALUE', 'The set already contains this value.');
    }
  }
  for (const key of ['users', 'roles'] as const) {
    const ids = am[key];
    if (ids === undefined || ids === null) continue;
    if (!Array.isArray(ids)) {
      errors.add([...path, key], 'BASE_TYPE_ARRAY', 'Must be an array.');
      continue;
    }
    if (ids.length > 100) errors.add([...path, key], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    ids.forEach((id: unknown, i) => {
      if (!isSnowflake(id))
        errors.add([...path, key, i], 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
    });
    if (Array.isArray(parse) && parse.includes(key) && ids.length > 0) {
      errors.add(
        [...path, 'parse'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`,
      );
    }
  }
  checkBoolean(errors, [...path, 'replied_user'], am.replied_user);
}

export interface MessageCheckOptions {
  /** Path prefix, e.g. `['data']` for interaction callbacks. */
  prefix: Path;
  /** Message flag bits that may be set. */
  allowedFlags: number;
  /** The result is a Components V2 message (flag set now or before). */
  componentsV2?: boolean;
}

/**
 * Validates the fields of a message create/edit body (content, embeds, components, allowed_mentions,
 * flags, tts, attachments shape). Emptiness is checked separately on the resulting message.
 */
export function validateMessageBody(
  errors: FormErrors,
  body: Record<string, unknown>,
  opts: MessageCheckOptions,
): void {
  const p = opts.prefix;
  const flags = body.flags;
  let v2 = opts.componentsV2 ?? false;
  if (flags !== undefined && flags !== null) {
    if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0) {
      errors.add([...p, 'flags'], 'NUMBER_TYPE_COERCE', `Value "${stringOf(flags)}" is not int.`);
    } else {
      const bad = flags & ~opts.allowedFlags;
      if (bad !== 0)
        errors.add(
          [...p, 'flags'],
          'MESSAGE_FLAGS_INVALID',
          `Flags ${bad} cannot be set here (allowed bits: ${opts.allowedFlags}).`,
        );
      if (flags & Flag.IsComponentsV2) v2 = true;
    }
  }
  if (body.content !== undefined && body.content !== null) {
    lengthBetween(errors, [...p, 'content'], body.content, 0, 2000);
  }
  checkBoolean(errors, [...p, 'tts'], body.tts);
  checkEmbeds(errors, [...p, 'embeds'], body.embeds);
  checkComponents(errors, [...p, 'components'], body.components, v2);
  checkAllowedMentions(errors, [...p, 'allowed_mentions'], body.allowed_mentions);
  if (v2) {
    if (typeof body.content === 'string' && body.content !== '')
      errors.add(
        [...p, 'content'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    if (Array.isArray(body.embeds) && body.embeds.length > 0)
      errors.add(
        [...p, 'embeds'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
  }
  const attachments = body.attachments;
  if (attachments !== undefined && attachments !== null) {
    if (!Array.isArray(attachments)) errors.add([...p, 'attachments'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      if (attachments.length > 10)
        errors.add([...p, 'attachments'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      attachments.forEach((a: unknown, i) => {
        if (!isRecord(a) || a.id === undefined || a.id === null)
          errors.add([...p, 'attachments', i, 'id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        else if (isRecord(a)) lengthBetween(errors, [...p, 'attachments', i, 'description'], a.description, 0, 1024);
      });
    }
  }
}

/** Validates an autocomplete result (callback type 8) at `data`. */
export function validateAutocompleteData(errors: FormErrors, data: unknown): void {
  if (!isRecord(data)) {
    errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const choices = data.choices;
  if (!Array.isArray(choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((choice: unknown, i) => {
    const cp = ['data', 'choices', i];
    if (!isRecord(choice)) {
      errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    lengthBetween(errors, [...cp, 'name'], choice.name, 1, 100, { required: true });
    checkLocalizations(errors, [...cp, 'name_localizations'], choice.name_localizations, (pp, v) =>
      lengthBetween(errors, pp, v, 1, 100, { required: true }),
    );
    if (typeof choice.value === 'string') lengthBetween(errors, [...cp, 'value'], choice.value, 0, 100);
    else if (typeof choice.value !== 'number' || !Number.isFinite(choice.value)) {
      errors.add([...cp, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
  });
}

/** Validates a modal (callback type 9) at `data`. */
export function validateModalData(errors: FormErrors, data: unknown): void {
  if (!isRecord(data)) {
    errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  lengthBetween(errors, ['data', 'custom_id'], data.custom_id, 1, 100, { required: true });
  lengthBetween(errors, ['data', 'title'], data.title, 1, 45, { required: true });
  if (!Array.isArray(data.components) || data.components.length < 1 || data.components.length > 5) {
    errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  }
}
