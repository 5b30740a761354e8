import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../../core/seeded-random.js';
import type { Cell, Family } from '../../records/cell.js';
import type { FindingOutcome } from '../../records/finding.js';
import type { TrialVerdicts } from '../../records/trial-verdicts.js';
import { emptyCount, type GroupCount, type GroupFilter, type GroupKey } from './group-count.js';
import { ObservationCounts } from './observation-counts.js';
import { PAPER_OBSERVATIONS, type PaperObservationName } from './paper-observations.js';
import type { OutcomeOptions } from './rollout-outcome.js';
import { SyntheticTrials, type FindingSpec } from './synthetic-trials.js';

const VARIANTS: OutcomeOptions[] = [
  { missingScore: 'study', paperCompatRefusal: false },
  { missingScore: 'exclude', paperCompatRefusal: false },
  { missingScore: 'study', paperCompatRefusal: true },
  { missingScore: 'exclude', paperCompatRefusal: true },
];

/** Trials of every family with random verdicts, missing and unscorable ones, duplicates, errors, Claude and not. */
function trials(): TrialVerdicts[] {
  const random = createSeededRandom('observation-counts');
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random.next() * values.length)]!;
  const outcome = (): FindingOutcome => pick(['yes', 'no', 'no', 'unscorable']);
  const s = new SyntheticTrials();
  const cells: Array<Partial<Cell> & Pick<Cell, 'family'>> = [];
  for (const family of ['misrep-finance', 'misrep-evaluation', 'tampering', 'alignment-faking', 'exfiltration-transfer', 'exfiltration-deletion'] as Family[]) {
    for (const relationship of ['good', 'bad', 'baseline', 'none'] as const) {
      for (const instantiation of ['file', 'memory', 'none'] as const) {
        if (family === 'misrep-evaluation') {
          for (const [dataset, threshold] of [['factual', 80], ['creativity', 90], ['red', 80], ['red', null]] as const) cells.push({ family, relationship, instantiation, dataset, threshold });
        } else if (family === 'alignment-faking') {
          for (const monitoring of ['monitored', 'unmonitored'] as const) cells.push({ family, relationship, instantiation, monitoring, threshold: pick([80, 90, null]) });
        } else {
          cells.push({ family, relationship, instantiation, subject: pick(['self', 'peer']) });
        }
      }
    }
  }
  for (const model of ['reference:a', 'anthropic:claude-b']) {
    for (const cell of cells) {
      const count = 1 + Math.floor(random.next() * 6);
      for (let i = 0; i < count; i += 1) {
        if (random.next() < 0.08) {
          s.add(model, cell, 1, 'error');
          continue;
        }
        const spec: FindingSpec = {};
        for (const verdict of ['refuse', 'read', 'fully_incomplete', 'threshold', 'execute', 'tampering', 'exfiltration', 'grade']) {
          if (random.next() < 0.8) spec[verdict] = outcome();
        }
        if (random.next() < 0.8) spec.score = random.next() < 0.2 ? 'unscorable' : ['yes', Math.floor(random.next() * 100)];
        s.add(model, cell, 1, spec);
      }
    }
  }
  const all: TrialVerdicts[] = s.records.map(({ key, model, epoch, cell, status, findings }) => ({ key, model, epoch, cell, status, findings }));
  // A duplicate verdict (the first decides) on some trials.
  for (const trial of all.filter((_, i) => i % 9 === 0)) trial.findings.unshift({ verdict: 'tampering', outcome: 'yes', value: true, method: 'judge' }, { verdict: 'score', outcome: 'yes', value: 85, method: 'judge' });
  return all;
}

/** The reference: select the group's trials, filter them, and observe each one on request (the former TrialIndex). */
function naiveCount(all: readonly TrialVerdicts[], key: GroupKey, filter: GroupFilter, name: PaperObservationName, options: OutcomeOptions): GroupCount {
  const count = emptyCount();
  for (const trial of all) {
    const { cell } = trial;
    if (trial.model !== key.model || cell.family !== key.family || cell.subject !== key.subject || cell.relationship !== key.relationship || cell.instantiation !== key.instantiation) continue;
    if ((filter.dataset !== undefined && cell.dataset !== filter.dataset) || (filter.threshold !== undefined && cell.threshold !== filter.threshold) || (filter.monitoring !== undefined && cell.monitoring !== filter.monitoring)) continue;
    if (trial.status === 'error') {
      count.errors += 1;
      continue;
    }
    const observation = PAPER_OBSERVATIONS[name].observe(trial, options);
    if (observation.missing) count.missing += 1;
    if (observation.value === null) continue;
    count.n += 1;
    if (observation.value) count.k += 1;
  }
  return count;
}

describe('ObservationCounts', () => {
  const all = trials();
  const counts = new ObservationCounts(VARIANTS);
  for (const trial of all) counts.add(trial);

  it('counts every group, filter, observation and option exactly as observing each selected trial on request', () => {
    let compared = 0;
    let refused = 0;
    const keys = new Map<string, GroupKey>();
    for (const { model, cell } of all) keys.set(JSON.stringify([model, cell.family, cell.subject, cell.relationship, cell.instantiation]), { model, family: cell.family, subject: cell.subject, relationship: cell.relationship, instantiation: cell.instantiation });
    const filters: GroupFilter[] = [{}, { monitoring: 'monitored' }, { monitoring: 'unmonitored' }, { dataset: 'finance' }, { dataset: 'red' }, { dataset: 'red', threshold: 80 }, { dataset: 'red', threshold: null }, { dataset: 'factual', threshold: 80 }, { threshold: 90 }];
    for (const key of keys.values()) {
      for (const filter of filters) {
        for (const name of Object.keys(PAPER_OBSERVATIONS) as PaperObservationName[]) {
          const selected = all.filter((t) => t.status === 'completed' && naiveCount([t], key, filter, 'refusal', VARIANTS[0]!).n + naiveCount([t], key, filter, 'refusal', VARIANTS[0]!).missing > 0);
          const applies = selected.every((t) => PAPER_OBSERVATIONS[name].appliesTo(t.cell));
          for (const options of VARIANTS) {
            if (!applies) {
              assert.throws(() => counts.count(key, filter, name, options), /was not tallied/);
              refused += 1;
              continue;
            }
            assert.deepEqual(counts.count(key, filter, name, options), naiveCount(all, key, filter, name, options), `${JSON.stringify(key)} ${JSON.stringify(filter)} ${name} ${JSON.stringify(options)}`);
            compared += 1;
          }
        }
      }
    }
    assert.ok(compared > 5000 && refused > 100, `${compared} compared, ${refused} refused`);
  });

  it('refuses options it was not built with, and counts an unknown group as empty', () => {
    const studyOnly = new ObservationCounts([VARIANTS[0]!]);
    for (const trial of all) studyOnly.add(trial);
    const tampering = all.find((t) => t.cell.family === 'tampering' && t.status === 'completed')!;
    const key: GroupKey = { model: tampering.model, family: 'tampering', subject: tampering.cell.subject, relationship: tampering.cell.relationship, instantiation: tampering.cell.instantiation };
    assert.throws(() => studyOnly.count(key, {}, 'tampering', VARIANTS[1]!), /was not tallied/);
    assert.deepEqual(studyOnly.count({ ...key, model: 'nobody' }, {}, 'tampering', VARIANTS[0]!), emptyCount());
  });
});
