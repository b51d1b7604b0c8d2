import { z } from 'zod';
import type { Command } from '../src/command/contract.ts';
import { COMMAND_NAME_PATTERN, MAX_COMMAND_DESCRIPTION } from '../src/reply/limits.ts';
import ask from './ask.ts';
import corpus from './corpus.ts';
import sources from './sources.ts';
import stake from './stake.ts';
import who from './who.ts';

/** Every command module is checked on load: a broken module fails loudly, naming itself. */
const CommandModule = z.object({
  data: z
    .object({
      name: z.string().regex(COMMAND_NAME_PATTERN),
      description: z.string().min(1).max(MAX_COMMAND_DESCRIPTION),
    })
    .loose(),
  execute: z.function(),
  autocomplete: z.function().optional(),
  slow: z.function().optional(),
  private: z.boolean().optional(),
  cacheable: z.boolean().optional(),
  paging: z.object({ queryOption: z.string() }).optional(),
});

export function loadCommands(modules: Record<string, unknown>): Map<string, Command> {
  const commands = new Map<string, Command>();
  for (const [file, mod] of Object.entries(modules)) {
    const parsed = CommandModule.safeParse(mod);
    if (!parsed.success)
      throw new Error(
        `commands/${file}.ts: not a command module (${parsed.error.issues.map((i) => `${i.path.join('.') || 'module'}: ${i.message}`).join('; ')})`,
      );
    const command = mod as Command;
    if (command.data.name !== file)
      throw new Error(`commands/${file}.ts: data.name must be "${file}" (got "${command.data.name}")`);
    commands.set(command.data.name, command);
  }
  return commands;
}

export const commands = loadCommands({ ask, stake, who, sources, corpus });
