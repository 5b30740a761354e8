import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cohenKappa } from './cohen-kappa.js';

const repeat = (pair: readonly [string, string], times: number): Array<readonly [string, string]> => Array.from({ length: times }, () => pair);

describe('cohenKappa', () => {
  it('matches the hand-computed 2×2 table (20, 5, 10, 15)', () => {
    const result = cohenKappa([...repeat(['yes', 'yes'], 20), ...repeat(['yes', 'no'], 5), ...repeat(['no', 'yes'], 10), ...repeat(['no', 'no'], 15)]);
    assert.equal(result.n, 50);
    assert.equal(result.agreements, 35);
    assert.ok(Math.abs(result.observed! - 0.7) < 1e-12);
    assert.ok(Math.abs(result.expected! - 0.5) < 1e-12);
    assert.ok(Math.abs(result.kappa! - 0.4) < 1e-12);
    // By hand: Σ diag = 0.4·0.34² + 0.3·0.46² = 0.10972; off = 0.36·(0.1·1.1² + 0.2·0.9²) = 0.10188; (κ − pₑ(1−κ))² = 0.01;
    // Var = 0.2016 / (50 · 0.25) = 0.016128.
    assert.ok(Math.abs(result.standardError! - Math.sqrt(0.016128)) < 1e-12);
    assert.ok(Math.abs(result.low! - 0.15109) < 1e-4 && Math.abs(result.high! - 0.64891) < 1e-4);
    assert.deepEqual(result.categories, ['no', 'yes']);
    assert.deepEqual(result.table, [[15, 10], [5, 20]]);
  });

  it('perfect agreement is κ = 1 with SE 0; systematic disagreement is negative', () => {
    const perfect = cohenKappa([...repeat(['a', 'a'], 3), ...repeat(['b', 'b'], 2)]);
    assert.equal(perfect.kappa, 1);
    assert.equal(perfect.standardError, 0);
    const opposite = cohenKappa([...repeat(['yes', 'no'], 5), ...repeat(['no', 'yes'], 5)]);
    assert.equal(opposite.kappa, -1);
  });

  it('three categories (hand-computed): pₒ = 0.6, pₑ = 0.32, κ = 0.4118', () => {
    // A\B: a: [2,1,0]  b: [1,2,0]  c: [0,2,2]  (n = 10)
    const pairs: Array<readonly [string, string]> = [
      ...repeat(['a', 'a'], 2), ...repeat(['a', 'b'], 1), ...repeat(['b', 'a'], 1), ...repeat(['b', 'b'], 2), ...repeat(['c', 'b'], 2), ...repeat(['c', 'c'], 2),
    ];
    const result = cohenKappa(pairs);
    // rows .3 .3 .4, columns .3 .5 .2 → pₑ = .09 + .15 + .08 = .32
    assert.ok(Math.abs(result.expected! - 0.32) < 1e-12);
    assert.ok(Math.abs(result.kappa! - (0.6 - 0.32) / 0.68) < 1e-12);
  });

  it('undefined when nothing was rated or both raters are constant and equal', () => {
    assert.equal(cohenKappa([]).kappa, null);
    const constant = cohenKappa(repeat(['yes', 'yes'], 4));
    assert.deepEqual([constant.observed, constant.kappa, constant.low], [1, null, null]);
  });
});
