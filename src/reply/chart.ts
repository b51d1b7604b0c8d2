import { createRequire } from 'node:module';
import type { UiLang } from '../text/locale.ts';
import { t } from './i18n.ts';
import { MAX_ATTACHMENT_DESCRIPTION, MAX_CONTENT } from './limits.ts';
import { codePointLength, escapeMarkdown, truncate } from './text.ts';
import type { CommandReply, ReplyFile } from './types.ts';

/**
 * The /stake chart: a bar per party with its share, drawn as SVG here and rasterised to PNG by resvg (a Rust SVG
 * renderer shipped as a prebuilt binary in a per-platform npm package), with Noto Sans SC, whose glyphs cover
 * Chinese and Vietnamese (an npm package too, so a fresh install has it). The chart's figures are in the SVG as
 * data attributes, so tests read what is drawn without looking at pixels.
 */

export interface ChartBar {
  /** The party as the passage names it. */
  label: string;
  percent: number;
  /** The figure as written (`48%`). */
  figure: string;
}

export interface StakeChart {
  bars: ChartBar[];
  /** Where the figures come from: the article's title and the passage's ¶. */
  source: { title: string; paragraph: number };
}

export const CHART_FILE = 'stake-chart.png';
const FONT_FAMILY = 'Noto Sans SC';
const WIDTH = 640;
const LABEL_W = 170;
const BAR_MAX = 360;
const ROW = 44;
const TOP = 20;

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The chart as SVG text. */
export function stakeChartSvg(chart: StakeChart): string {
  const height = TOP + chart.bars.length * ROW + 48;
  const bars = chart.bars.map((b, i) => {
    const y = TOP + i * ROW;
    const w = Math.max(1, Math.round((b.percent / 100) * BAR_MAX * 10) / 10);
    return [
      `<text x="${LABEL_W - 12}" y="${y + 22}" text-anchor="end" font-size="16">${xml(truncate(b.label, 24))}</text>`,
      `<rect class="bar" data-party="${xml(b.label)}" data-percent="${b.percent}" x="${LABEL_W}" y="${y + 6}" width="${w}" height="24" rx="3" fill="#ff6a00"/>`,
      `<text x="${LABEL_W + w + 8}" y="${y + 24}" font-size="16" font-weight="bold">${xml(b.figure)}</text>`,
    ].join('');
  });
  // No words of the interface: one image serves every member's language (the reply's text carries the heading).
  const caption = `${truncate(chart.source.title, 80)} · ¶ ${chart.source.paragraph}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g fill="#222">${bars.join('')}</g>`,
    `<text x="16" y="${height - 18}" font-size="13" fill="#666">${xml(caption)}</text>`,
    `</svg>`,
  ].join('');
}

// resvg and the font are loaded on the first chart only: a process that draws none never pays for them.
const require = createRequire(import.meta.url);
let renderer: { renderAsync: typeof import('@resvg/resvg-js').renderAsync; font: string } | undefined;

/**
 * The SVG as PNG, drawn on libuv's thread pool: resvg reads the font (10 MB, it covers Chinese) on every call, which
 * takes a few hundred milliseconds that must not block the answers of others.
 */
export async function rasterize(svg: string): Promise<Uint8Array> {
  if (!renderer) {
    const { renderAsync } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
    const font = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
    renderer = { renderAsync, font };
  }
  const png = (
    await renderer.renderAsync(svg, {
      font: { fontFiles: [renderer.font], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    })
  ).asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** `Alibaba 48% · MegaFon 24% · …: Title, ¶ 5`: what the chart shows, in words (caption and alt text). */
export function chartCaption(chart: StakeChart, ui: UiLang): string {
  return `${chart.bars.map((b) => `${b.label} ${b.figure}`).join(' · ')}: ${chart.source.title}, ${t(ui, 'paragraph', { n: chart.source.paragraph })}`;
}

/** PNGs drawn or being drawn, by chart: /stake answers repeat. Bounded, forgotten all at once when full. */
const drawn = new Map<string, Promise<Uint8Array>>();
const DRAWN_MAX = 64;

function pngOf(chart: StakeChart): Promise<Uint8Array> {
  const key = JSON.stringify(chart);
  let png = drawn.get(key);
  if (!png) {
    if (drawn.size >= DRAWN_MAX) drawn.clear();
    png = rasterize(stakeChartSvg(chart));
    drawn.set(key, png);
    // A failed drawing is not kept: the next answer tries again.
    png.catch(() => {
      if (drawn.get(key) === png) drawn.delete(key);
    });
  }
  return png;
}

/** The reply with the chart attached (as `files[0]`, listed in `attachments`) and its caption under the text. */
export async function withChart(reply: CommandReply, chart: StakeChart, ui: UiLang): Promise<CommandReply> {
  const png = await pngOf(chart);
  const caption = chartCaption(chart, ui);
  const file: ReplyFile = {
    name: CHART_FILE,
    contentType: 'image/png',
    description: truncate(caption, MAX_ATTACHMENT_DESCRIPTION),
    data: png,
  };
  const line = `📊 ${escapeMarkdown(caption)}`;
  const content = reply.payload.content ?? '';
  const room = MAX_CONTENT - codePointLength(content) - 1;
  return {
    ...reply,
    payload: {
      ...reply.payload,
      ...(room > 20 ? { content: `${content}\n${truncate(line, room)}` } : {}),
      attachments: [{ id: 0, filename: CHART_FILE, description: file.description! }],
    },
    files: [file],
  };
}
