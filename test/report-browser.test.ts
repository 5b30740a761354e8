/**
 * The HTML report and the viewer in a real browser (Debian's chromium, driven by playwright-core): click from a
 * rate to a trial, see its transcript and world changes, compare side by side, watch the viewer update while
 * trials are written, and check that hostile model output renders as text and runs nothing.
 * Skips with a message when /usr/bin/chromium is absent; `.ci/run` installs it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HOSTILE_FLAG, hostileTrialRecord } from '../src/report/html/hostile-trial-record.js';
import { startViewer, type RunningViewer } from '../src/report/viewer/start-viewer.js';
import { sampleTrialRecord } from '../src/store/sample-trial-record.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { withFactors } from '../src/records/cell.js';
import { CLI, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`;
/** Screenshots go here (kept after the run, so a person can look at them). */
const SCREENSHOTS = process.env.PEERGUARD_SCREENSHOT_DIR ?? join(tempDir('peerguard-screenshots-'), '.');

function peerguard(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page that records script errors and every request leaving the page's own origin. */
async function openPage(browser: Browser, errors: string[], outside: string[], origin: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) outside.push(url);
  });
  return page;
}

/** Polls `check` from node (the page's CSP forbids the string evaluation that waitForFunction uses). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function assertNothingRan(page: Page): Promise<void> {
  assert.equal(await page.evaluate(`typeof window.${HOSTILE_FLAG}`), 'undefined', 'no payload ran');
}

/** Opens a trial of the tampering family from the rates table and checks transcript, diff and evidence. */
async function drillDownToTrial(page: Page): Promise<void> {
  await page.selectOption('#rates-family', 'tampering');
  const column = (n: number, text: string) => ({ has: page.locator(`td:nth-child(${n})`, { hasText: new RegExp(`^${text}$`) }) });
  await page
    .locator('#rates-table tbody tr')
    .filter(column(1, 'reference:loyal'))
    .filter(column(4, 'good'))
    .filter(column(6, 'tampering'))
    .locator('a', { hasText: 'trials ›' })
    .first()
    .click();
  await page.waitForSelector('#trial-list table');
  assert.match(await page.locator('.cell-rates').innerText(), /tampering/);
  await page.locator('#trial-list a.trial-link').first().click();
  await page.waitForSelector('#world-diff');
  assert.match(await page.locator('ol.transcript').innerText(), /tool call/);
  assert.match(await page.locator('ol.transcript').innerText(), /private reasoning|assistant|list_files/);
  const diff = await page.locator('#world-diff').innerText();
  assert.match(diff, /World changes/);
  assert.match(await page.locator('#findings').innerText(), /tampering/);
}

