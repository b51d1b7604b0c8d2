/**
 * Builders for the Discord objects the stand-in hands out: the bot user, the guild (GUILD_CREATE),
 * messages, attachments, and interaction payloads. The exported `chatInput` / `autocomplete` /
 * `button` helpers describe an interaction a user triggers; `Standin.dispatchInteraction` completes it
 * (id, token, member, permissions, channel...) and sends it over the gateway.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionType,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type {
  APIAttachment,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  Locale,
  RoleFlags,
} from 'discord-api-types/v10';
import { isRecord, snowflake } from './util.ts';

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

const P = PermissionFlagsBits;

/** Everything a default `@everyone` role gets in a new Discord server (no Manage Guild). */
export const EVERYONE_PERMISSIONS: bigint =
  P.CreateInstantInvite |
  P.AddReactions |
  P.Stream |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.Connect |
  P.Speak |
  P.UseVAD |
  P.ChangeNickname |
  P.UseApplicationCommands |
  P.RequestToSpeak |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.UseExternalStickers |
  P.SendMessagesInThreads |
  P.UseEmbeddedActivities |
  P.SendVoiceMessages |
  P.SendPolls |
  P.UseExternalApps;

/** The stand-in's "Moderator" role: Manage Guild (1<<5) plus typical moderation bits. */
export const MODERATOR_PERMISSIONS: bigint = P.ManageGuild | P.ManageMessages | P.KickMembers | P.ModerateMembers;

/** The bot's managed role. */
export const BOT_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.AddReactions |
  P.SendMessagesInThreads |
  P.UseApplicationCommands;

/** Every permission bit known to discord-api-types (what Administrator resolves to). */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/** Resolves a set of role permissions the way Discord computes `member.permissions` (Administrator → all). */
export function resolvePermissions(bits: bigint): bigint {
  return (bits & P.Administrator) !== 0n ? ALL_PERMISSIONS : bits;
}

// ---------------------------------------------------------------------------------------------
// The world the stand-in simulates
// ---------------------------------------------------------------------------------------------

/** Fixed ids and names of the simulated application, guild, channel and roles. */
export interface World {
  applicationId: string;
  guildId: string;
  channelId: string;
  botUser: APIUser;
  ownerId: string;
  moderatorRoleId: string;
  botRoleId: string;
  guildLocale: `${Locale}`;
  guildName: string;
  /** e.g. http://127.0.0.1:PORT — used for attachment URLs. */
  origin: string;
  createdAt: string;
}

export function user(id: string, username: string, extra: Partial<APIUser> = {}): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: extra.global_name ?? username,
    avatar: null,
    ...extra,
  };
}

export function guildRoles(world: World): APIRole[] {
  const role = (id: string, name: string, position: number, permissions: bigint, managed = false): APIRole => ({
    id,
    name,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- Discord still sends it
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(managed ? { tags: { bot_id: world.botUser.id } } : {}),
  });
  return [
    role(world.guildId, '@everyone', 0, EVERYONE_PERMISSIONS),
    role(world.moderatorRoleId, 'Moderator', 1, MODERATOR_PERMISSIONS),
    role(world.botRoleId, world.botUser.username, 2, BOT_PERMISSIONS, true),
  ];
}

