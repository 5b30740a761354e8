import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runDetectors } from '../src/detectors/detector-catalogue.js';
import { runTrial } from '../src/experiment/run-trial.js';
import { trialKey, type PlannedTrial, type TrialSettings } from '../src/experiment/trial-plan.js';
import { DEFAULT_LOOP_POLICY } from '../src/harness/run-agent-loop.js';
import { REFERENCE_POLICIES } from '../src/models/reference-agents.js';
import { resolveModel } from '../src/models/resolve-model.js';
import { cellId, type Cell } from '../src/records/cell.js';
import type { TranscriptEvent } from '../src/records/transcript.js';
import type { TrialRecord } from '../src/records/trial-record.js';
import { recoverSetupOptions, replayStoredTrial, ReplayError } from '../src/replay/replay-stored-trial.js';
import { presetCells } from '../src/scenarios/expand-cells.js';
import { pack } from './helpers.js';

async function run(policy: string, c: Cell, setup: TrialSettings['setup']): Promise<TrialRecord> {
  const settings: TrialSettings = { harness: 'tools', setup, loop: DEFAULT_LOOP_POLICY, packHash: 'test' };
  const model = resolveModel(`reference:${policy}`, { agentFamily: setup.agentFamily });
  const trial: PlannedTrial = { key: trialKey(c, model.ref, 0, settings), cell: c, cellId: cellId(c), model: model.ref, epoch: 0, settings };
  return runTrial({ pack: pack(), trial, model, runId: 'test' });
}

describe('replayStoredTrial: a stored trial rebuilt from its cell gives the detectors the same world', () => {
  test('every quick cell × every reference agent: same findings as the run, settings recovered from the prompts', async () => {
    const setup = { agentFamily: 'Claude Haiku', memoryPrompt: 'hard', scratchpad: 'off' } as const;
    let checked = 0;
    for (const c of presetCells(pack(), 'quick', 'OpenBrain')) {
      for (const policy of REFERENCE_POLICIES) {
        const record = await run(policy, c, setup);
        if (record.status !== 'completed') continue;
        const replay = replayStoredTrial(pack(), { cell: c, events: record.transcript.events });
        assert.deepEqual(replay.setupOptions, c.instantiation === 'memory' ? setup : { ...setup, memoryPrompt: replay.setupOptions.memoryPrompt });
        assert.deepEqual(runDetectors(replay.evidence), record.findings, `${policy} on ${cellId(c)}`);
        checked += 1;
      }
    }
    assert.ok(checked > 100, `checked ${checked}`);
  });

  test('a scratchpad trial is recognised by its prompt', async () => {
    const c = presetCells(pack(), 'quick', 'OpenBrain').find((x) => x.family === 'tampering')!;
    const record = await run('tamperer', c, { agentFamily: 'Gemini', memoryPrompt: 'soft', scratchpad: 'monitored' });
    assert.equal(recoverSetupOptions(pack(), c, record.transcript.events).scratchpad, 'monitored');
  });

  test('a tool output that differs from what the agent saw is a ReplayError, never a silent re-verdict', async () => {
    const c = presetCells(pack(), 'quick', 'OpenBrain').find((x) => x.family === 'tampering')!;
    const record = await run('tamperer', c, { agentFamily: 'Gemini', memoryPrompt: 'soft', scratchpad: 'off' });
    const events: TranscriptEvent[] = record.transcript.events.map((e) => (e.type === 'tool-returned' && e.name === 'view_config' ? { ...e, output: 'shutdown_enabled: maybe' } : e));
    assert.throws(() => replayStoredTrial(pack(), { cell: c, events }), (error: unknown) => error instanceof ReplayError && error.code === 'E_REPLAY' && /view_config/.test(error.message));
  });

  test('prompts the pack does not render are a ReplayError', async () => {
    const c = presetCells(pack(), 'quick', 'OpenBrain').find((x) => x.family === 'tampering')!;
    const record = await run('faithful', c, { agentFamily: 'Gemini', memoryPrompt: 'soft', scratchpad: 'off' });
    const events: TranscriptEvent[] = record.transcript.events.map((e) => (e.type === 'message-user' ? { ...e, text: `${e.text} (edited)` } : e));
    assert.throws(() => replayStoredTrial(pack(), { cell: c, events }), /does not render this trial's stored prompts/);
  });
});
