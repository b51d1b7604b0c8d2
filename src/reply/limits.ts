/**
 * Discord's hard limits, named once so that no payload builder carries a magic number. Over any of these the API
 * answers 400 and the user sees nothing, so the reply helpers cut to them before sending.
 *
 * Source: discord/discord-api-docs (`interactions/application-commands`, `interactions/receiving-and-responding`,
 * `resources/message`). Message lengths are counted in code points, not UTF-16 units: measure them with
 * `codePointLength` from `./text.ts`. Flags and callback types come from discord-api-types (`MessageFlags`,
 * `InteractionResponseType`).
 */

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
/** Title, description, field names and values, footer and author names of all embeds of a message, together. */
export const MAX_EMBEDS_TOTAL = 6_000;

// ── Components ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A component's `custom_id`. */
export const MAX_CUSTOM_ID = 100;
/** A button's `label`. */
export const MAX_BUTTON_LABEL = 80;
/** Action rows in one message. */
export const MAX_ACTION_ROWS = 5;
/** Buttons in one action row. */
export const MAX_ROW_BUTTONS = 5;

// ── Attachments ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Files attached to one message. */
export const MAX_ATTACHMENTS = 10;
/** Bytes of all files of one message together, for a bot in a server without boosts. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** An attachment's `description` (its alt text). */
export const MAX_ATTACHMENT_DESCRIPTION = 1_024;

// ── Commands ────────────────────────────────────────────────────────────────────────────────────────────────────

/** What a command or option name may be made of; lowercase wherever the letter has a case (checked separately). */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** A command or option description: 1–100 characters. */
export const MAX_COMMAND_DESCRIPTION = 100;
/** Choices in one autocomplete response. */
export const MAX_AUTOCOMPLETE_CHOICES = 25;
/** A choice's `name`. */
export const MAX_CHOICE_NAME = 100;
/** A string choice's `value`. */
export const MAX_CHOICE_VALUE = 100;
/** Upper bound of a string option's `min_length` (0–6000) and `max_length` (1–6000). */
export const MAX_STRING_OPTION_LENGTH = 6_000;
/** `default_member_permissions` for Manage Guild: the moderator-only commands. */
export const MANAGE_GUILD_PERMISSION = '32';
