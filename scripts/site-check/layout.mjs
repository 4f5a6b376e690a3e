// Layout checks in Debian's Chromium, at a 390 px phone and 1280 px: the
// home, an incident, a component, the history and a history month. Each
// page must not scroll sideways, the header must be as tall on every page
// (it must not jump from one row to two between pages), no word of a
// table cell in incident text may break across lines, and in every list
// of components each state must sit on its name's line, its right edge
// in line with the others (the state column). Screenshots of each go to
// shotsDir when given.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { chromiumPath, chromiumFlags } from './axe.mjs';

const widths = [390, 1280];

// layout resolves to { problems: [string], checked: string }. pages are
// { name, path } under origin.
export async function layout(origin, pages, shotsDir = '') {
  const problems = [];
  const heights = {};
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  if (shotsDir) await mkdir(shotsDir, { recursive: true });
  try {
    for (const width of widths) {
      const ctx = await browser.newContext({ viewport: { width, height: 900 } });
      for (const p of pages) {
        const where = `${p.name} ${p.path} at ${width} px`;
        const page = await ctx.newPage();
        page.on('pageerror', (err) => problems.push(`${where}: script error: ${err.message}`));
        await page.goto(origin + p.path, { waitUntil: 'load' });
        const seen = await page.evaluate(() => {
          const doc = document.documentElement;
          const wide = [...document.querySelectorAll('main *')]
            .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 0.5 && !el.closest('.md table, .md pre, .visually-hidden, .bars li > span'))
            .slice(0, 3).map((el) => `<${el.localName}${el.className ? ` class="${el.className}"` : ''}> ${Math.round(el.getBoundingClientRect().right)} px`);
          const header = document.querySelector('header.site');
          const lists = [...document.querySelectorAll('ul.components')].map((ul) =>
            [...ul.children].map((li) => {
              const name = li.querySelector(':scope > a');
              const state = li.querySelector(':scope > .state, :scope > span > .state');
              if (!name || !state) return null;
              const n = name.getBoundingClientRect();
              const s = (li.querySelector(':scope > span:not(.state):not(.ends):not(.uptime)') || state).getBoundingClientRect();
              return { name: name.textContent, right: s.right, sameLine: s.top < n.bottom && n.top < s.bottom };
            }).filter(Boolean));
          // A table in incident text scrolls sideways rather than break
          // a word of a cell across lines ("Ti/me").
          const broken = [...document.querySelectorAll('.md th, .md td')].filter((cell) => {
            const words = cell.textContent.trim();
            if (!words || /\s/.test(words)) return false;
            const r = document.createRange();
            r.selectNodeContents(cell);
            return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
          }).map((cell) => cell.textContent.trim()).slice(0, 3);
          return { scroll: doc.scrollWidth, client: doc.clientWidth, wide, header: header ? header.getBoundingClientRect().height : -1, lists, broken };
        });
        if (seen.scroll > seen.client) problems.push(`${where}: scrolls sideways: ${seen.scroll} px wide in ${seen.client} (${seen.wide.join(', ') || 'no element of main'})`);
        (heights[width] ||= []).push({ where, h: seen.header });
        for (const w of seen.broken) problems.push(`${where}: a table cell breaks the word "${w}" across lines`);
        for (const list of seen.lists) {
          for (const row of list) {
            if (!row.sameLine) problems.push(`${where}: the state of "${row.name}" is not on its name's line`);
            if (Math.abs(row.right - list[0].right) > 1) problems.push(`${where}: the state of "${row.name}" ends at ${Math.round(row.right)} px, "${list[0].name}"'s at ${Math.round(list[0].right)} px`);
          }
        }
        if (shotsDir) await page.screenshot({ path: path.join(shotsDir, `${p.name.replace(/\W+/g, '-')}-${width}.png`), fullPage: true });
        await page.close();
      }
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
  for (const [width, hs] of Object.entries(heights)) {
    for (const x of hs) {
      if (Math.abs(x.h - hs[0].h) > 0.5) problems.push(`header at ${width} px: ${x.h} px on ${x.where}, ${hs[0].h} px on ${hs[0].where}`);
    }
  }
  const summary = Object.entries(heights).map(([w, hs]) => `header ${hs[0].h} px at ${w} px`).join(', ');
  return { problems, checked: `${pages.length} pages at ${widths.join(' and ')} px (${summary})` };
}
