import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { chatCallOptions, chatCompletion, chatCompletionChunks, chatHelperResult, chatRequestSchema } from './openai-chat-wire.js';
import { geminiCallOptions, geminiHelperResponse, geminiRequestSchema, geminiResponse } from './gemini-wire.js';

/** The model name OpenCode is told to use for its helper calls (titles); those never reach the model under test. */
export const HELPER_MODEL = 'peerguard-helper';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** One exchange through the proxy, for the proxy log kept beside the transcript. */
export interface ProxyLogEntry {
  at: string;
  method: string;
  path: string;
  /** `agent` (forwarded to the model), `helper` (answered by the proxy), `rejected` (bad key, bad request, unknown path). */
  kind: 'agent' | 'helper' | 'rejected';
  status: number;
  request?: unknown;
  response?: unknown;
  error?: string;
}

/** A running proxy. */
export interface ModelProxy {
  /** `http://127.0.0.1:PORT` when listening on TCP; the socket path otherwise. */
  address: string;
  /** The run-scoped dummy key the CLI must present (`x-goog-api-key` / `Authorization: Bearer`). */
  apiKey: string;
  close(): Promise<void>;
}

/** A fresh random key for one trial: the only credential the CLI ever holds. */
export function runScopedKey(): string {
  return `pg-run-${randomBytes(18).toString('hex')}`;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function keyMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    signal.throwIfAborted();
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a model proxy on 127.0.0.1 (an ephemeral port) or on a unix socket (`socketPath`, bridged into a
 * sandbox without network). It speaks the Gemini API (`POST /v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:countTokens`) and OpenAI chat completions (`POST /v1/chat/completions`, streamed
 * or not; `GET /v1/models`), translates each agent request into LanguageModelV3 call options and hands it to
 * `serve` (which calls whichever peerguard model runs the trial). The CLI's helper calls (Gemini CLI's routing and
 * next-speaker checks: requests without tools; OpenCode's titles: the helper model) are answered here. Requests
 * without the run-scoped key get 401. Everything is logged through `log` (the caller keeps secrets out: the proxy
 * only ever sees the dummy key).
 */
export async function startModelProxy(options: {
  apiKey: string;
  serve: (call: LanguageModelV3CallOptions) => Promise<LanguageModelV3GenerateResult>;
  log: (entry: ProxyLogEntry) => void;
  socketPath?: string;
  signal?: AbortSignal;
}): Promise<ModelProxy> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  let counter = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const entry: ProxyLogEntry = { at: new Date().toISOString(), method: req.method ?? '', path: url.pathname, kind: 'rejected', status: 0 };
    const finish = (status: number, body: unknown): void => {
      entry.status = status;
      entry.response = body;
      options.log(entry);
    };
    try {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const googKey = (req.headers['x-goog-api-key'] as string | undefined) ?? url.searchParams.get('key') ?? undefined;
      if (!keyMatches(bearer, options.apiKey) && !keyMatches(googKey, options.apiKey)) {
        const body = { error: { code: 401, message: 'peerguard proxy: invalid API key', status: 'UNAUTHENTICATED' } };
        send(res, 401, body);
        return finish(401, body);
      }
      if (req.method === 'GET' && url.pathname === '/v1/models') {
        const body = { object: 'list', data: [{ id: 'agent', object: 'model', owned_by: 'peerguard' }, { id: HELPER_MODEL, object: 'model', owned_by: 'peerguard' }] };
        send(res, 200, body);
        entry.kind = 'helper';
        return finish(200, body);
      }
      const gemini = /^\/v1(?:beta|alpha|)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(url.pathname);
      if (req.method !== 'POST' || (!gemini && url.pathname !== '/v1/chat/completions' && url.pathname !== '/chat/completions')) {
        const body = { error: { code: 404, message: `peerguard proxy: no route for ${req.method} ${url.pathname}` } };
        send(res, 404, body);
        return finish(404, body);
      }
      const raw = await readBody(req, signal);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        const body = { error: { code: 400, message: 'peerguard proxy: the body is not JSON' } };
        send(res, 400, body);
        return finish(400, body);
      }
      entry.request = json;
      if (gemini) {
        const [, model = 'model', method] = gemini;
        const parsed = geminiRequestSchema.safeParse(json);
        if (!parsed.success) {
          const body = { error: { code: 400, message: `peerguard proxy: malformed Gemini request: ${parsed.error.issues[0]?.message ?? ''}` } };
          send(res, 400, body);
          return finish(400, body);
        }
        if (method === 'countTokens') {
          const body = { totalTokens: Math.ceil(raw.length / 4) };
          entry.kind = 'helper';
          send(res, 200, body);
          return finish(200, body);
        }
        const helper = (parsed.data.tools ?? []).every((tool) => (tool.functionDeclarations ?? []).length === 0);
        entry.kind = helper ? 'helper' : 'agent';
        const body = helper ? geminiHelperResponse(parsed.data) : geminiResponse(await options.serve(geminiCallOptions(parsed.data, signal)), model);
        if (method === 'streamGenerateContent') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.end(`data: ${JSON.stringify(body)}\n\n`);
        } else {
          send(res, 200, body);
        }
        return finish(200, body);
      }
      const parsed = chatRequestSchema.safeParse(json);
      if (!parsed.success) {
        const body = { error: { message: `peerguard proxy: malformed chat request: ${parsed.error.issues[0]?.message ?? ''}`, type: 'invalid_request_error' } };
        send(res, 400, body);
        return finish(400, body);
      }
      const helper = parsed.data.model === HELPER_MODEL || (parsed.data.tools ?? []).length === 0;
      entry.kind = helper ? 'helper' : 'agent';
      const result = helper ? chatHelperResult() : await options.serve(chatCallOptions(parsed.data, signal));
      counter += 1;
      const id = `chatcmpl-peerguard-${counter}`;
      if (parsed.data.stream === true) {
        const chunks = chatCompletionChunks(result, parsed.data.model, id);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(`${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`);
        return finish(200, chunks);
      }
      const body = chatCompletion(result, parsed.data.model, id);
      send(res, 200, body);
      return finish(200, body);
    } catch (error) {
      entry.error = (error as Error).message;
      const body = { error: { code: 500, message: `peerguard proxy: the model call failed: ${(error as Error).message}`, status: 'INTERNAL' } };
      if (!res.headersSent) send(res, 500, body);
      else res.end();
      return finish(500, body);
    }
  };
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.socketPath !== undefined) server.listen(options.socketPath, () => resolve());
    else server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = options.socketPath ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address,
    apiKey: options.apiKey,
    close: () => new Promise<void>((resolve) => {
      controller.abort();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
