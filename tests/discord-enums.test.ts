import * as API from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import * as ours from '../src/reply/discord.ts';

describe('the Discord enums the bot carries itself', () => {
  it('have discord-api-types’ values, member for member', () => {
    for (const [name, members] of Object.entries(ours)) {
      const theirs = (API as unknown as Record<string, Record<string, number>>)[name];
      expect(theirs, name).toBeDefined();
      for (const [member, value] of Object.entries(members)) expect(value, `${name}.${member}`).toBe(theirs![member]);
    }
  });
});
