// The preview server: serves only files under the output folder (encoded "..", NUL bytes and
// symlinks leading out are refused), with correct content types and the site's 404.html, and
// injects the live-reload client into HTML responses.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { CLIENT_PATH, CLIENT_SCRIPT, EVENTS_PATH } from './client.js';
import { isInside } from '../paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export interface PreviewServer {
  readonly url: string;
  /** Tells every open tab about a finished build (changed site URLs) or a failed one. */
  broadcast(event: 'built' | 'build-error', data: object): void;
  close(): Promise<void>;
}

export async function startServer(outDir: string, basePath: string, host: string, port: number): Promise<PreviewServer> {
  const root = path.resolve(outDir);
  const clients = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === CLIENT_PATH) {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' }).end(CLIENT_SCRIPT);
      return;
    }
    if (basePath !== '/' && url.pathname === '/') {
      res.writeHead(302, { location: basePath }).end();
      return;
    }
    const file = await resolveFile(root, basePath, url.pathname);
    if (!file) return send(res, req, path.join(root, '404.html'), 404);
    return send(res, req, file, 200);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actualPort}${basePath}`,
    broadcast(event, data) {
      const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const c of clients) c.write(message);
    },
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The file under `root` that a URL path names, or null; never anything outside `root`. */
export async function resolveFile(root: string, basePath: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || !decoded.startsWith(basePath)) return null;
  const rel = decoded.slice(basePath.length);
  let file = path.resolve(root, `.${path.sep}${rel}`);
  if (!isInside(root, file)) return null;
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    // A symlink inside dist/ may still point elsewhere: compare real paths.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    return isInside(realRoot, realFile) ? file : null;
  } catch {
    return null;
  }
}

async function send(res: ServerResponse, req: IncomingMessage, file: string, status: number): Promise<void> {
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers = { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (type.startsWith('text/html')) {
    let html: string;
    try {
      html = await readFile(file, 'utf8');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const tag = `<script src="${CLIENT_PATH}"></script>`;
    const end = html.lastIndexOf('</body>');
    const body = end === -1 ? html + tag : `${html.slice(0, end)}${tag}\n${html.slice(end)}`;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.end()).pipe(res);
}
