// A static file server for a built site, mounted at a path: the path of its
// base_url as it is published (https://host/buoy/ is served as
// http://127.0.0.1:port/buoy/), or "/" as a plain preview server would.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// serve starts the server on 127.0.0.1 and an ephemeral port; it resolves
// to { origin, close }. headers are added to every answer (as a host's
// Access-Control-Allow-Origin).
export async function serve(root, prefix, headers = {}) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel = decodeURIComponent(url.pathname);
      if (!rel.startsWith(prefix)) return notFound(res, root);
      rel = rel.slice(prefix.length);
      let file = path.join(root, rel);
      // path.join normalises "..": refuse anything that left the root.
      if (file !== root && !file.startsWith(root + path.sep)) return notFound(res, root);
      let st = await stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) return notFound(res, root);
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'content-length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function notFound(res, root) {
  const body = await readFile(path.join(root, '404.html')).catch(() => Buffer.from('not found'));
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}
