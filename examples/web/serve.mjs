// Serves the example app: its files, /magic-link (the page mailed sign-in links lead to) and
// /config.js, which tells the app where Vigil is. No dependencies.
//
//   VIGIL_URL=http://localhost:8080 PORT=5173 node examples/web/serve.mjs
//
// Vigil must allow the app's origin: vigil.cors.origins=http://localhost:5173, and for passkeys and
// sign-in links vigil.frontend-url=http://localhost:5173 (the passkeys' RP id and origin follow it).

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const vigilUrl = process.env.VIGIL_URL ?? 'http://localhost:8080';
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const files = {
  '/': 'index.html', '/index.html': 'index.html', '/magic-link': 'magic-link.html',
  '/app.js': 'app.js', '/vigil.js': 'vigil.js', '/magic-link.js': 'magic-link.js', '/style.css': 'style.css',
};
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };
const security = {
  'Content-Security-Policy': `default-src 'self'; connect-src 'self' ${new URL(vigilUrl).origin}; base-uri 'none'; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store',
};

const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://app').pathname;
  if (path === '/config.js') {
    response.writeHead(200, { ...security, 'Content-Type': types['.js'] });
    response.end(`window.VIGIL_URL = ${JSON.stringify(vigilUrl)};\n`);
    return;
  }
  const file = files[path];
  if (!file || request.method !== 'GET') {
    response.writeHead(404, { ...security, 'Content-Type': 'text/plain' });
    response.end('Not found\n');
    return;
  }
  response.writeHead(200, { ...security, 'Content-Type': types[extname(file)] });
  response.end(await readFile(join(root, file)));
});

server.listen(port, host, () => console.log(`example app on http://${host === '127.0.0.1' ? 'localhost' : host}:${port}, Vigil at ${vigilUrl}`));
