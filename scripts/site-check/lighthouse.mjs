// Lighthouse (its CLI, on Debian's Chromium through CHROME_PATH) on one
// page: the mobile defaults, which throttle the most.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath, chromiumFlags } from './axe.mjs';

const require = createRequire(import.meta.url);
export const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

// lighthouse resolves to { scores: {category: 0..100}, failing: [string] }
// where failing lists the audits that kept a category under 100.
export async function lighthouse(url) {
  const cli = path.join(path.dirname(require.resolve('lighthouse/package.json')), 'cli', 'index.js');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'buoy-lh-'));
  const out = path.join(dir, 'report.json');
  try {
    const args = [cli, url, '--quiet', '--output=json', `--output-path=${out}`,
      `--only-categories=${categories.join(',')}`,
      `--chrome-flags=--headless ${chromiumFlags.join(' ')}`];
    const log = await run(process.execPath, args, { ...process.env, CHROME_PATH: chromiumPath });
    const report = JSON.parse(await readFile(out, 'utf8').catch(() => {
      throw new Error(`lighthouse wrote no report:\n${log}`);
    }));
    if (report.runtimeError) throw new Error(`lighthouse: ${report.runtimeError.code}: ${report.runtimeError.message}`);
    const scores = {};
    const failing = [];
    for (const id of categories) {
      const cat = report.categories[id];
      scores[id] = Math.round(cat.score * 100);
      for (const ref of cat.auditRefs) {
        const a = report.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) {
          failing.push(`${id}: ${a.id} (${a.score}): ${a.title}${a.displayValue ? ' — ' + a.displayValue : ''}`);
        }
      }
    }
    return { scores, failing };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(log) : reject(new Error(`lighthouse exited ${code}:\n${log}`))));
  });
}
