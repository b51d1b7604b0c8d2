import { time, TimestampStyles } from '@discordjs/formatters';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { MessageFlags } from './discord.ts';
import type { Insights } from '../feedback/types.ts';
import type { UiLang } from '../text/locale.ts';
import type { Source } from '../types.ts';
import { t } from './i18n.ts';
import {
  MAX_CONTENT,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELDS,
  MAX_EMBED_TITLE,
  MAX_EMBEDS_TOTAL,
  MAX_FIELD_NAME,
  MAX_FIELD_VALUE,
} from './limits.ts';
import { bold, codePointLength, escapeMarkdown, truncate } from './text.ts';
import type { CommandReply } from './types.ts';

/**
 * `/corpus insights`: what members could not find, for moderators (always private). One embed: the totals and how
 * far back the log reaches, a field per question (worst first) with its counts, languages and the passages shown,
 * then a field of 👍/👎 per article. Everything is cut to Discord's limits, the embed total included.
 */

/** Passages listed per question. */
const MAX_SHOWN = 4;

function articleName(id: string, lookup: (id: string) => Source | undefined): string {
  const s = lookup(id);
  return s ? `${escapeMarkdown(truncate(s.title, 60))} (\`${id}\`)` : `\`${id}\``;
}

export function insightsReply(i: Insights, ui: UiLang, lookup: (id: string) => Source | undefined): CommandReply {
  const missing = i.outcomes['not-in-sources'] ?? 0;
  const title = truncate(t(ui, 'insightsTitle', { days: i.days }), MAX_EMBED_TITLE);
  const lines = [
    t(ui, 'insightsTotals', { answers: i.answers, up: i.votes.up, down: i.votes.down, missing }),
    i.via ? t(ui, 'insightsVia', { via: i.via }) : '',
  ]
    .filter(Boolean)
    .map(escapeMarkdown);
  // The timestamp is Discord markup: added after escaping.
  const reach = i.reachesBack
    ? escapeMarkdown(t(ui, 'insightsReach', { date: '\u0000', retention: i.retentionDays })).replace(
        '\u0000',
        time(i.reachesBack, TimestampStyles.LongDate),
      )
    : escapeMarkdown(t(ui, 'insightsEmpty'));
  const description = truncate([...lines, reach].join('\n'), MAX_EMBED_DESCRIPTION);
  let budget = MAX_EMBEDS_TOTAL - codePointLength(title) - codePointLength(description);
  const fields: APIEmbedField[] = [];
  const add = (field: APIEmbedField): boolean => {
    const cost = codePointLength(field.name) + codePointLength(field.value);
    if (cost > budget || fields.length >= MAX_EMBED_FIELDS) return false;
    budget -= cost;
    fields.push(field);
    return true;
  };
  // Keep room for the articles' field, whatever the questions take.
  budget -= MAX_FIELD_VALUE + 64;
  if (i.answers > 0 && i.questions.length === 0)
    add({ name: t(ui, 'insightsQuestions'), value: escapeMarkdown(t(ui, 'insightsNoQuestions')) });
  for (const q of i.questions) {
    const asked = q.question.trim() ? `“${escapeMarkdown(truncate(q.question.trim(), 200))}”` : '—';
    const name = truncate(`/${q.command} ${asked}`, MAX_FIELD_NAME);
    const counts = [
      t(ui, 'insightsAsked', { n: q.asked }),
      q.notInSources ? t(ui, 'insightsMissing', { n: q.notInSources }) : '',
      q.down || q.up ? `👍 ${q.up} · 👎 ${q.down}` : '',
      [...q.langs, ...q.locales].join(', '),
    ]
      .filter(Boolean)
      .join(' · ');
    const shown = q.passages
      .slice(0, MAX_SHOWN)
      .map((p) => `${articleName(p.source, lookup)} ¶ ${p.paragraph}${p.shown > 1 ? ` ×${p.shown}` : ''}`);
    const more = q.passages.length > MAX_SHOWN ? ` … +${q.passages.length - MAX_SHOWN}` : '';
    const value = truncate(
      [escapeMarkdown(counts), shown.length ? `${t(ui, 'insightsShown')}: ${shown.join(' · ')}${more}` : '']
        .filter(Boolean)
        .join('\n'),
      MAX_FIELD_VALUE,
    );
    if (!add({ name, value })) break;
  }
  budget += MAX_FIELD_VALUE + 64;
  if (i.answers > 0) {
    const articleLines: string[] = [];
    let room = MAX_FIELD_VALUE - 16;
    for (const [n, a] of i.articles.entries()) {
      const line = `${articleName(a.source, lookup)} · 👍 ${a.up} · 👎 ${a.down}${a.ratio !== undefined ? ` · ${Math.round(a.ratio * 100)}%` : ''}`;
      if (codePointLength(line) + 1 > room) {
        articleLines.push(`… +${i.articles.length - n}`);
        break;
      }
      room -= codePointLength(line) + 1;
      articleLines.push(line);
    }
    add({
      name: t(ui, 'insightsArticles'),
      value: articleLines.length ? articleLines.join('\n') : escapeMarkdown(t(ui, 'insightsNoVotes')),
    });
  }
  const embed: APIEmbed = { title, description, fields };
  return {
    payload: {
      content: truncate(bold(escapeMarkdown(t(ui, 'corpus'))), MAX_CONTENT),
      embeds: [embed],
      allowed_mentions: { parse: [] },
      flags: MessageFlags.Ephemeral,
    },
    citations: [],
  };
}
