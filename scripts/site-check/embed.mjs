// embed.js and embed.html as another site uses them: a page on another
// loopback origin (another port) includes the built site's embed.js with
// one <script> tag and frames its embed.html. The site is served with
// Access-Control-Allow-Origin: *, as GitHub Pages does. With an incident
// or maintenance going on (per the site's api/v2/summary.json) the notice
// must show, name it, be a labelled region with a labelled button, and go
// away for good (the session) when dismissed; with none, nothing shows.
// Any console error or script error fails.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, chromiumFlags } from './axe.mjs';
import { prefixOf } from './site.mjs';
import { serve } from './serve.mjs';

// ongoing lists the names of what the summary says is going on.
async function ongoing(root) {
  const s = JSON.parse(await readFile(path.join(root, 'api/v2/summary.json'), 'utf8'));
  return [
    ...s.incidents.filter((i) => i.status !== 'resolved' && i.status !== 'postmortem'),
    ...s.scheduled_maintenances.filter((m) => m.status === 'in_progress'),
  ].map((i) => i.name);
}

// embed resolves to { problems, checked } for each site root.
export async function embed(roots) {
  const problems = [];
  const checked = [];
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    for (const root of roots) {
      const prefix = await prefixOf(root);
      const site = await serve(root, prefix, { 'access-control-allow-origin': '*' });
      const base = `${site.origin}${prefix}`;
      const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Another site</title><body><h1>Another site</h1><script src="${base}embed.js" async></script><p>Its own text.</p><iframe src="${base}embed.html" title="Service status" style="border:0;width:100%;height:4em"></iframe></body></html>`;
      const other = createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(html); });
      await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
      const host = `http://127.0.0.1:${other.address().port}/`;
      const names = await ongoing(root);
      const where = `${path.basename(root)} (${names.length ? names.join(', ') : 'all well'}) from ${host}`;
      try {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        page.on('console', (m) => { if (m.type() === 'error') problems.push(`${where}: console error: ${m.text()}`); });
        page.on('pageerror', (err) => problems.push(`${where}: script error: ${err.message}`));
        const notice = () => page.evaluate(() => {
          for (const el of document.querySelectorAll('body > *')) {
            const box = el.shadowRoot && el.shadowRoot.querySelector('section');
            if (box) {
              const button = box.querySelector('button');
              return { label: box.getAttribute('aria-label'), text: box.textContent, links: [...box.querySelectorAll('a')].map((a) => a.href), button: button && button.getAttribute('aria-label'), before: el.nextElementSibling && el.nextElementSibling.localName };
            }
          }
          return null;
        });
        const load = async () => {
          const summary = page.waitForResponse((r) => r.url().endsWith('/api/v2/summary.json'));
          await page.goto(host, { waitUntil: 'load' });
          const r = await summary;
          if (r.status() !== 200) problems.push(`${where}: summary.json: HTTP ${r.status()}`);
          if (names.length) await page.waitForFunction(() => [...document.querySelectorAll('body > *')].some((el) => el.shadowRoot), null, { timeout: 10_000 }).catch(() => {});
          // With nothing going on, let the script's promise chain settle.
          else await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
          return notice();
        };
        const n = await load();
        const frame = page.frames().find((f) => f.url().endsWith('/embed.html'));
        const framed = frame ? await frame.evaluate(() => document.body.textContent.trim()) : null;
        if (frame === undefined) problems.push(`${where}: no embed.html frame`);
        if (!names.length) {
          if (n) problems.push(`${where}: a notice with nothing going on: ${n.text}`);
          if (framed) problems.push(`${where}: embed.html shows "${framed}" with nothing going on`);
        } else {
          if (!n) problems.push(`${where}: no notice`);
          else {
            for (const name of names) if (!n.text.includes(name)) problems.push(`${where}: the notice does not name "${name}": ${n.text}`);
            if (!n.label) problems.push(`${where}: the notice has no aria-label`);
            if (!n.button) problems.push(`${where}: the dismiss button has no aria-label`);
            if (n.before !== 'script') problems.push(`${where}: the notice is not where the script is (before <${n.before}>)`);
            await page.evaluate(() => [...document.querySelectorAll('body > *')].find((el) => el.shadowRoot).shadowRoot.querySelector('button').click());
            if (await notice()) problems.push(`${where}: the notice stays after dismissing it`);
            if (await load()) problems.push(`${where}: a dismissed notice is back after a reload`);
          }
          for (const name of names) if (!framed || !framed.includes(name)) problems.push(`${where}: embed.html does not name "${name}": ${framed}`);
        }
        checked.push(`${where}: ${n ? 'notice' : 'no notice'}`);
        await ctx.close();
      } finally {
        await new Promise((resolve) => other.close(resolve));
        await site.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { problems, checked: checked.join('; ') };
}