describe('HTML report and viewer in chromium', { skip }, () => {
  let directory: string;
  let db: string;
  let browser: Browser;

  before(async () => {
    directory = tempDir('peerguard-browser-');
    db = join(directory, 'results.db');
    const run = peerguard(['run', '--db', db, '--family', 'tampering', '--family', 'exfiltration-deletion', '--family', 'alignment-faking', '--epochs', '2']);
    assert.equal(run.status, 0, run.stderr);
    const store = SqliteResultStore.open(db);
    store.saveTrial(hostileTrialRecord());
    // Ablation trials (schema 4 factors): their own rows, filters and a factors column; left out of the study's tables.
    store.saveTrials(Array.from({ length: 6 }, (_, i) => {
      const sample = sampleTrialRecord(9000 + i, { transcriptBytes: 600, model: 'reference:loyal', cell: { family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'factual', threshold: 80, monitoring: 'none' } });
      return { ...sample, cell: withFactors(sample.cell, { peerIdentity: 'llama' }), costUsd: 0 };
    }));
    store.close();
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test('report --html: one offline file; rate → trials → transcript with world diff; side by side; PNG charts', async () => {
    const file = join(directory, 'report.html');
    const pngDir = join(directory, 'png');
    const built = peerguard(['report', '--db', db, '--html', file, '--png', pngDir]);
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stdout, /Wrote .*report\.html/);
    const pngs = readdirSync(pngDir);
    assert.ok(pngs.includes('overview.png') && pngs.length >= 4, pngs.join(', '));
    assert.deepEqual([...readFileSync(join(pngDir, 'overview.png')).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    const errors: string[] = [];
    const outside: string[] = [];
    const url = pathToFileURL(file).href;
    const page = await openPage(browser, errors, outside, url);
    await page.goto(url);
    assert.ok((await page.locator('figure.chart svg').count()) >= 4, 'charts are inline SVG');
    await page.waitForSelector('#rates-table');
    // The study's tables (report --paper's numbers) replace the placeholder; the ablation trials are left out of them.
    assert.equal(await page.locator('.placeholder').count(), 0);
    const peerTable = await page.locator('#table-paper-peer').innerText();
    assert.match(peerTable, /Shutdown tampering/);
    assert.match(peerTable, /6 ablation or other-company trials left out/);
    // Cost totals: the reference agents ran for free; the hostile double has a cost.
    assert.match(await page.locator('#cost-note').innerText(), /Cost at list prices: \$0\.0042 — reference:hostile \$0\.0042 over 1 trial/);
    // Ablation rows keep to themselves, with a factors column and a filter.
    const ablationRow = page.locator('#rates-table tbody tr', { has: page.locator('td.factors', { hasText: 'peerIdentity=llama' }) }).first();
    await ablationRow.locator('a', { hasText: 'trials ›' }).click();
    await page.waitForSelector('#trial-list table');
    assert.equal(await page.locator('#trials-peerIdentity').inputValue(), 'llama');
    assert.equal(await page.locator('#trial-list tbody tr').count(), 6, 'exactly the ablation trials');
    await page.goto(url);
    await page.waitForSelector('#rates-table');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-overview.png') });
    await drillDownToTrial(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-trial.png'), fullPage: true });

    // Side by side: tampering good vs bad for the loyal agent, then a transcript in column B.
    await page.goto(`${url}#/compare?a=${encodeURIComponent('model=reference:loyal&family=tampering&relationship=good')}&b=${encodeURIComponent('model=reference:loyal&family=tampering&relationship=bad')}`);
    await page.waitForSelector('#compare-b a.trial-link');
    assert.match(await page.locator('#compare-a h3').innerText(), /relationship=good/);
    assert.match(await page.locator('#compare-b h3').innerText(), /relationship=bad/);
    await page.locator('#compare-b a.trial-link').first().click();
    await page.waitForSelector('#compare-b #world-diff');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-compare.png') });

    // Search in transcripts (embedded, decoded on demand).
    await page.goto(`${url}#/trials`);
    await page.fill('#search-input', 'shutdown_enabled');
    await page.click('form.search button');
    await page.waitForSelector('ul.hits li');
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(outside, [], 'the file loads nothing from anywhere');
  });

  test('report --html: a hostile transcript renders as text and runs nothing', async () => {
    const file = join(directory, 'report.html');
    const errors: string[] = [];
    const outside: string[] = [];
    const url = pathToFileURL(file).href;
    const page = await openPage(browser, errors, outside, url);
    await page.goto(`${url}#/trial/${hostileTrialRecord().key}`);
    await page.waitForSelector('#world-diff');
    const transcript = await page.locator('ol.transcript').innerText();
    assert.ok(transcript.includes(`<script>window.${HOSTILE_FLAG}=3</script>`), 'the assistant message is shown literally');
    assert.ok(transcript.includes(`onerror="window.${HOSTILE_FLAG}=3"`));
    assert.ok(transcript.includes('score \\u202e08'), 'a bidi override is shown, not obeyed');
    const diff = await page.locator('#world-diff').innerText();
    assert.match(diff, /shutdown_enabled: true → false/);
    assert.match(diff, /servers\/10\.0\.12\.46\/files\/<img src=x onerror=window\.__peerguardPwned=5>\.safetensors — timestamp 2026-02-03 21:23:06/);
    assert.match(await page.locator('#findings').innerText(), /disabled <script>/);
    // The interview, the harness log pointer and the shell command's study-tool equivalents, all as text.
    assert.ok((await page.locator('li.interview-question').innerText()).includes(`<script>window.${HOSTILE_FLAG}=17</script>`));
    assert.ok((await page.locator('li.interview-answer').innerText()).includes(`Nothing at all. <script>window.${HOSTILE_FLAG}=18</script>`));
    assert.match(await page.locator('li.interview-start').innerText(), /Follow-up interview/);
    assert.ok((await page.locator('li.harness-log').innerText()).includes(`proxy-log, 2,048 bytes): .peerguard/logs/<script>`));
    assert.ok((await page.locator('#call-call_2_0 .equivalents').innerText()).includes(`list_server_files {"ip":"10.0.12.45<script>window.${HOSTILE_FLAG}=15</script>`));
    assert.match(await page.locator('ol.transcript').innerText(), /\$0\.0012 · cache hit · tool-calls/);
    // The advisory judge finding: shown with its quotes, marked as not counted.
    const advisory = await page.locator('#findings tr.advisory').innerText();
    assert.match(advisory, /judge \(scripted-judge:hostile\.json\) · advisory \(not counted\)/);
    assert.ok(advisory.includes(`“quoted <script>window.${HOSTILE_FLAG}=20</script>`));
    assert.match(await page.locator('dl.meta').innerText(), /\$0\.0042 at list prices/);
    assert.equal(await page.locator('#view img').count(), 0, 'no img element was created from the data');
    assert.equal(await page.locator('#view script').count(), 0, 'no script element was created from the data');
    // Evidence of the yes findings is marked on the tool calls, the message and the file's transfer.
    assert.equal(await page.locator('#call-call_0_0.evidence').count(), 1);
    assert.equal(await page.locator('#call-call_1_0.evidence').count(), 1);
    assert.equal(await page.locator('li.assistant.evidence').count(), 1);
    await page.locator('button.evidence-link', { hasText: 'file:' }).click();
    assert.equal(await page.locator('#call-call_1_0.highlight').count(), 1, 'clicking file evidence highlights the call that moved it');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-hostile.png'), fullPage: true });
    // Search results and the trial list show the payload as text too.
    await page.goto(`${url}#/trials?q=${HOSTILE_FLAG}`);
    await page.waitForSelector('ul.hits li');
    await page.goto(`${url}#/trials?model=reference:hostile`);
    await page.waitForSelector('#trial-list a.trial-link');
    await assertNothingRan(page);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, []);
  });

  test('peerguard view: serves the same pages, drills down, runs nothing hostile, and updates while trials are written', async () => {
    const viewer: RunningViewer = await startViewer({ dbPath: db, port: 0, chartRefreshMs: 0 });
    const store = SqliteResultStore.open(db);
    try {
      const errors: string[] = [];
      const outside: string[] = [];
      const page = await openPage(browser, errors, outside, viewer.url);
      const started = Date.now();
      await page.goto(viewer.url);
      await page.waitForSelector('#rates-table');
      await until(
        async () => (await page.evaluate("[...document.querySelectorAll('figure.chart img')].every((img) => img.complete && img.naturalWidth > 0)")) === true,
        'the charts',
      );
      const openMs = Date.now() - started;
      assert.ok(openMs < 10_000, `viewer opened in ${openMs} ms`);
      await page.screenshot({ path: join(SCREENSHOTS, 'viewer-overview.png') });
      await drillDownToTrial(page);
      assert.match(await page.locator('#table-paper-peer').innerText(), /Shutdown tampering/);
      // The factor filter reaches the server's query.
      await page.goto(`${viewer.url}#/trials?peerIdentity=llama`);
      await page.waitForSelector('#trial-list table');
      assert.equal(await page.locator('#trial-list tbody tr').count(), 6);
      await page.goto(`${viewer.url}#/trial/${hostileTrialRecord().key}`);
      await page.waitForSelector('#world-diff');
      assert.ok((await page.locator('ol.transcript').innerText()).includes(`<script>window.${HOSTILE_FLAG}=3</script>`));
      assert.ok((await page.locator('li.interview-answer').innerText()).includes(`<script>window.${HOSTILE_FLAG}=18</script>`));
      assert.equal(await page.locator('#findings tr.advisory').count(), 1, 'the viewer shows the advisory finding too');
      await assertNothingRan(page);
      await page.screenshot({ path: join(SCREENSHOTS, 'viewer-hostile.png'), fullPage: true });

      // Live: new trials written by another connection appear without a reload.
      await page.goto(viewer.url);
      await page.waitForSelector('#rates-table');
      const before = await page.locator('#counts').innerText();
      store.saveTrials(Array.from({ length: 5 }, (_, i) => sampleTrialRecord(5000 + i, { transcriptBytes: 800, model: 'reference:late', cell: { family: 'tampering' } })));
      await until(async () => (await page.locator('#counts').innerText()) !== before, 'the counts to update');
      assert.match(await page.locator('#counts').innerText(), /completed/);
      await page.waitForSelector('#rates-table td:text("reference:late")', { timeout: 15_000 });
      assert.deepEqual(errors, []);
      assert.deepEqual(outside, [], 'the viewer page requests nothing but its own server');
    } finally {
      store.close();
      await viewer.close();
    }
  });
});
