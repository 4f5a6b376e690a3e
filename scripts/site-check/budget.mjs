// The home page's weight: the bytes of its HTML and of every same-site file
// it pulls in (stylesheets, scripts, icons, images, and url()s inside the
// CSS), read from the built files, uncompressed.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const refs = [
  /<link\b[^>]*\brel="(?:stylesheet|icon|apple-touch-icon|preload|modulepreload|manifest)"[^>]*\bhref="([^"]+)"/g,
  /<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|icon|apple-touch-icon|preload|modulepreload|manifest)"/g,
  /<script\b[^>]*\bsrc="([^"]+)"/g,
  /<img\b[^>]*\bsrc="([^"]+)"/g,
];

// budget resolves to { total, files: [{ path, bytes }] }. loaded is a set of
// paths the browser fetched for the page, added to those found in the HTML.
export async function budget(root, prefix, loaded = new Set()) {
  const origin = 'http://site.invalid';
  const home = new URL(prefix, origin);
  const seen = new Set([prefix]);
  const queue = [prefix, ...loaded];
  const files = [];
  while (queue.length) {
    const p = queue.shift();
    if (files.some((f) => f.path === p)) continue;
    let file = path.join(root, decodeURIComponent(p.slice(prefix.length)));
    if (p.endsWith('/')) file = path.join(file, 'index.html');
    const st = await stat(file).catch(() => null);
    if (!st) throw new Error(`budget: ${p} is referenced but ${file} does not exist`);
    files.push({ path: p, bytes: st.size });
    const text = /\.(html|css)$/.test(file) ? await readFile(file, 'utf8') : '';
    const found = file.endsWith('.css')
      ? [...text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)].map((m) => m[1])
      : refs.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
    for (const ref of found) {
      if (ref.startsWith('data:')) continue;
      const u = new URL(ref.replaceAll('&amp;', '&'), new URL(p, origin));
      if (u.origin !== origin || !u.pathname.startsWith(home.pathname)) continue;
      if (!seen.has(u.pathname)) { seen.add(u.pathname); queue.push(u.pathname); }
    }
  }
  return { total: files.reduce((n, f) => n + f.bytes, 0), files };
}
