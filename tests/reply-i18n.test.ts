import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { MESSAGES, langList, langName, t } from '../src/reply/i18n.ts';
import { UI_LANGS, uiLangFor } from '../src/text/locale.ts';
import type { MessageKey } from '../src/reply/i18n.ts';
import type { UiLang } from '../src/text/locale.ts';

const keys = Object.keys(MESSAGES.en) as MessageKey[];
const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('uiLangFor', () => {
  it.each([
    ['vi', 'vi'],
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['zh', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('maps the Discord locale %s to %s', (locale, ui) => {
    expect(uiLangFor(locale)).toBe(ui);
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'missingOption', { option: 'query' })).toBe('Missing required option “query”.');
    expect(t('zh-TW', 'missingOption', { option: 'query' })).toBe('缺少必填選項「query」。');
    expect(t('en', 'error', { id: 'a1b2c3' })).toBe('Something went wrong; reference a1b2c3.');
  });

  it('returns messages without placeholders as they are', () => {
    expect(t('vi', 'more')).toBe('Xem thêm');
    expect(t('zh-CN', 'sources')).toBe('资料来源');
    expect(t('zh-TW', 'sources')).toBe('資料來源');
  });

  it('writes numbers the way each language does', () => {
    expect(t('vi', 'valueTooLong', { option: 'query', max: 6000 })).toBe('“query” quá dài (tối đa 6.000 ký tự).');
    expect(t('en', 'valueTooLong', { option: 'query', max: 6000 })).toBe('“query” is too long (max 6,000 characters).');
  });

  it('says what was searched when the sources are silent', () => {
    const langs = langList('en', ['vi', 'zh']);
    expect(t('en', 'notInSources', { query: 'giá mua', langs })).toBe(
      'Not in the sources. Searched for “giá mua” in Vietnamese and Chinese articles.',
    );
    expect(t('zh-CN', 'notInSources', { query: '收购价', langs: langList('zh-CN', ['vi', 'zh']) })).toBe(
      '资料来源中没有相关内容。已在越南语和中文文章中搜索“收购价”。',
    );
  });

  it('requires exactly the parameters a message names (checked by tsc)', () => {
    // @ts-expect-error: missingOption names {option}
    expect(t('en', 'missingOption')).toBe('Missing required option “{option}”.');
    // @ts-expect-error: a misspelt parameter
    expect(t('en', 'missingOption', { opton: 'query' })).toBe('Missing required option “{option}”.');
    // @ts-expect-error: "more" takes no parameters
    expect(t('en', 'more', { option: 'query' })).toBe('More');
  });

  it('inserts parameters literally, even ones that look like placeholders', () => {
    expect(t('en', 'unknownSource', { source: '{id} $& $1' })).toBe('There is no article “{id} $& $1”.');
  });
});

describe('language names', () => {
  it.each([
    ['en', 'Vietnamese', 'Chinese'],
    ['vi', 'Tiếng Việt', 'Tiếng Trung'],
    ['zh-CN', '越南语', '中文'],
    ['zh-TW', '越南語', '中文'],
  ] as const)('names the corpus languages in %s', (ui, viName, zhName) => {
    expect(langName(ui, 'vi')).toBe(viName);
    expect(langName(ui, 'zh')).toBe(zhName);
  });

  it('joins a list of languages the way the interface language does', () => {
    expect(langList('vi', ['vi', 'zh'])).toBe('Tiếng Việt và Tiếng Trung');
    expect(langList('zh-TW', ['vi', 'zh'])).toBe('越南語和中文');
    expect(langList('en', ['zh'])).toBe('Chinese');
  });
});

describe('catalogues', () => {
  it.each(UI_LANGS)('%s has a non-empty text for every key', (ui: UiLang) => {
    expect(Object.keys(MESSAGES[ui]).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(MESSAGES[ui][key].trim()).not.toBe('');
  });

  it.each(UI_LANGS)('%s uses the same placeholders as English', (ui: UiLang) => {
    for (const key of keys)
      expect([key, placeholders(MESSAGES[ui][key])]).toEqual([key, placeholders(MESSAGES.en[key])]);
  });

  it('writes Simplified Chinese in Simplified characters only', () => {
    const toSimplified = Converter({ from: 'tw', to: 'cn' });
    for (const key of keys) expect(toSimplified(MESSAGES['zh-CN'][key])).toBe(MESSAGES['zh-CN'][key]);
  });

  it('writes Traditional Chinese in Traditional characters only', () => {
    const toTraditional = Converter({ from: 'cn', to: 'tw' });
    for (const key of keys) expect(toTraditional(MESSAGES['zh-TW'][key])).toBe(MESSAGES['zh-TW'][key]);
    expect(t('zh-TW', 'sources')).toContain('來源');
    expect(t('zh-TW', 'otherLanguage')).toContain('語言');
    expect(t('zh-TW', 'error', { id: 'x' })).toContain('錯誤');
  });

  it('does not pass Simplified text off as Traditional', () => {
    const differing = keys.filter((key) => MESSAGES['zh-CN'][key] !== MESSAGES['zh-TW'][key]);
    expect(differing.length).toBeGreaterThan(keys.length / 2);
  });
});
