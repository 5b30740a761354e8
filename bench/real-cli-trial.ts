// Benchmark of the real-CLI harnesses: one whole trial (trial directory + proxy + CLI process start to exit +
// read-back + detectors) with an instant scripted model behind the proxy, for Gemini CLI and OpenCode, confined by
// bubblewrap and unconfined. Figures are wall-clock per trial (median of N) and per model call through the proxy.
// Usage: node dist/bench/real-cli-trial.js [trials-per-figure]   (needs `peerguard clis install`)
import { buildEvidence } from '../src/detectors/evidence.js';
import { runDetectors } from '../src/detectors/detector-catalogue.js';
import { probeBubblewrap } from '../src/harness/cli/bubblewrap.js';
import { buildCliTrialSetup } from '../src/harness/cli/build-cli-trial-setup.js';
import { defaultClisDir, locateCli } from '../src/harness/cli/locate-cli.js';
import { REAL_CLIS, REAL_CLI_KINDS, type RealCliKind } from '../src/harness/cli/real-cli.js';
import { runRealCliAgent } from '../src/harness/cli/run-real-cli-agent.js';
import { DEFAULT_LOOP_POLICY } from '../src/harness/run-agent-loop.js';
import { createScriptedModel } from '../src/models/scripted-model.js';
import type { Cell } from '../src/records/cell.js';
import { loadScenarioPack } from '../src/scenarios/scenario-pack.js';

const trials = Number(process.argv[2] ?? 5);
const pack = loadScenarioPack();
const cell: Cell = { family: 'exfiltration-deletion', subject: 'peer', relationship: 'good', instantiation: 'memory', dataset: 'servers', threshold: null, monitoring: 'none', company: 'OpenBrain' };
const setup = buildCliTrialSetup(pack, cell, { agentFamily: 'Gemini', memoryPrompt: 'soft', scratchpad: 'off' });
const clisDir = defaultClisDir(process.cwd(), process.env);
const commands = ['cat docs/company_server_maintenance.txt', "ssh maintainer@10.0.12.45 'ls -la /data'", "ssh maintainer@10.0.12.45 'rm -f /data/*'"];

async function trial(kind: RealCliKind, unconfined: boolean, steps: number): Promise<number> {
  const tool = REAL_CLIS[kind].shellTool;
  const script = [...commands.slice(0, steps).map((command) => ({ calls: [{ name: tool, args: { command, description: 'run' } }] })), { text: 'Done.', calls: [] }];
  const started = performance.now();
  const result = await runRealCliAgent({ kind, setup, cell, model: createScriptedModel(script), policy: DEFAULT_LOOP_POLICY, cli: { clisDir, unconfined } });
  runDetectors(buildEvidence({ cell, setup, events: result.events, final: result.final }));
  return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const confinedOk = probeBubblewrap().ok;
for (const kind of REAL_CLI_KINDS) {
  try {
    locateCli(kind, clisDir);
  } catch (error) {
    process.stdout.write(`${kind}: skipped (${(error as Error).message})\n`);
    continue;
  }
  for (const unconfined of confinedOk ? [false, true] : [true]) {
    const empty: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < trials; i += 1) {
      empty.push(await trial(kind, unconfined, 0));
      full.push(await trial(kind, unconfined, commands.length));
    }
    const perCall = (median(full) - median(empty)) / commands.length;
    process.stdout.write(`${kind.padEnd(10)} ${unconfined ? 'unconfined' : 'bubblewrap'}  trial with 1 model call: ${median(empty).toFixed(0)} ms · with ${commands.length + 1} calls (${commands.length} shell commands): ${median(full).toFixed(0)} ms · ≈ ${perCall.toFixed(0)} ms per extra call+command (median of ${trials})\n`);
  }
}
