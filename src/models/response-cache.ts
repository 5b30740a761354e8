import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import Database from 'better-sqlite3';
import { contentHash } from '../core/canonical-json.js';
import { CACHE_HIT_METADATA_KEY } from '../harness/run-agent-loop.js';
import { applyMigrations } from '../store/migration.js';
import { migrations } from '../store/migrations/migrations.js';

/** What is kept of a reply: what the loop reads. Request and response bodies and headers are never stored. */
type CachedReply = Pick<LanguageModelV3GenerateResult, 'content' | 'finishReason' | 'usage' | 'warnings'> & { providerMetadata?: LanguageModelV3GenerateResult['providerMetadata'] };

/**
 * The key of one model request: sha256 of the model reference, the trial epoch (so repeats of a cell stay
 * independent samples) and everything in the request that shapes the reply (prompt, tools, tool choice,
 * sampling settings, provider options). The abort signal and headers are left out.
 */
export function responseCacheKey(modelRef: string, epoch: number, options: LanguageModelV3CallOptions): string {
  const { abortSignal: _signal, headers: _headers, includeRawChunks: _raw, ...request } = options;
  return contentHash({ modelRef, epoch, request });
}

/**
 * The response cache (`--cache`): the `response_cache` table of the result store's SQLite file (migration 002),
 * reached through its own connection so the store's code stays as it is.
 */
export class SqliteResponseCache {
  private constructor(private readonly db: Database.Database, private readonly now: () => Date) {}

  /** Opens the cache in the result store file at `path` (creating and migrating it if needed). */
  static open(path: string, options: { now?: () => Date } = {}): SqliteResponseCache {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const db = new Database(path, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      applyMigrations(db, migrations, path);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteResponseCache(db, options.now ?? (() => new Date()));
  }

  get(key: string): CachedReply | undefined {
    const row = this.db.prepare('SELECT response FROM response_cache WHERE key = ?').get(key) as { response: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.response) as CachedReply);
  }

  put(key: string, model: string, reply: LanguageModelV3GenerateResult): void {
    const kept: CachedReply = {
      content: reply.content,
      finishReason: reply.finishReason,
      usage: { inputTokens: reply.usage.inputTokens, outputTokens: reply.usage.outputTokens },
      warnings: reply.warnings,
      ...(reply.providerMetadata === undefined ? {} : { providerMetadata: reply.providerMetadata }),
    };
    this.db.prepare('INSERT OR REPLACE INTO response_cache (key, model, created_at, response) VALUES (?, ?, ?, ?)')
      .run(key, model, this.now().toISOString(), JSON.stringify(kept));
  }

  /** Number of cached replies. */
  size(): number {
    return this.db.prepare('SELECT COUNT(*) FROM response_cache').pluck().get() as number;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Serves replies from the cache when the same request was answered before at the same epoch, marking them
 * with provider metadata `peerguard.cacheHit` (the loop records the hit on the usage event, at cost 0);
 * otherwise calls `model` and stores its reply.
 */
export function createCachingModel(model: LanguageModelV3, options: { cache: SqliteResponseCache; modelRef: string; epoch: number }): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: async (callOptions) => {
      const key = responseCacheKey(options.modelRef, options.epoch, callOptions);
      const hit = options.cache.get(key);
      if (hit) {
        return { ...hit, providerMetadata: { ...hit.providerMetadata, [CACHE_HIT_METADATA_KEY]: { cacheHit: true } } };
      }
      const reply = await model.doGenerate(callOptions);
      options.cache.put(key, options.modelRef, reply);
      return reply;
    },
    doStream: (callOptions) => model.doStream(callOptions),
  };
}
