// The site the way a newcomer previews it, in Debian's Chromium through
// playwright-core: public/index.html opened from disk (file://), public/
// served at the root of a plain static server (as `python3 -m http.server`
// does), and served at base_url's path as it is published. On each page it
// fails on any request that fails, a page the theme's stylesheet did not
// style, and any link, stylesheet, icon, image or script whose target is
// not a file of the site (a folder is no target: from disk it shows a
// listing, and some hosts none). A page not found is checked where hosts
// serve it: at base_url's path, at any depth.
import { chromium } from 'playwright-core';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumPath, chromiumFlags } from './axe.mjs';
import { pages as pickPages } from './site.mjs';
import { serve } from './serve.mjs';

// previewPages is what to open, as folders of the site ('' is the home
// page): those axe audits, the history and another language's incident.
async function previewPages(root, prefix) {
  const { pages } = await pickPages(root, prefix);
  const rels = pages.map((p) => p.path.slice(prefix.length));
  rels.push('history/');
  const incident = rels.find((r) => r.startsWith('incidents/'));
  const lang = pages.find((p) => p.name.startsWith('home ('));
  if (incident && lang) rels.push(lang.path.slice(prefix.length) + incident);
  return [...new Set(rels)];
}

// preview resolves to { problems: [string], checked: string }. baseOrigin
// serves root at prefix.
export async function preview(root, prefix, baseOrigin) {
  const rels = await previewPages(root, prefix);
  const rootServer = await serve(root, '/');
  const modes = [
    { name: 'file', mount: pathToFileURL(root + path.sep).href, page: (rel) => pathToFileURL(path.join(root, rel, 'index.html')).href },
    { name: 'root', mount: `${rootServer.origin}/`, page: (rel) => `${rootServer.origin}/${rel}` },
    { name: 'base', mount: `${baseOrigin}${prefix}`, page: (rel) => `${baseOrigin}${prefix}${rel}` },
  ];
  const problems = [];
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  let loads = 0;
  let links = 0;
  try {
    for (const mode of modes) {
      const ctx = await browser.newContext();
      // Nothing but the site itself: the check must not pass by reaching
      // the published site.
      await ctx.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(mode.mount) || u.startsWith('data:')) return route.continue();
        problems.push(`${mode.name}: request outside the site: ${u}`);
        return route.abort();
      });
      const targets = rels.map((rel) => ({ url: mode.page(rel), status: 200 }));
      // Two folders deep, where no page is: the host answers with 404.html.
      if (mode.name === 'base') targets.push({ url: `${mode.mount}no/such/page/`, status: 404 });
      for (const t of targets) {
        const where = `${mode.name} ${t.url}`;
        const page = await ctx.newPage();
        page.on('requestfailed', (r) => problems.push(`${where}: ${r.url()}: ${r.failure()?.errorText}`));
        page.on('response', (r) => {
          if (r.status() >= 400 && r.url() !== t.url) problems.push(`${where}: HTTP ${r.status()} for ${r.url()}`);
        });
        page.on('pageerror', (err) => problems.push(`${where}: script error: ${err.message}`));
        const resp = await page.goto(t.url, { waitUntil: 'load' });
        loads++;
        if (mode.name !== 'file' && (!resp || resp.status() !== t.status)) {
          problems.push(`${where}: HTTP ${resp ? resp.status() : 'no response'}, want ${t.status}`);
        }
        const seen = await page.evaluate(() => {
          const sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')];
          const main = document.querySelector('main');
          const urls = [];
          for (const el of document.querySelectorAll('[href], [src]')) {
            const rel = el.getAttribute('rel') || '';
            // The head's canonical and alternate links are absolute on purpose.
            const absolute = el.localName === 'link' && /\b(canonical|alternate)\b/.test(rel);
            if ((el.getAttribute('href') || '').startsWith('#')) continue; // this page
            for (const u of [el.href, el.src]) if (typeof u === 'string' && u) urls.push({ tag: el.localName, rel, raw: el.getAttribute('href') || el.getAttribute('src'), u, absolute });
          }
          return {
            sheets: sheets.length,
            loaded: sheets.filter((s) => s.sheet).length,
            // Unstyled, a body has a margin and main no maximum width.
            margin: getComputedStyle(document.body).marginTop,
            maxWidth: main ? getComputedStyle(main).maxWidth : 'no <main>',
            urls,
          };
        });
        if (seen.sheets === 0 || seen.loaded !== seen.sheets || seen.margin !== '0px' || seen.maxWidth === 'none') {
          problems.push(`${where}: unstyled: ${seen.loaded} of ${seen.sheets} stylesheets loaded, body margin ${seen.margin}, main max-width ${seen.maxWidth}`);
        }
        for (const l of seen.urls) {
          const why = await missing(root, mode, l);
          links++;
          if (why) problems.push(`${where}: <${l.tag}${l.rel ? ` rel=${l.rel}` : ''}> ${l.raw}: ${why}`);
        }
        await page.close();
      }
      await ctx.close();
    }
  } finally {
    await browser.close();
    await rootServer.close();
  }
  return { problems, checked: `${rels.length} pages (${rels.map((r) => r || 'home').join(', ')}) from disk, served at / and at ${prefix}, and a page not found: ${loads} loads, ${links} links` };
}

// missing says why a URL a page uses names no file of the site, or ''.
async function missing(root, mode, l) {
  const u = new URL(l.u);
  u.hash = '';
  u.search = '';
  if (!u.href.startsWith(mode.mount)) {
    // Another site is fine; anything else beside the site is not.
    const beside = u.protocol === 'file:' || u.origin === new URL(mode.mount).origin;
    return beside && !l.absolute ? 'outside the site' : '';
  }
  const rel = decodeURIComponent(u.href.slice(mode.mount.length));
  if (rel === '' || rel.endsWith('/')) return 'names a folder, not a file';
  const file = mode.name === 'file' ? fileURLToPath(u) : path.join(root, rel);
  const st = await stat(file).catch(() => null);
  if (!st) return 'no such file';
  if (!st.isFile()) return 'names a folder, not a file';
  return '';
}
