import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';

test('AIMD: halves on rate limit (never below 1), grows by about one per round of successes, capped at max', () => {
  const limiter = new AdaptiveConcurrency({ initial: 8 });
  assert.equal(limiter.limit, 8);
  limiter.onRateLimit();
  assert.equal(limiter.limit, 4);
  limiter.onRateLimit();
  limiter.onRateLimit();
  limiter.onRateLimit();
  assert.equal(limiter.limit, 1);
  for (let i = 0; i < 1; i += 1) limiter.onSuccess();
  assert.equal(limiter.limit, 2);
  for (let i = 0; i < 100; i += 1) limiter.onSuccess();
  assert.equal(limiter.limit, 8, 'capped at the initial maximum');
});

test('never more calls in flight than the limit; waiters are served in order; abort while waiting rejects', async () => {
  const limiter = new AdaptiveConcurrency({ initial: 2 });
  const a = await limiter.acquire();
  const b = await limiter.acquire();
  const order: string[] = [];
  const c = limiter.acquire().then((release) => { order.push('c'); return release; });
  const d = limiter.acquire().then((release) => { order.push('d'); return release; });
  const controller = new AbortController();
  const e = limiter.acquire(controller.signal);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(limiter.inFlight, 2);
  assert.deepEqual(order, []);
  controller.abort(new Error('stop'));
  await assert.rejects(e, /stop/);
  a();
  a(); // releasing twice is harmless
  const releaseC = await c;
  assert.deepEqual(order, ['c']);
  assert.equal(limiter.inFlight, 2);
  b();
  const releaseD = await d;
  assert.deepEqual(order, ['c', 'd']);
  releaseC();
  releaseD();
  assert.equal(limiter.inFlight, 0);
});

test('a shrunk limit holds new callers back until calls finish', async () => {
  const limiter = new AdaptiveConcurrency({ initial: 4 });
  const held = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
  limiter.onRateLimit(); // limit 2, 3 in flight
  let admitted = false;
  const next = limiter.acquire().then((release) => { admitted = true; return release; });
  held[0]!();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(admitted, false, '2 still in flight = the limit');
  held[1]!();
  (await next)();
  assert.equal(admitted, true);
  held[2]!();
});