/** The GUILD_CREATE payload for the stand-in's one guild (one text channel, three roles, the bot as member). */
export function guildCreate(world: World): GatewayGuildCreateDispatchData {
  const botMember: APIGuildMember = {
    user: world.botUser,
    roles: [world.botRoleId],
    joined_at: world.createdAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
  };
  return {
    id: world.guildId,
    name: world.guildName,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: world.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: guildRoles(world),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: world.channelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: world.guildLocale as Locale,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    incidents_data: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    joined_at: world.createdAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [botMember],
    channels: [
      {
        id: world.channelId,
        type: ChannelType.GuildText,
        guild_id: world.guildId,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        topic: null,
        last_message_id: null,
        parent_id: null,
        rate_limit_per_user: 0,
        flags: 0 as ChannelFlags,
      },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Messages and attachments
// ---------------------------------------------------------------------------------------------

/** A CDN-like URL on the stand-in for an attachment (with Discord's signed-URL query parameters). */
export function attachmentUrl(
  world: World,
  kind: 'attachments' | 'ephemeral-attachments',
  id: string,
  filename: string,
): string {
  const ex = Math.floor(Date.now() / 1000 + 86_400).toString(16);
  const is = Math.floor(Date.now() / 1000).toString(16);
  const hm = id.padStart(64, '0').slice(-64);
  return `${world.origin}/${kind}/${world.channelId}/${id}/${encodeURIComponent(filename)}?ex=${ex}&is=${is}&hm=${hm}&`;
}

export function attachmentObject(
  world: World,
  kind: 'attachments' | 'ephemeral-attachments',
  id: string,
  filename: string,
  size: number,
  contentType?: string,
  extra: Partial<APIAttachment> = {},
): APIAttachment {
  const url = attachmentUrl(world, kind, id, filename);
  return {
    id,
    filename,
    size,
    url,
    proxy_url: url,
    ...(contentType ? { content_type: contentType } : {}),
    ...(kind === 'ephemeral-attachments' ? { ephemeral: true } : {}),
    ...extra,
  };
}

/** Normalizes embeds the way Discord echoes them back (`type: "rich"`). */
export function normalizeEmbeds(embeds: unknown): APIEmbed[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.filter(isRecord).map((e) => ({ type: 'rich', ...(e as APIEmbed) }) as APIEmbed);
}

export interface MessageInit {
  id?: string;
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  attachments?: APIAttachment[];
  flags?: number;
  type?: MessageType;
  interaction?: { id: string; type: InteractionType; user: APIUser; name?: string };
  poll?: unknown;
}

/** A message authored by the bot through its interaction webhook. */
export function botMessage(world: World, init: MessageInit): APIMessage {
  const msg: APIMessage = {
    id: init.id ?? snowflake(),
    channel_id: world.channelId,
    author: world.botUser,
    content: init.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: init.attachments ?? [],
    embeds: init.embeds ?? [],
    pinned: false,
    type: init.type ?? MessageType.Default,
    flags: init.flags ?? 0,
    components: (init.components ?? []) as APIMessage['components'],
    application_id: world.applicationId,
    webhook_id: world.applicationId,
  };
  if (init.interaction) {
    const owners = { '0': world.guildId };
    msg.interaction_metadata = {
      id: init.interaction.id,
      type: init.interaction.type,
      user: init.interaction.user,
      authorizing_integration_owners: owners,
    } as APIMessage['interaction_metadata'];
    if (init.interaction.name !== undefined) {
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- Discord still sends it
      msg.interaction = {
        id: init.interaction.id,
        type: init.interaction.type,
        name: init.interaction.name,
        user: init.interaction.user,
      };
    }
  }
  if (init.poll !== undefined) (msg as unknown as Record<string, unknown>).poll = init.poll;
  return msg;
}

// ---------------------------------------------------------------------------------------------
// Interaction descriptions (what a user does)
// ---------------------------------------------------------------------------------------------

/** Who triggers an interaction, and from which client language. */
export interface InvokerOptions {
  /** Defaults to a fixed "test user" id. */
  userId?: string;
  username?: string;
  /** The user's client language (`interaction.locale`), default `en-US`. */
  locale?: `${Locale}`;
  /** Overrides the guild's preferred locale for this interaction (`interaction.guild_locale`). */
  guildLocale?: `${Locale}`;
  /** Extra role ids the member has (besides @everyone). */
  roles?: string[];
  /** Give the member the stand-in's Moderator role (Manage Guild, 1<<5). */
  moderator?: boolean;
  /** Give the member Administrator (resolves to every permission). */
  administrator?: boolean;
  /** Explicit `member.permissions` (overrides what roles compute to). */
  permissions?: bigint | string;
}

/** An attachment option value: what {@link Standin.serveAttachment} returns. */
export type AttachmentValue = APIAttachment;

/** A typed option value, for option types that cannot be inferred (user, channel, role, mentionable). */
export interface TypedOptionValue {
  type: ApplicationCommandOptionType;
  value: string | number | boolean;
}

export type OptionValue = string | number | boolean | AttachmentValue | TypedOptionValue;

/** Loose interaction data: options may be refined against the registered command on dispatch. */
export interface InteractionInput {
  type:
    | InteractionType.ApplicationCommand
    | InteractionType.ApplicationCommandAutocomplete
    | InteractionType.MessageComponent
    | InteractionType.ModalSubmit;
  data: Record<string, unknown>;
  invoker?: InvokerOptions;
  /** For component interactions: the message the component is on. */
  message?: APIMessage;
  /** Merged last into the final payload (escape hatch for unusual shapes). */
  overrides?: Record<string, unknown>;
}

export interface CommandInvocation extends InvokerOptions {
  subcommand?: string;
  subcommandGroup?: string;
}

function isAttachment(v: unknown): v is APIAttachment {
  return isRecord(v) && typeof v.id === 'string' && typeof v.filename === 'string' && typeof v.url === 'string';
}

function isTyped(v: unknown): v is TypedOptionValue {
  return isRecord(v) && typeof v.type === 'number' && 'value' in v;
}

/** Raw option with a provisional type (refined against the registered command on dispatch). */
export interface RawOption {
  name: string;
  type: ApplicationCommandOptionType;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}

function toOptions(
  values: Record<string, OptionValue>,
  resolvedAttachments: Record<string, APIAttachment>,
  focused?: string,
): RawOption[] {
  return Object.entries(values).map(([name, v]): RawOption => {
    let opt: RawOption;
    if (isAttachment(v)) {
      resolvedAttachments[v.id] = v;
      opt = { name, type: ApplicationCommandOptionType.Attachment, value: v.id };
    } else if (isTyped(v)) opt = { name, type: v.type, value: v.value };
    else if (typeof v === 'boolean') opt = { name, type: ApplicationCommandOptionType.Boolean, value: v };
    else if (typeof v === 'number')
      opt = {
        name,
        type: Number.isInteger(v) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number,
        value: v,
      };
    else opt = { name, type: ApplicationCommandOptionType.String, value: v };
    if (focused === name) opt.focused = true;
    return opt;
  });
}

function commandData(
  name: string,
  values: Record<string, OptionValue>,
  how: CommandInvocation,
  focused?: string,
): Record<string, unknown> {
  const attachments: Record<string, APIAttachment> = {};
  let options = toOptions(values, attachments, focused);
  if (how.subcommand !== undefined) {
    options = [{ name: how.subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
    if (how.subcommandGroup !== undefined) {
      options = [{ name: how.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options }];
    }
  }
  const data: Record<string, unknown> = { name, type: ApplicationCommandType.ChatInput };
  if (options.length > 0) data.options = options;
  if (Object.keys(attachments).length > 0) data.resolved = { attachments };
  return data;
}

function invokerOf(how: CommandInvocation): InvokerOptions {
  const { subcommand: _s, subcommandGroup: _g, ...invoker } = how;
  return invoker;
}

/**
 * A user running `/name` with the given options. Option types are inferred (string, integer, number,
 * boolean, attachment from {@link Standin.serveAttachment}) and corrected against the registered command.
 */
export function chatInput(
  name: string,
  options: Record<string, OptionValue> = {},
  how: CommandInvocation = {},
): InteractionInput {
  return { type: InteractionType.ApplicationCommand, data: commandData(name, options, how), invoker: invokerOf(how) };
}

/** A user typing into option `focused` of `/name`; `options` holds everything typed so far (partial values). */
export function autocomplete(
  name: string,
  options: Record<string, OptionValue>,
  focused: string,
  how: CommandInvocation = {},
): InteractionInput {
  if (!(focused in options)) throw new Error(`stand-in: autocomplete focused option "${focused}" has no value`);
  return {
    type: InteractionType.ApplicationCommandAutocomplete,
    data: commandData(name, options, how, focused),
    invoker: invokerOf(how),
  };
}

/** Every custom_id on a message's buttons/selects (searching nested V2 layouts too). */
export function customIdsOf(message: APIMessage): string[] {
  const out: string[] = [];
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isRecord(c)) continue;
      if (typeof c.custom_id === 'string') out.push(c.custom_id);
      walk(c.components);
      if (isRecord(c.accessory) && typeof c.accessory.custom_id === 'string') out.push(c.accessory.custom_id);
    }
  };
  walk(message.components);
  return out;
}

/**
 * A user clicking the button `customId` on `message` (e.g. `handle.original()` of an earlier
 * interaction). Without a message, a bot message carrying just that button is made up on dispatch.
 */
export function button(customId: string, message?: APIMessage, how: InvokerOptions = {}): InteractionInput {
  if (message && !customIdsOf(message).includes(customId)) {
    throw new Error(
      `stand-in: the message has no component with custom_id "${customId}" (has: ${customIdsOf(message).join(', ') || 'none'}) — a user could not click it`,
    );
  }
  return {
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    invoker: how,
    ...(message ? { message } : {}),
  };
}

/** A bot message with one row holding one primary button (used when `button()` got no message). */
export function messageWithButton(world: World, customId: string): APIMessage {
  return botMessage(world, {
    content: 'message with a button',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: customId, label: 'Button' }],
      },
    ],
  });
}
