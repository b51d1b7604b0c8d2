import { REST, Routes } from 'discord.js';
import type { RESTPutAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Command } from '../command/contract.ts';
import type { Config } from '../config.ts';

/**
 * Registering the slash commands: one bulk overwrite (PUT) of the whole list, to one server when
 * DISCORD_GUILD_ID is set (instant, good for testing) or globally. A PUT replaces what was there, so removed
 * commands disappear and unchanged ones do not count against Discord's daily creation limit.
 */

export interface DeployPlan {
  method: 'PUT';
  /** The route under the API base, e.g. `/applications/123/guilds/456/commands`. */
  route: string;
  scope: 'guild' | 'global';
  body: RESTPutAPIApplicationCommandsJSONBody;
}

export function deployPlan(
  commands: Map<string, Command>,
  config: Pick<Config, 'applicationId' | 'guildId'>,
): DeployPlan {
  const app = config.applicationId ?? 'APPLICATION_ID';
  const route = config.guildId ? Routes.applicationGuildCommands(app, config.guildId) : Routes.applicationCommands(app);
  return {
    method: 'PUT',
    route,
    scope: config.guildId ? 'guild' : 'global',
    body: [...commands.values()].map((c) => c.data),
  };
}

/** Send the plan; returns the commands as Discord stored them. */
export async function deploy(
  plan: DeployPlan,
  config: Pick<Config, 'token' | 'apiBase'>,
): Promise<Array<{ id: string; name: string }>> {
  if (!config.token) throw new Error('DISCORD_TOKEN is needed to deploy');
  const rest = new REST({ api: config.apiBase }).setToken(config.token);
  return (await rest.put(plan.route as `/${string}`, { body: plan.body })) as Array<{ id: string; name: string }>;
}
