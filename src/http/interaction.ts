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

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
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
    route: () => routeOf(parse(Envelope, body, 'interaction'), moderatorRoleIds),
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
      const data = parse(CommandData, i.data, 'command data');
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
      const data = parse(ComponentData, i.data, 'component data');
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
