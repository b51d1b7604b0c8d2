/**
 * Application command storage (global and per guild) with Discord's bulk-overwrite semantics, and
 * the client-side checks the Discord app applies before it sends a chat-input/autocomplete
 * interaction (unknown options, wrong types, missing required options, values outside choices or
 * length/value bounds cannot be submitted by a real user).
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import type { RawOption } from './payloads.ts';
import { COMMAND_LIMITS, validateCommand, validateCommandList } from './validate.ts';
import { ErrorCodes, FormErrors, codePoints, invalidFormBody, isRecord, snowflake, stringOf } from './util.ts';
import type { DiscordErrorBody } from './util.ts';

export interface StoreResult {
  status: number;
  body: unknown;
}

const DAY_MS = 86_400_000;

export class CommandStore {
  private readonly scopes = new Map<string, APIApplicationCommand[]>();
  private readonly creates = new Map<string, number[]>();

  constructor(
    private readonly applicationId: string,
    private readonly dailyCreateLimit: number,
  ) {}

  /** Registered commands: global when `guildId` is undefined. Returns copies. */
  list(guildId?: string): APIApplicationCommand[] {
    return structuredClone(this.scopes.get(guildId ?? '') ?? []);
  }

  /** Command creates (new names) counted in the last 24 h for a scope. */
  createsToday(guildId?: string): number {
    const now = Date.now();
    return (this.creates.get(guildId ?? '') ?? []).filter((t) => now - t < DAY_MS).length;
  }

  /** A registered chat-input command by name, guild scope first (as the Discord client shows them). */
  find(name: string, guildId: string): APIApplicationCommand | undefined {
    // Stored commands always have a type (see `store`).
    const match = (c: APIApplicationCommand): boolean => c.name === name && c.type === ApplicationCommandType.ChatInput;
    return this.scopes.get(guildId)?.find(match) ?? this.scopes.get('')?.find(match);
  }

  /** Whether any chat-input command is registered in the global scope or for `guildId`. */
  anyRegistered(guildId: string): boolean {
    return [...(this.scopes.get(guildId) ?? []), ...(this.scopes.get('') ?? [])].some(
      (c) => c.type === ApplicationCommandType.ChatInput,
    );
  }

  /** PUT: replace the scope's commands (ids kept for unchanged names). */
  bulkOverwrite(body: unknown, guildId?: string): StoreResult {
    const errors = new FormErrors();
    if (!validateCommandList(errors, body)) return { status: 400, body: invalidFormBody(errors) };
    const defs = body;
    for (const [type, limit] of Object.entries(COMMAND_LIMITS)) {
      const n = defs.filter((c) => stringOf(c.type ?? 1) === type).length;
      if (n > limit) {
        return {
          status: 400,
          body: {
            code: ErrorCodes.MaxApplicationCommands,
            message: `Maximum number of application commands reached (${limit})`,
          } satisfies DiscordErrorBody,
        };
      }
    }
    const scope = guildId ?? '';
    const existing = this.scopes.get(scope) ?? [];
    const key = (c: { type?: unknown; name?: unknown }): string => `${stringOf(c.type ?? 1)}:${String(c.name)}`;
    const newOnes = defs.filter((c) => !existing.some((e) => key(e) === key(c))).length;
    const limited = this.checkDailyLimit(scope, newOnes);
    if (limited) return limited;
    const next = defs.map((def) =>
      this.store(
        def,
        existing.find((e) => key(e) === key(def)),
        guildId,
      ),
    );
    this.scopes.set(scope, next);
    return { status: 200, body: structuredClone(next) };
  }

  /** POST: create or update one command by name/type. */
  upsert(body: unknown, guildId?: string): StoreResult {
    const errors = new FormErrors();
    validateCommand(errors, [], body);
    if (!errors.isEmpty() || !isRecord(body)) return { status: 400, body: invalidFormBody(errors) };
    const scope = guildId ?? '';
    const existing = this.scopes.get(scope) ?? [];
    const index = existing.findIndex((e) => e.type === (body.type ?? 1) && e.name === body.name);
    if (index < 0) {
      const type = Number(body.type ?? 1);
      const limit = COMMAND_LIMITS[type] ?? 0;
      if (existing.filter((e) => e.type === type).length >= limit) {
        return {
          status: 400,
          body: {
            code: ErrorCodes.MaxApplicationCommands,
            message: `Maximum number of application commands reached (${limit})`,
          },
        };
      }
      const limited = this.checkDailyLimit(scope, 1);
      if (limited) return limited;
    }
    const stored = this.store(body, index >= 0 ? existing[index] : undefined, guildId);
    const next = [...existing];
    if (index >= 0) next[index] = stored;
    else next.push(stored);
    this.scopes.set(scope, next);
    return { status: index >= 0 ? 200 : 201, body: structuredClone(stored) };
  }

  private checkDailyLimit(scope: string, newOnes: number): StoreResult | undefined {
    if (newOnes === 0) return undefined;
    const now = Date.now();
    const times = (this.creates.get(scope) ?? []).filter((t) => now - t < DAY_MS);
    if (times.length + newOnes > this.dailyCreateLimit) {
      const retryAfter = Math.ceil(((times[0] ?? now) + DAY_MS - now) / 1000);
      return {
        status: 429,
        body: {
          code: ErrorCodes.MaxDailyApplicationCommandCreates,
          message: 'Max number of daily application command creates has been reached (200)',
          retry_after: retryAfter,
          global: false,
        },
      };
    }
    for (let i = 0; i < newOnes; i++) times.push(now);
    this.creates.set(scope, times);
    return undefined;
  }

  private store(
    def: Record<string, unknown>,
    previous: APIApplicationCommand | undefined,
    guildId: string | undefined,
  ): APIApplicationCommand {
    const clone = structuredClone(def);
    const dmp = clone.default_member_permissions;
    const command = {
      ...clone,
      id: previous?.id ?? snowflake(),
      application_id: this.applicationId,
      type: (clone.type as number | undefined) ?? ApplicationCommandType.ChatInput,
      description: (clone.description as string | undefined) ?? '',
      default_member_permissions: dmp === undefined || dmp === null ? null : stringOf(dmp),
      nsfw: (clone.nsfw as boolean | undefined) ?? false,
      version: '',
      ...(guildId !== undefined
        ? { guild_id: guildId }
        : { dm_permission: (clone.dm_permission as boolean | undefined) ?? true }),
    } as unknown as APIApplicationCommand;
    const comparable = (c: APIApplicationCommand): string => JSON.stringify({ ...c, id: '', version: '' });
    command.version = previous && comparable(previous) === comparable(command) ? previous.version : snowflake();
    return command;
  }
}

