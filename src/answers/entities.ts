import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { MAX_AUTOCOMPLETE_CHOICES, MAX_CHOICE_NAME } from '../reply/limits.ts';
import { truncate } from '../reply/text.ts';
import type { SearchEngine } from '../search/engine.ts';
import { fold, normalize } from '../text/normalize.ts';
import type { Entity } from '../types.ts';

/**
 * Search forms already made. Every keystroke in /who or /stake's autocomplete matched what was typed against every
 * name of every entity, each put in search form again (0.1 ms of CPU per keystroke; 15 µs with them kept).
 * Bounded: forgotten all at once when full (the names are a few hundred; what members type, open-ended).
 */
const keys = new Map<string, string>();
const MAX_KEYS = 10_000;

/** Search form for matching what a user types against names: lower case, Simplified, no accents. */
function key(s: string): string {
  let k = keys.get(s);
  if (k === undefined) {
    if (keys.size >= MAX_KEYS) keys.clear();
    k = fold(normalize(s.normalize('NFC'))).replace(/[\s·.-]+/g, '');
    keys.set(s, k);
  }
  return k;
}

function allNames(e: Entity): string[] {
  return [...e.names, ...e.otherNames];
}

/**
 * `Jack Ma · 马云`: every script's display name, for autocomplete. Spellings that differ only in case, spaces
 * or dots (`Mail.ru`, `mail . ru` as the Chinese article writes it) are shown once.
 */
export function entityLabel(e: Entity): string {
  const shown = new Map<string, string>();
  for (const name of e.names) if (!shown.has(key(name))) shown.set(key(name), name);
  return truncate([...shown.values()].join(' · '), MAX_CHOICE_NAME);
}

/** Autocomplete: entities any of whose names contains what was typed (prefix matches first); value = entity id. */
export function entityChoices(
  entities: readonly Entity[],
  typed: string,
): Array<APIApplicationCommandOptionChoice<string>> {
  const q = key(typed);
  const ranked = entities
    .map((e) => {
      const names = allNames(e).map(key);
      const rank = !q ? 1 : names.some((n) => n.startsWith(q)) ? 0 : names.some((n) => n.includes(q)) ? 1 : -1;
      return { e, rank };
    })
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, MAX_AUTOCOMPLETE_CHOICES).map(({ e }) => ({ name: entityLabel(e), value: e.id }));
}

/** The entity a value names: an id (from autocomplete), a name in any script, or a unique partial name. */
export function resolveEntity(engine: SearchEngine, value: string): Entity | undefined {
  const direct = engine.entity(value.trim());
  if (direct) return direct;
  const named = engine.entitiesIn(value)[0];
  if (named) return engine.entity(named);
  const q = key(value);
  if (q.length < 2) return undefined;
  const exact = engine.corpus.entities.find((e) => allNames(e).some((n) => key(n) === q));
  if (exact) return exact;
  const partial = engine.corpus.entities.filter((e) => allNames(e).some((n) => key(n).includes(q)));
  return partial.length === 1 ? partial[0] : undefined;
}
