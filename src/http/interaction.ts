import {
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIApplicationCommandOptionChoice,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { Incoming, Route } from '../app/interaction.ts';
import { autocompleteFrom, canModerate, type OptionData, type RemoteAttachment, requestFrom } from '../app/requests.ts';

/**
 * Interactions as the HTTP endpoint receives them: Discord's JSON, read with zod into the plain requests the
 * dispatcher runs. Only what this bot uses is read; a signed interaction that lacks it is malformed, and its user
 * gets the private error (src/app/interaction.ts), as on the gateway.
 */

const Snowflake = z.string().regex(/^\d{1,20}$/, 'expected a Discord id');

const Option: z.ZodType<OptionData> = z.lazy(() =>
  z.object({
    type: z.number().int(),
    name: z.string().max(100),
    value: z.unknown().optional(),
    options: z.array(Option).max(25).optional(),
    focused: z.boolean().optional(),
  }),
);

const Attachment = z.object({
  filename: z.string().max(1_024),
  size: z.number().int().nonnegative(),
  url: z.url({ protocol: /^https?$/ }),
});

const CommandData = z.object({
  name: z.string().min(1).max(32),
  type: z.number().int().optional(),
  options: z.array(Option).max(25).optional(),
  resolved: z.object({ attachments: z.record(z.string(), Attachment).optional() }).optional(),
});

const ComponentData = z.object({
  custom_id: z.string().max(100),
  component_type: z.number().int(),
});

const User = z.object({ id: Snowflake });

/** The parts of an interaction every kind carries. */
const Envelope = z.object({
  id: Snowflake,
  application_id: Snowflake,
  type: z.enum(InteractionType),
  token: z.string().min(1).max(500),
  locale: z.string().max(16).optional(),
  guild_id: Snowflake.optional(),
  member: z
    .object({
      user: User,
      roles: z.array(Snowflake).max(500),
      permissions: z.string().regex(/^\d{1,40}$/),
    })
    .optional(),
  user: User.optional(),
  data: z.unknown().optional(),
});

export type Envelope = z.infer<typeof Envelope>;

// The schemas above, checked by hand for the common case (see `parse`): each says yes only where zod does.
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SNOWFLAKE = /^\d{1,20}$/;
const PERMISSIONS = /^\d{1,40}$/;
const isSnowflake = (v: unknown): v is string => typeof v === 'string' && SNOWFLAKE.test(v);
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
/** An array of at most `max` items, each one `each` (a hole is not: zod reads it as undefined). */
function isListOf(v: unknown, max: number, each: (x: unknown) => boolean): boolean {
  if (!Array.isArray(v) || v.length > max) return false;
  // for…of, not every(): it visits holes.
  for (const x of v) if (!each(x)) return false;
  return true;
}
const INTERACTION_TYPES = new Set<unknown>(Object.values(InteractionType).filter((t) => typeof t === 'number'));

const isUser = (v: unknown) => isRecord(v) && isSnowflake(v.id);

function isEnvelope(v: unknown): v is Envelope {
  if (!isRecord(v)) return false;
  const m = v.member;
  return (
    isSnowflake(v.id) &&
    isSnowflake(v.application_id) &&
    INTERACTION_TYPES.has(v.type) &&
    isText(v.token, 1, 500) &&
    (v.locale === undefined || isText(v.locale, 0, 16)) &&
    (v.guild_id === undefined || isSnowflake(v.guild_id)) &&
    (m === undefined ||
      (isRecord(m) &&
        isUser(m.user) &&
        isListOf(m.roles, 500, isSnowflake) &&
        typeof m.permissions === 'string' &&
        PERMISSIONS.test(m.permissions))) &&
    (v.user === undefined || isUser(v.user))
  );
}

function isOption(v: unknown): v is OptionData {
  return (
    isRecord(v) &&
    Number.isSafeInteger(v.type) &&
    isText(v.name, 0, 100) &&
    (v.options === undefined || isListOf(v.options, 25, isOption)) &&
    (v.focused === undefined || typeof v.focused === 'boolean')
  );
}

/** Command data without attachments (zod reads those, with their URLs). */
function isCommandData(v: unknown): v is z.infer<typeof CommandData> {
  return (
    isRecord(v) &&
    isText(v.name, 1, 32) &&
    (v.type === undefined || Number.isSafeInteger(v.type)) &&
    (v.options === undefined || isListOf(v.options, 25, isOption)) &&
    (v.resolved === undefined || (isRecord(v.resolved) && v.resolved.attachments === undefined))
  );
}

const isComponentData = (v: unknown): v is z.infer<typeof ComponentData> =>
  isRecord(v) && isText(v.custom_id, 0, 100) && Number.isSafeInteger(v.component_type);

/** Each schema with its quick check, for the tests: whatever a quick check takes, its schema must take. */
export const checkedTwice = {
  interaction: { schema: Envelope, plainly: isEnvelope },
  command: { schema: CommandData, plainly: isCommandData },
  component: { schema: ComponentData, plainly: isComponentData },
};

/** The kinds of interaction a message answers (unlike autocomplete, and a PING). */
const REPLIABLE = new Set<number>([
  InteractionType.ApplicationCommand,
  InteractionType.MessageComponent,
  InteractionType.ModalSubmit,
]);

/** Whether a message can answer an interaction of this type. */
export const repliable = (type: number) => REPLIABLE.has(type);

/** The interaction type of a JSON body, or undefined when it is not an interaction at all. */
export function typeOf(body: unknown): number | undefined {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'number' && Number.isInteger(type) ? type : undefined;
}

/** An interaction that could not be read: which fields, and what was expected (never the values). */
export class MalformedInteraction extends Error {
  constructor(what: string, issues: z.core.$ZodIssue[]) {
    super(`malformed ${what}: ${issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
    this.name = 'MalformedInteraction';
  }
}

/**
 * `value` read with `schema`. `plainly`, when given, is a quicker check of the same schema that may say no to more
 * (anything it is not sure of) but never yes to less: what it takes is used as it is, and whatever it does not
 * take goes to zod, which takes or refuses it with its own words. Every interaction passes through here, and zod
 * cost the endpoint as much CPU per request as verifying the signature.
 */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string, plainly?: (v: unknown) => v is T): T {
  if (plainly?.(value)) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new MalformedInteraction(what, parsed.error.issues);
  return parsed.data;
}

/** What can be read of any interaction body for the log and the reply, even a malformed one. */
function loosely(body: Record<string, unknown>): Pick<Incoming, 'id' | 'user' | 'guild' | 'locale' | 'about'> {
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : undefined);
  const data = typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {};
  const member = body.member as { user?: { id?: unknown } } | undefined;
  const user = body.user as { id?: unknown } | undefined;
  const command = str(data.name);
  const customId = str(data.custom_id);
  return {
    id: str(body.id) ?? '?',
    user: str(member?.user?.id) ?? str(user?.id),
    guild: str(body.guild_id),
    locale: str(body.locale),
    about: { ...(command !== undefined ? { command } : {}), ...(customId !== undefined ? { customId } : {}) },
  };
}

/**
 * An interaction body (an object whose `type` is a number) as the shared answering code takes it. Reading its
 * route throws MalformedInteraction when what this bot needs is missing or of the wrong kind.
 */
export function incoming(body: Record<string, unknown>, moderatorRoleIds: readonly string[]): Incoming {
  return {
    ...loosely(body),
    route: () => routeOf(parse(Envelope, body, 'interaction', isEnvelope), moderatorRoleIds),
  };
}

function routeOf(i: Envelope, moderatorRoleIds: readonly string[]): Route {
  const caller = {
    locale: i.locale,
    canModerate: canModerate(
      i.guild_id && i.member ? { permissions: BigInt(i.member.permissions), roles: i.member.roles } : null,
      moderatorRoleIds,
    ),
    user: i.member?.user.id ?? i.user?.id,
  };
  switch (i.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const data = parse(CommandData, i.data, 'command data', isCommandData);
      if (data.type !== undefined && data.type !== (ApplicationCommandType.ChatInput as number))
        throw new Error(`command type ${data.type} (only slash commands are answered)`);
      const attachments = data.resolved?.attachments ?? {};
      const attachment = (o: OptionData): RemoteAttachment | undefined => {
        const a = typeof o.value === 'string' && Object.hasOwn(attachments, o.value) ? attachments[o.value] : undefined;
        return a && { name: a.filename, size: a.size, url: a.url };
      };
      return i.type === InteractionType.ApplicationCommand
        ? { kind: 'command', request: requestFrom(data.name, data.options ?? [], attachment, caller) }
        : { kind: 'autocomplete', request: autocompleteFrom(data.name, data.options ?? [], caller) };
    }
    case InteractionType.MessageComponent: {
      const data = parse(ComponentData, i.data, 'component data', isComponentData);
      if (data.component_type !== (ComponentType.Button as number))
        throw new Error(`component type ${data.component_type} (only buttons are answered)`);
      return { kind: 'button', customId: data.custom_id, caller };
    }
    default:
      throw new Error(`interaction type ${i.type} (this bot answers commands, autocomplete and buttons)`);
  }
}

/** The HTTP response bodies that answer an interaction (Discord's interaction callbacks). */
export const callback = {
  pong: (): APIInteractionResponse => ({ type: InteractionResponseType.Pong }),
  message: (data: APIInteractionResponseCallbackData): APIInteractionResponse => ({
    type: InteractionResponseType.ChannelMessageWithSource,
    data,
  }),
  /** A button press answered by changing the message pressed (its next page, its other language). */
  update: (data: APIInteractionResponseCallbackData): APIInteractionResponse => ({
    type: InteractionResponseType.UpdateMessage,
    data,
  }),
  /** A button press acknowledged without a new message: the message stays as it is (for now). */
  deferredUpdate: (): APIInteractionResponse => ({ type: InteractionResponseType.DeferredMessageUpdate }),
  /** "Thinking…": only the ephemeral flag can be set now; the message comes later as an edit. */
  deferred: (privately: boolean): APIInteractionResponse => ({
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(privately ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  }),
  choices: (choices: Array<APIApplicationCommandOptionChoice<string>>): APIInteractionResponse => ({
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices },
  }),
};
