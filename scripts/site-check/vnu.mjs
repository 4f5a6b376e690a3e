// The Nu HTML checker (vnu-jar's vnu.jar, run by the system's Java) over
// every HTML page and SVG image of the site.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// vnu checks files and resolves to the list of error lines (empty: valid).
export function vnu(root, files) {
  const jar = require('vnu-jar'); // the module's value is the jar's path
  const args = ['-jar', String(jar), '--errors-only', '--format', 'gnu', '--also-check-svg', ...files];
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => reject(new Error(`vnu: start java: ${err.message}`)));
    child.on('close', (code) => {
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      if (code !== 0 && lines.length === 0) reject(new Error(`vnu: java exited ${code} with no output`));
      else resolve(lines);
    });
  });
}
