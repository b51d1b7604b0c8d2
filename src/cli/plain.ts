import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { MessageFlags } from '../reply/discord.ts';
import { withoutControls } from '../reply/render.ts';

/**
 * A Discord message payload as terminal text: snippets, citations with their links, buttons.
 * Discord Markdown becomes ANSI styles when `color` is on, plain text otherwise.
 */

const STYLE = {
  bold: ['\x1b[1m', '\x1b[22m'],
  strike: ['\x1b[9m', '\x1b[29m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  dim: ['\x1b[2m', '\x1b[22m'],
} as const;

export function markdownToText(md: string, color: boolean): string {
  // Discord shows <t:unix:f> in each reader's time zone; a terminal gets the local time.
  md = md.replace(
    /<t:(\d{1,12})(?::[tTdDfFR])?>/g,
    (_, s: string) =>
      new Date(Number(s) * 1000).toLocaleString('sv-SE') + ` (${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
  );
  const style = (s: keyof typeof STYLE, on: boolean) => (color ? STYLE[s][on ? 0 : 1] : s === 'strike' ? '~~' : '');
  let out = '';
  const open = { bold: false, strike: false, italic: false };
  for (let i = 0; i < md.length; i++) {
    const c = md[i]!;
    if (c === '\\' && i + 1 < md.length) {
      out += md[++i]!;
      continue;
    }
    if (md.startsWith('**', i)) {
      open.bold = !open.bold;
      out += style('bold', open.bold);
      i++;
      continue;
    }
    if (md.startsWith('~~', i)) {
      open.strike = !open.strike;
      out += style('strike', open.strike);
      i++;
      continue;
    }
    if (c === '*' && (open.italic || md.indexOf('*', i + 1) > i)) {
      open.italic = !open.italic;
      out += style('italic', open.italic);
      continue;
    }
    // Inline code (ids, folder names): the text without its backticks.
    if (c === '`') continue;
    if (c === '[') {
      const m = /^\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/.exec(md.slice(i));
      if (m) {
        out += `${markdownToText(m[1]!, color)} <${decodeURIComponent(m[2]!)}>`;
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out.replace(/\u200b/g, '');
}

/** The buttons of a payload, in order: what the console's `/press <n>` presses. */
export function buttonsOf(payload: APIInteractionResponseCallbackData): Array<{ label: string; customId: string }> {
  const rows = (payload.components ?? []) as Array<{
    components?: Array<{ label?: string; emoji?: { name?: string }; custom_id?: string }>;
  }>;
  return rows
    .flatMap((row) => row.components ?? [])
    .filter((b) => b.custom_id)
    .map((b) => ({ label: b.label ?? b.emoji?.name ?? '?', customId: b.custom_id! }));
}

export function payloadToText(
  given: APIInteractionResponseCallbackData,
  color: boolean,
  o: { numberButtons?: boolean } = {},
): string {
  // A title or a question may hold ESC or BEL: a terminal would obey them. Only our own styles reach it.
  const payload = withoutControls(given);
  const parts: string[] = [];
  if (payload.content) parts.push(markdownToText(payload.content, color));
  for (const e of payload.embeds ?? []) {
    const lines: string[] = [];
    if (e.title) lines.push(markdownToText(e.title, color));
    if (e.description) lines.push(markdownToText(e.description, color));
    for (const f of e.fields ?? [])
      lines.push(`${markdownToText(f.name, color)}\n  ${markdownToText(f.value, color).replace(/\n/g, '\n  ')}`);
    if (e.footer?.text) lines.push(`(${e.footer.text})`);
    parts.push(lines.join('\n').replace(/^/gm, '  ').replace(/^ {2}/, '• '));
  }
  const buttons = buttonsOf(payload).map((b, i) => (o.numberButtons ? `[${i + 1} ${b.label}]` : `[${b.label}]`));
  if (buttons.length) parts.push(buttons.join(' '));
  if (payload.flags && (payload.flags & MessageFlags.Ephemeral) !== 0)
    parts.push(color ? '\x1b[2m(only you can see this)\x1b[22m' : '(only you can see this)');
  return parts.join('\n\n');
}
