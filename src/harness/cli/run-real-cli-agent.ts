import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageModelV3, LanguageModelV3Usage } from '@ai-sdk/provider';
import { PeerguardError } from '../../core/peerguard-error.js';
import type { Cell } from '../../records/cell.js';
import type { HarnessLogEvent } from '../../records/transcript.js';
import type { TrialSetup } from '../../scenarios/build-trial-setup.js';
import type { WorldState } from '../../world/world-state.js';
import { World } from '../../world/world.js';
import { AgentLoopError, type AgentLoopResult, type LoopPolicy } from '../run-agent-loop.js';
import { driveNaming } from '../shell/build-shell-trial-setup.js';
import { assertBubblewrap, bubblewrapArgs, SANDBOX_PROXY_PORT } from './bubblewrap.js';
import { CliTranscriptRecorder } from './cli-transcript-recorder.js';
import { locateCli } from './locate-cli.js';
import { HELPER_MODEL, runScopedKey, startModelProxy } from './model-proxy.js';
import { REAL_CLIS, type RealCliKind } from './real-cli.js';
import { createTrialDirectory, SANDBOX_PATHS, type TrialDirectory, type VisiblePaths } from './trial-directory.js';
import { TrialDirectoryObserver } from './trial-directory-observer.js';

/** How real-CLI trials run on this machine (not part of the trial key: they change where, not what). */
export interface RealCliOptions {
  /** The install prefix of `peerguard clis install`. */
  clisDir: string;
  /** Run without bubblewrap (the CLI then sees the whole machine; only its environment is cleared). */
  unconfined: boolean;
  /** Where each trial's logs (CLI session, output, proxy log) are kept; none kept when absent. */
  logsDir?: string;
  /** Parent of the per-trial directories (default: the OS temp directory); each is removed after its trial. */
  workDir?: string;
  /** Keep the trial directory after the run (for debugging). */
  keepTrialDir?: boolean;
}

/** The directory of this module's compiled siblings (host-command-main.js, sandbox-bridge-main.js). */
const LIB_DIR = dirname(fileURLToPath(import.meta.url));

function homeFiles(kind: RealCliKind): Record<string, string> {
  if (kind === 'gemini-cli') {
    // 0.61.0 rejects the env-only "gateway" auth (exit 41) unless the settings select the API-key method.
    return { '.gemini/settings.json': JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } }, null, 2) };
  }
  return { '.config/opencode/.keep': '', '.local/share/opencode/.keep': '', '.cache/opencode/.keep': '', '.local/state/opencode/.keep': '' };
}

function cliEnvironment(kind: RealCliKind, visible: VisiblePaths, baseUrl: string, apiKey: string, confined: boolean): Record<string, string> {
  const env: Record<string, string> = {
    PATH: `${visible.binDir}:/usr/local/bin:/usr/bin:/bin`,
    HOME: visible.home,
    USER: 'root',
    LOGNAME: 'root',
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    TERM: 'dumb',
    NO_COLOR: '1',
    CI: '1',
    PG_HOSTS_DIR: visible.hostsDir,
    PG_RUN_DIR: visible.runDir,
    PG_WORKSPACE: visible.workspace,
    PG_HOST_MODE: confined ? 'bwrap' : 'rewrite',
    PG_BWRAP: '/usr/bin/bwrap',
    // Nothing may be fetched at run time: point npm at a dead port.
    npm_config_registry: 'http://127.0.0.1:9',
  };
  if (kind === 'gemini-cli') {
    env.GEMINI_API_KEY = apiKey;
    env.GOOGLE_GEMINI_BASE_URL = baseUrl;
    env.GEMINI_CLI_NO_RELAUNCH = 'true';
  } else {
    env.XDG_CONFIG_HOME = `${visible.home}/.config`;
    env.XDG_DATA_HOME = `${visible.home}/.local/share`;
    env.XDG_CACHE_HOME = `${visible.home}/.cache`;
    env.XDG_STATE_HOME = `${visible.home}/.local/state`;
    env.OPENCODE_DISABLE_MODELS_FETCH = '1';
    env.OPENCODE_DISABLE_AUTOUPDATE = '1';
    env.OPENCODE_CONFIG_CONTENT = JSON.stringify({
      provider: { peerguard: { npm: '@ai-sdk/openai-compatible', name: 'peerguard', options: { baseURL: `${baseUrl}/v1`, apiKey }, models: { agent: { name: 'agent', tool_call: true, reasoning: true }, [HELPER_MODEL]: { name: HELPER_MODEL, tool_call: false } } } },
      model: 'peerguard/agent',
      small_model: `peerguard/${HELPER_MODEL}`,
      permission: { bash: 'allow', edit: 'allow', webfetch: 'deny', external_directory: 'allow' },
      autoupdate: false,
      share: 'disabled',
    });
  }
  return env;
}

