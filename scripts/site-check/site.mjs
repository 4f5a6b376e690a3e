// What the checks need to know about a built site: the path it is mounted
// at, the pages to drive in a browser, and every file the Nu checker reads.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

// prefixOf reads the canonical link of the home page: the path the site is
// published at, where the checks serve it as a host would (its 404.html
// links root-relative under that path).
export async function prefixOf(root) {
  const html = await readFile(path.join(root, 'index.html'), 'utf8');
  const m = html.match(/<link rel="canonical" href="([^"]+)"/);
  if (!m) throw new Error(`${root}/index.html: no <link rel="canonical">, cannot tell the site's path`);
  let p = new URL(m[1]).pathname;
  if (!p.endsWith('/')) p += '/';
  return p;
}

// walk lists every file under root, relative to it, sorted.
export async function walk(root, dir = '') {
  const out = [];
  for (const e of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(root, rel)));
    else out.push(rel);
  }
  return out.sort();
}

// largestPage picks, among section/*/index.html, the biggest page: it
// carries the most markup (full timeline, postmortem), so it finds the most.
async function largestPage(root, section) {
  let best = null;
  const dir = path.join(root, section);
  const names = await readdir(dir).catch(() => []);
  for (const name of names.sort()) {
    const st = await stat(path.join(dir, name, 'index.html')).catch(() => null);
    if (st && (!best || st.size > best.size)) best = { name, size: st.size };
  }
  return best && `${section}/${best.name}/`;
}

// otherLanguage finds a language other than the home page's own in its
// hreflang alternates, preferring French; null when the site has one
// language.
function otherLanguage(homeHtml, prefix) {
  const own = (homeHtml.match(/<html lang="([^"]+)"/) || [])[1];
  const alts = [...homeHtml.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)]
    .map(([, lang, href]) => ({ lang, path: new URL(href).pathname }))
    .filter((a) => a.lang !== 'x-default' && a.lang !== own && a.path.startsWith(prefix));
  return alts.find((a) => a.lang === 'fr') || alts[0] || null;
}

// pages returns the pages to audit as { name, path } with paths under prefix.
export async function pages(root, prefix) {
  const home = await readFile(path.join(root, 'index.html'), 'utf8');
  const out = [{ name: 'home', path: prefix }];
  const notes = [];
  for (const [name, section] of [['incident', 'incidents'], ['component', 'components'], ['history month', 'history']]) {
    const rel = await largestPage(root, section);
    if (rel) out.push({ name, path: prefix + rel });
    else notes.push(`no ${name} page (nothing under ${section}/)`);
  }
  const lang = otherLanguage(home, prefix);
  if (lang) out.push({ name: `home (${lang.lang})`, path: lang.path });
  else notes.push('no non-default language page: the home page links no other hreflang');
  return { pages: out, notes };
}
