// Screenshots of a built site's home page for the README: node
// screenshots.mjs <site-dir> <out-dir>. Light and dark (prefers-color-scheme)
// at a desktop and a 360 px phone width, in Debian's Chromium.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { prefixOf } from './site.mjs';
import { serve } from './serve.mjs';
import { chromiumPath, chromiumFlags } from './axe.mjs';

const [siteArg, outArg] = process.argv.slice(2);
if (!siteArg || !outArg) {
  console.error('usage: node screenshots.mjs <built-site-dir> <out-dir>');
  process.exit(2);
}
const root = path.resolve(siteArg);
const out = path.resolve(outArg);

const shots = [
  { name: 'home-desktop-light', scheme: 'light', width: 1024, height: 720, scale: 1 },
  { name: 'home-desktop-dark', scheme: 'dark', width: 1024, height: 720, scale: 1 },
  // Phones draw at 2x or more: at 1x the 90 day bars alias.
  { name: 'home-phone-light', scheme: 'light', width: 360, height: 720, scale: 2 },
  { name: 'home-phone-dark', scheme: 'dark', width: 360, height: 720, scale: 2 },
];

const prefix = await prefixOf(root);
const server = await serve(root, prefix);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
try {
  for (const s of shots) {
    const ctx = await browser.newContext({
      colorScheme: s.scheme, viewport: { width: s.width, height: s.height }, deviceScaleFactor: s.scale,
    });
    const page = await ctx.newPage();
    await page.goto(server.origin + prefix, { waitUntil: 'load' });
    const file = path.join(out, `${s.name}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshots: ${file}`);
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
