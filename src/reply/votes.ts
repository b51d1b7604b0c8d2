import type { APIActionRowComponent, APIButtonComponent, APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType } from './discord.ts';
import { encodeVoteId } from './customId.ts';
import { MAX_ACTION_ROWS, MAX_ROW_BUTTONS } from './limits.ts';
import type { CommandReply } from './types.ts';

/**
 * 👍 and 👎 under an answer: two buttons whose ids carry the recorded answer's id. They go at the end of the last
 * row when it has room for both, else on a row of their own; a message whose rows are all full gets none.
 */

const VOTES = [
  { value: 1, emoji: '👍' },
  { value: -1, emoji: '👎' },
] as const;

export function withVoteButtons(reply: CommandReply, answerId: string): CommandReply {
  const buttons: APIButtonComponent[] = VOTES.map((v) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    emoji: { name: v.emoji },
    custom_id: encodeVoteId({ value: v.value, answerId }),
  }));
  // A new list of rows, and a new last row when the buttons join it: the reply given may be a kept (frozen) one,
  // and is left as it is. The rows and buttons not changed are shared, not copied.
  const rows = [...(reply.payload.components ?? [])] as Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
  const last = rows.at(-1);
  const lastHolds =
    last?.type === ComponentType.ActionRow &&
    last.components.every((c) => c.type === ComponentType.Button) &&
    last.components.length + buttons.length <= MAX_ROW_BUTTONS;
  if (last && lastHolds) rows[rows.length - 1] = { ...last, components: [...last.components, ...buttons] };
  else if (rows.length < MAX_ACTION_ROWS) rows.push({ type: ComponentType.ActionRow, components: buttons });
  else return reply;
  return { ...reply, payload: { ...reply.payload, components: rows } };
}