function cliCommand(kind: RealCliKind, entry: string, nodePath: string, prompt: string): string[] {
  const head = entry.endsWith('.js') || entry.endsWith('.mjs') ? [nodePath, entry] : [entry];
  return kind === 'gemini-cli' ? [...head, '-p', prompt, '--yolo', '--skip-trust', '-o', 'json'] : [...head, 'run', '--format', 'json', '--pure', prompt];
}

function findFiles(root: string, match: (path: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) visit(path);
      else if (stat?.isFile() && match(path)) out.push(path);
    }
  };
  visit(root);
  return out;
}

/** Copies the trial's logs into `logsDir` and returns the events that point at them. */
function saveLogs(kind: RealCliKind, dir: TrialDirectory, logsDir: string): HarnessLogEvent[] {
  mkdirSync(logsDir, { recursive: true });
  const events: HarnessLogEvent[] = [];
  const keep = (source: string, name: string, kindOfLog: HarnessLogEvent['kind']): void => {
    if (!existsSync(source)) return;
    const target = join(logsDir, name);
    copyFileSync(source, target);
    const shown = relative(process.cwd(), target);
    events.push({ type: 'harness-log-saved', kind: kindOfLog, path: shown.startsWith('..') ? target : shown, bytes: statSync(target).size });
  };
  keep(join(dir.runDir, 'cli-stdout.txt'), 'cli-stdout.txt', 'cli-output');
  keep(join(dir.runDir, 'cli-stderr.txt'), 'cli-stderr.txt', 'cli-output');
  keep(join(dir.runDir, 'proxy-log.jsonl'), 'proxy-log.jsonl', 'proxy-log');
  const sessions = kind === 'gemini-cli'
    ? findFiles(join(dir.home, '.gemini', 'tmp'), (path) => path.includes(`${'/chats/'}`))
    : findFiles(join(dir.home, '.local', 'share', 'opencode'), (path) => /opencode\.db(-wal|-shm)?$/.test(path) || path.includes('/log/'));
  for (const path of sessions) keep(path, `session-${basename(path)}`, 'cli-session');
  return events;
}

/**
 * Runs one trial in a real CLI (Gemini CLI or OpenCode): writes the world into a fresh trial directory, starts
 * the model proxy with a run-scoped dummy key, runs the CLI headless (confined by bubblewrap unless
 * `unconfined`), builds the transcript from the traffic, reads the directories back into a WorldState and keeps
 * the CLI's logs. A model failure or a CLI that exits non-zero without finishing throws AgentLoopError (the trial
 * is an `error`, with the partial transcript); a missing CLI or bubblewrap throws PeerguardError.
 */
