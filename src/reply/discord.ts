/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- numbers typed as the package's enum members; tests/discord-enums.test.ts checks each value */
import type * as API from 'discord-api-types/v10';

/**
 * The few Discord API enums the bot uses at run time, with discord-api-types' own values and types. Importing
 * `discord-api-types/v10` for them loads every enum of the whole API, about 0.3 s of CPU at each start, which every
 * one-shot CLI call paid; its types cost nothing and are still used everywhere. tests/discord-enums.test.ts checks
 * each value against the package.
 */

export const ApplicationCommandOptionType = {
  Subcommand: 1 as API.ApplicationCommandOptionType.Subcommand,
  SubcommandGroup: 2 as API.ApplicationCommandOptionType.SubcommandGroup,
  String: 3 as API.ApplicationCommandOptionType.String,
  Integer: 4 as API.ApplicationCommandOptionType.Integer,
  Boolean: 5 as API.ApplicationCommandOptionType.Boolean,
  User: 6 as API.ApplicationCommandOptionType.User,
  Channel: 7 as API.ApplicationCommandOptionType.Channel,
  Role: 8 as API.ApplicationCommandOptionType.Role,
  Mentionable: 9 as API.ApplicationCommandOptionType.Mentionable,
  Number: 10 as API.ApplicationCommandOptionType.Number,
  Attachment: 11 as API.ApplicationCommandOptionType.Attachment,
} as const;

export const ComponentType = {
  ActionRow: 1 as API.ComponentType.ActionRow,
  Button: 2 as API.ComponentType.Button,
} as const;

export const ButtonStyle = {
  Primary: 1 as API.ButtonStyle.Primary,
  Secondary: 2 as API.ButtonStyle.Secondary,
} as const;

export const MessageFlags = {
  Ephemeral: 64 as API.MessageFlags.Ephemeral,
} as const;

export const InteractionContextType = {
  Guild: 0 as API.InteractionContextType.Guild,
} as const;
