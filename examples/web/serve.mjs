// Serves the example app: its files, /magic-link (the page mailed sign-in links lead to),
// /config.js, which tells the app where Vigil is, and under /vendor the typed client's build
// (clients/typescript/dist, made by `npm run build` there or by ./mvnw verify) and openapi-fetch, which
// the pages load through an import map. No dependencies of its own.
//
//   VIGIL_URL=http://localhost:8080 PORT=5173 node examples/web/serve.mjs
//
// Vigil must allow the app's origin: vigil.cors.origins=http://localhost:5173, and for passkeys and
// sign-in links vigil.frontend-url=http://localhost:5173 (the passkeys' RP id and origin follow it).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const client = join(root, '../../clients/typescript');
const vendor = {
  '/vendor/openapi-fetch.js': join(client, 'node_modules/openapi-fetch/dist/index.mjs'),
};
const vigilUrl = process.env.VIGIL_URL ?? 'http://localhost:8080';
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const files = {
  '/': 'index.html', '/index.html': 'index.html', '/magic-link': 'magic-link.html',
  '/app.js': 'app.js', '/vigil.js': 'vigil.js', '/magic-link.js': 'magic-link.js', '/style.css': 'style.css',
};
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css' };
// The inline import maps are the only inline scripts: allowed by their hashes, nothing else inline.
const importMaps = ['index.html', 'magic-link.html']
  .map((page) => /<script type="importmap">([\s\S]*?)<\/script>/.exec(readFileSync(join(root, page), 'utf8'))[1])
  .map((map) => `'sha256-${createHash('sha256').update(map).digest('base64')}'`);
const security = {
  'Content-Security-Policy': `default-src 'self'; script-src 'self' ${[...new Set(importMaps)].join(' ')};`
    + ` connect-src 'self' ${new URL(vigilUrl).origin}; base-uri 'none'; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store',
};

const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://app').pathname;
  if (path === '/config.js') {
    response.writeHead(200, { ...security, 'Content-Type': types['.js'] });
    response.end(`window.VIGIL_URL = ${JSON.stringify(vigilUrl)};\n`);
    return;
  }
  const file = files[path] ? join(root, files[path]) : vendorFile(path);
  if (!file || request.method !== 'GET') {
    response.writeHead(404, { ...security, 'Content-Type': 'text/plain' });
    response.end('Not found\n');
    return;
  }
  response.writeHead(200, { ...security, 'Content-Type': types[extname(file)] });
  response.end(await readFile(file));
});

/** A file of the client's build or openapi-fetch's, or null. */
function vendorFile(path) {
  if (vendor[path]) {
    return vendor[path];
  }
  const prefix = '/vendor/vigil-client/';
  if (!path.startsWith(prefix) || !path.endsWith('.js')) {
    return null;
  }
  const dist = join(client, 'dist');
  const file = normalize(join(dist, path.slice(prefix.length)));
  return file.startsWith(dist + '/') ? file : null;
}

server.listen(port, host, () => console.log(`example app on http://${host === '127.0.0.1' ? 'localhost' : host}:${port}, Vigil at ${vigilUrl}`));
