// axe-core, injected into Debian's Chromium driven by playwright-core (no
// browser download): every page in light and dark colour schemes, at a
// desktop and a phone width. Also fails on requests to any other host and on
// script errors, and records what the home page loads for the byte budget.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';
export const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

const views = [
  { scheme: 'light', width: 1280, height: 900 },
  { scheme: 'dark', width: 1280, height: 900 },
  { scheme: 'light', width: 360, height: 740 },
  { scheme: 'dark', width: 360, height: 740 },
];

// audit resolves to { problems: [string], homeLoads: Set<pathname> }.
export async function audit(origin, pages) {
  const axePath = require.resolve('axe-core/axe.min.js');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  const problems = [];
  const homeLoads = new Set();
  // One page per audited URL; views switch in place (viewport and
  // prefers-color-scheme) so each URL loads once.
  const ctx = await browser.newContext();
  let current = '';
  await ctx.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/') || u.startsWith('data:')) return route.continue();
    problems.push(`${current}: request to another host: ${u}`);
    return route.abort();
  });
  try {
    for (const p of pages) {
      current = `${p.name} ${p.path}`;
      const page = await ctx.newPage();
      page.on('pageerror', (err) => problems.push(`${current}: script error: ${err.message}`));
      page.on('response', (r) => {
        if (p.name === 'home' && r.url().startsWith(origin + '/')) homeLoads.add(new URL(r.url()).pathname);
        if (r.status() >= 400) problems.push(`${current}: HTTP ${r.status()} for ${r.url()}`);
      });
      const resp = await page.goto(origin + p.path, { waitUntil: 'load' });
      if (!resp || resp.status() !== 200) {
        problems.push(`${current}: HTTP ${resp ? resp.status() : 'no response'}`);
        await page.close();
        continue;
      }
      await page.addScriptTag({ path: axePath });
      for (const v of views) {
        const where = `${current} (${v.scheme}, ${v.width}px)`;
        await page.setViewportSize({ width: v.width, height: v.height });
        await page.emulateMedia({ colorScheme: v.scheme });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        for (const x of result.violations) {
          const targets = x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          problems.push(`${where}: axe ${x.id} (${x.impact}): ${x.help} — ${x.nodes.length} node(s): ${targets}`);
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { problems, homeLoads };
}