// ---------------------------------------------------------------------------------------------
// What a Discord client lets a user submit
// ---------------------------------------------------------------------------------------------

type SchemaOption = APIApplicationCommandOption & {
  required?: boolean;
  choices?: Array<{ name: string; value: string | number }>;
  autocomplete?: boolean;
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: SchemaOption[];
};

/**
 * Re-types `options` from the registered schema and throws if a real Discord client could not have
 * sent them. `autocomplete` relaxes value checks (partial input) but requires the focused option
 * to have `autocomplete: true`.
 */
export function conformOptions(
  commandName: string,
  schema: SchemaOption[] | undefined,
  options: RawOption[] | undefined,
  autocomplete: boolean,
  path = `/${commandName}`,
): void {
  const fail = (msg: string): never => {
    throw new Error(`stand-in: a Discord client cannot send ${path}: ${msg}`);
  };
  const given = options ?? [];
  const defs = schema ?? [];
  const isSubLevel = defs.some(
    (d) =>
      d.type === ApplicationCommandOptionType.Subcommand || d.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  if (isSubLevel) {
    const [only, ...rest] = given;
    if (!only || rest.length > 0)
      fail(`exactly one sub-command must be chosen (registered: ${defs.map((d) => d.name).join(', ')})`);
    const def = defs.find((d) => d.name === only?.name);
    if (!def || !only) return fail(`unknown sub-command "${String(only?.name)}"`);
    only.type = def.type;
    delete only.value;
    conformOptions(commandName, def.options, only.options ?? (only.options = []), autocomplete, `${path} ${def.name}`);
    return;
  }
  const seen = new Set<string>();
  let focused = 0;
  for (const opt of given) {
    const def = defs.find((d) => d.name === opt.name);
    if (!def) return fail(`unknown option "${opt.name}" (registered: ${defs.map((d) => d.name).join(', ') || 'none'})`);
    if (seen.has(opt.name)) fail(`option "${opt.name}" given twice`);
    seen.add(opt.name);
    opt.type = def.type;
    const v = opt.value;
    if (opt.focused) {
      focused++;
      if (!def.autocomplete) fail(`option "${opt.name}" is focused but not registered with autocomplete: true`);
      continue;
    }
    switch (def.type) {
      case ApplicationCommandOptionType.String:
        if (typeof v !== 'string') fail(`option "${opt.name}" must be a string`);
        if (!autocomplete) {
          const n = codePoints(String(v));
          if (def.min_length !== undefined && n < def.min_length)
            fail(`option "${opt.name}" is shorter than min_length ${def.min_length}`);
          if (def.max_length !== undefined && n > def.max_length)
            fail(`option "${opt.name}" is longer than max_length ${def.max_length}`);
        }
        break;
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number:
        if (typeof v !== 'number' || (def.type === ApplicationCommandOptionType.Integer && !Number.isInteger(v)))
          fail(
            `option "${opt.name}" must be ${def.type === ApplicationCommandOptionType.Integer ? 'an integer' : 'a number'}`,
          );
        if (def.min_value !== undefined && (v as number) < def.min_value)
          fail(`option "${opt.name}" is below min_value ${def.min_value}`);
        if (def.max_value !== undefined && (v as number) > def.max_value)
          fail(`option "${opt.name}" is above max_value ${def.max_value}`);
        break;
      case ApplicationCommandOptionType.Boolean:
        if (typeof v !== 'boolean') fail(`option "${opt.name}" must be a boolean`);
        break;
      default:
        if (typeof v !== 'string') fail(`option "${opt.name}" must be an id string`);
    }
    if (!autocomplete && def.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === v)) {
      fail(
        `option "${opt.name}" must be one of the registered choices (${def.choices.map((c) => JSON.stringify(c.value)).join(', ')})`,
      );
    }
  }
  if (autocomplete && focused !== 1) fail(`exactly one option must be focused (got ${focused})`);
  if (!autocomplete) {
    for (const def of defs) if (def.required && !seen.has(def.name)) fail(`required option "${def.name}" is missing`);
  }
}