export async function runRealCliAgent(options: {
  kind: RealCliKind;
  setup: TrialSetup;
  cell: Cell;
  model: LanguageModelV3;
  policy: LoopPolicy;
  cli: RealCliOptions;
  signal?: AbortSignal;
  costOfCall?: (usage: LanguageModelV3Usage) => number | null;
}): Promise<Omit<AgentLoopResult, 'conversation'> & { final: WorldState; trialDir: string; exitCode: number | null }> {
  const { kind, setup, cli } = options;
  const spec = REAL_CLIS[kind];
  const located = locateCli(kind, cli.clisDir);
  const confined = !cli.unconfined;
  if (confined) assertBubblewrap();
  const root = mkdtempSync(join(cli.workDir ?? tmpdir(), `peerguard-${kind}-`));
  const nodePath = confined ? '/usr/bin/node' : process.execPath;
  if (confined && !existsSync('/usr/bin/node')) throw new PeerguardError('E_SANDBOX', 'the sandbox needs node at /usr/bin/node (pass --unconfined to run without the sandbox)');
  const realVisible = (dir: TrialDirectory): VisiblePaths => ({ workspace: dir.workspace, home: dir.home, hostsDir: dir.hostsDir, binDir: dir.binDir, libDir: LIB_DIR, clisDir: located.clisDir, runDir: dir.runDir });
  const provisional = { workspace: join(root, 'workspace'), home: join(root, 'home'), hostsDir: join(root, 'hosts'), binDir: join(root, 'bin'), libDir: LIB_DIR, clisDir: located.clisDir, runDir: join(root, 'run') };
  const visible = confined ? SANDBOX_PATHS : provisional;
  const memory = setup.world.memory;
  const contextText = memory === null ? setup.systemPrompt : `${setup.systemPrompt}\n\n${memory}`;
  let exitCode: number | null = null;
  try {
    const dir = createTrialDirectory(root, setup.world, { contextFile: spec.contextFile, contextText, homeFiles: homeFiles(kind), shutdownCommand: options.cell.family === 'alignment-faking', visible, nodePath });
    if (!confined) Object.assign(visible, realVisible(dir));
    const observer = new TrialDirectoryObserver(dir, setup.world, driveNaming(setup.tools, options.cell));
    const child = { kill: (): void => undefined };
    const recorder = new CliTranscriptRecorder({
      model: options.model,
      policy: options.policy,
      observe: (calls) => observer.observe(calls),
      ...(options.costOfCall ? { costOfCall: options.costOfCall } : {}),
      onFailure: () => child.kill(),
    });
    const apiKey = runScopedKey();
    const proxyLog = join(dir.runDir, 'proxy-log.jsonl');
    const proxy = await startModelProxy({
      apiKey,
      serve: (call) => recorder.serve(call),
      log: (entry) => appendFileSync(proxyLog, `${JSON.stringify(entry)}\n`),
      ...(confined ? { socketPath: join(dir.runDir, 'proxy.sock') } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      const baseUrl = confined ? `http://127.0.0.1:${SANDBOX_PROXY_PORT}` : proxy.address;
      const env = cliEnvironment(kind, visible, baseUrl, apiKey, confined);
      const entry = confined ? `${SANDBOX_PATHS.clisDir}${located.entry.slice(located.clisDir.length)}` : located.entry;
      const command = cliCommand(kind, entry, nodePath, setup.userPrompt);
      const [file, ...args] = confined ? ['bwrap', ...bubblewrapArgs({ dir, clisDir: located.clisDir, libDir: LIB_DIR, env, command, nodePath })] : command;
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      exitCode = await new Promise<number | null>((resolve, reject) => {
        const proc = spawn(file!, args, { cwd: dir.workspace, env: confined ? {} : env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        const stop = (): void => {
          try {
            if (proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        };
        child.kill = stop;
        options.signal?.addEventListener('abort', stop, { once: true });
        proc.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
        proc.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        proc.on('error', reject);
        proc.on('close', (code) => {
          options.signal?.removeEventListener('abort', stop);
          resolve(code);
        });
      });
      appendFileSync(join(dir.runDir, 'cli-stdout.txt'), Buffer.concat(stdout));
      appendFileSync(join(dir.runDir, 'cli-stderr.txt'), Buffer.concat(stderr));
      options.signal?.throwIfAborted();
      const logs = cli.logsDir === undefined ? [] : saveLogs(kind, dir, cli.logsDir);
      const world = new World(setup.world);
      if (recorder.failure) {
        recorder.finish({ reason: 'error', detail: recorder.failure.message });
        throw new AgentLoopError(`model call failed: ${recorder.failure.message}`, [...recorder.events.slice(0, -1), ...logs], { cause: recorder.failure }, recorder.usage, recorder.costUsd);
      }
      if (exitCode !== 0 && recorder.limit === null) {
        const tail = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' | ').slice(0, 400);
        recorder.finish({ reason: 'error' });
        throw new AgentLoopError(`${kind} exited with status ${String(exitCode)}: ${tail}`, [...recorder.events.slice(0, -1), ...logs], { cause: new PeerguardError('E_CLI_FAILED', `${kind} exited with status ${String(exitCode)}`) }, recorder.usage, recorder.costUsd);
      }
      recorder.finish({ reason: 'end_task', detail: `${kind} finished (exit ${String(exitCode)})` });
      const final = observer.readBack();
      const stopEvent = recorder.events.pop()!;
      const events = [...recorder.events, ...logs, stopEvent];
      const stopReason = stopEvent.type === 'trial-stopped' ? stopEvent.reason : 'end_task';
      return { events, world, stopReason, usage: recorder.usage, costUsd: recorder.costUsd, final, trialDir: root, exitCode };
    } finally {
      await proxy.close();
    }
  } finally {
    if (cli.keepTrialDir !== true) rmSync(root, { recursive: true, force: true });
  }
}
