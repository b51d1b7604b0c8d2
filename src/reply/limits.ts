/**
 * Discord's hard limits, named once so that no payload builder carries a magic number. Over any of these the API
 * answers 400 and the user sees nothing, so the reply helpers cut to them before sending.
 *
 * Source: discord/discord-api-docs (`interactions/application-commands`, `interactions/receiving-and-responding`,
 * `resources/message`), summarised in shared/DISCORD.md. Message lengths are counted in code points, not UTF-16
 * units: measure them with `codePointLength` from `./text.ts`.
 */

import { MessageFlags } from 'discord-api-types/v10';

// ── Messages ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Message `content`. */
export const MAX_CONTENT = 2_000;
/** Embeds in one message. */
export const MAX_EMBEDS = 10;
/** Embed `title`. */
export const MAX_EMBED_TITLE = 256;
/** Embed `description`. */
export const MAX_EMBED_DESCRIPTION = 4_096;
/** Fields in one embed. */
export const MAX_EMBED_FIELDS = 25;
/** Embed field `name`. */
export const MAX_FIELD_NAME = 256;
/** Embed field `value`. */
export const MAX_FIELD_VALUE = 1_024;
/** Embed `footer.text`. */
export const MAX_FOOTER = 2_048;
/** Embed `author.name`. */
export const MAX_AUTHOR_NAME = 256;
/** Title, description, field names and values, footer and author names of all embeds of a message, together. */
export const MAX_EMBEDS_TOTAL = 6_000;

/** Message flag that shows a reply to the caller only; the one flag that can be set when deferring. */
export const EPHEMERAL = MessageFlags.Ephemeral;

// ── Components ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Action rows in one message. */
export const MAX_ACTION_ROWS = 5;
/** Buttons in one action row. */
export const MAX_BUTTONS_PER_ROW = 5;
/** A component's `custom_id`. */
export const MAX_CUSTOM_ID = 100;
/** A button's `label`. */
export const MAX_BUTTON_LABEL = 80;

// ── Commands ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A command or option name: 1–32 characters. */
export const MAX_COMMAND_NAME = 32;
/** What a command or option name may be made of; lowercase wherever the letter has a case (checked separately). */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** A command or option description: 1–100 characters. */
export const MAX_COMMAND_DESCRIPTION = 100;
/** Options of one command. */
export const MAX_OPTIONS = 25;
/** Fixed choices of one option. */
export const MAX_CHOICES = 25;
/** Choices in one autocomplete response. */
export const MAX_AUTOCOMPLETE_CHOICES = 25;
/** A choice's `name`. */
export const MAX_CHOICE_NAME = 100;
/** A string choice's `value`. */
export const MAX_CHOICE_VALUE = 100;
/** Upper bound of a string option's `min_length` (0–6000) and `max_length` (1–6000). */
export const MAX_STRING_OPTION_LENGTH = 6_000;
/** Global commands of one application. */
export const MAX_GLOBAL_COMMANDS = 100;
/** Command creations per day per guild; bulk overwrite (PUT) avoids spending them one by one. */
export const MAX_COMMAND_CREATES_PER_DAY = 200;
/** `default_member_permissions` for Manage Guild: the moderator-only commands. */
export const MANAGE_GUILD_PERMISSION = '32';
/** `default_member_permissions` that hides a command from everyone but administrators. */
export const ADMIN_ONLY_PERMISSION = '0';

// ── Responding ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The first response to an interaction must arrive within this time, or Discord shows the user a failure. */
export const INITIAL_RESPONSE_MS = 3_000;
/** How long the interaction token works for edits and follow-ups after the first response. */
export const INTERACTION_TOKEN_MS = 15 * 60_000;

/** Interaction callback types; one callback per interaction, a second is rejected. */
export const CallbackType = {
  /** Reply with a message. */
  ChannelMessageWithSource: 4,
  /** "Thinking…"; edit the original response later. Visibility (EPHEMERAL) is fixed here. */
  DeferredChannelMessageWithSource: 5,
  /** Acknowledge a component interaction; edit the message later. */
  DeferredUpdateMessage: 6,
  /** Replace the message the component is on. */
  UpdateMessage: 7,
  /** Answer an autocomplete request (at most MAX_AUTOCOMPLETE_CHOICES choices). */
  ApplicationCommandAutocompleteResult: 8,
  /** Open a modal. */
  Modal: 9,
} as const;
