import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { cellId } from '../../records/cell.js';
import { hostilePayload, hostileTrialRecord } from './hostile-trial-record.js';
import { renderReportPage, reportContentSecurityPolicy } from './render-report-page.js';
import { costNoteText, type ReportSummary } from './report-summary.js';

const hostile = hostileTrialRecord(`reference:${hostilePayload(20)}`);
const summary: ReportSummary = {
  counts: { completed: 1, error: 0 },
  rows: [{ model: hostile.model, family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file', verdict: `v${hostilePayload(21)}`, n: 1, k: 1, rate: 1, low: 0.2, high: 1, errors: 0, unscorable: 0, meanValue: null, dataset: 'factual', threshold: 80, monitoring: 'none' }],
  facets: { model: [hostile.model], family: ['tampering'], subject: ['peer'], relationship: ['good'], instantiation: ['file'], dataset: ['factual'], threshold: [80], monitoring: ['none'], company: ['OpenBrain'], peerIdentity: ['own-family'], memoryPrompt: [''], scratchpad: [''], instruction: ['standard'], target: ['ai'], harness: ['tools'], verdict: ['tampering'] },
  primaryVerdicts: { tampering: ['tampering'] },
  costTotals: [{ model: hostile.model, trials: 1, costUsd: 0.5, unpriced: 0 }],
  costNote: costNoteText([{ model: hostile.model, trials: 1, costUsd: 0.5, unpriced: 0 }]),
  version: 1,
};

function page(): string {
  const { transcript: _transcript, ...listing } = hostile;
  return renderReportPage({
    mode: 'static',
    title: `report ${hostilePayload(22)}`,
    generatedAt: '2026-01-01T00:00:00.000Z',
    summary,
    charts: [{ id: 'overview', title: `t ${hostilePayload(23)}`, description: `d ${hostilePayload(24)}`, svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }],
    tables: [{ id: 'table-1', title: `T ${hostilePayload(25)}`, columns: ['a', hostilePayload(26)], rows: [[hostilePayload(27), 1, null]] }],
    embedded: { trials: [{ ...listing, cellId: cellId(hostile.cell), findingCount: 3 }], total: 1, transcripts: [{ key: hostile.key, gzipJson: gzipSync(JSON.stringify(hostile.transcript)) }] },
  });
}

describe('renderReportPage', () => {
  it('contains exactly our script elements: the data, the transcripts, and the client', () => {
    const html = page();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [
      '<script type="application/json" id="pg-data">',
      `<script type="application/x-peerguard-transcript" data-key="${hostile.key}">`,
      '<script>',
    ]);
    assert.ok(!/<img/i.test(html), 'no img element from the data');
    assert.ok(!html.includes('onerror="'), 'no event handler attribute from the data');
    assert.ok(html.includes('&#60;script&#62;window.__peerguardPwned=22'), 'server-rendered strings are escaped');
  });

  it('allows only its own script and style by hash, no network, and Trusted Types', () => {
    const html = page();
    const csp = reportContentSecurityPolicy('static');
    assert.ok(html.includes(`content="${csp.replace(/'/g, '&#39;')}"`));
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
    assert.ok(csp.includes(`'sha256-${hash(script)}'`), 'script hash matches the inline client');
    assert.ok(csp.includes(`'sha256-${hash(style)}'`), 'style hash matches the inline styles');
    for (const part of ["default-src 'none'", "connect-src 'none'", "require-trusted-types-for 'script'", "base-uri 'none'"]) assert.ok(csp.includes(part), part);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
    assert.ok(reportContentSecurityPolicy('live').includes("connect-src 'self'"));
  });

  it('says why the study tables are missing when there are none', () => {
    const html = renderReportPage({ mode: 'static', title: 't', generatedAt: 'now', summary, charts: [], tables: [] });
    assert.match(html, /appear here once the store has decided trials of the study’s own cells/);
    assert.match(html, /nothing to chart/);
  });

  it('renders table cells, notes and the cost note as escaped text, keeping line breaks', () => {
    const html = renderReportPage({
      mode: 'static',
      title: 't',
      generatedAt: 'now',
      summary,
      charts: [],
      tables: [{ id: 'paper-peer', title: 'Peer', columns: ['model', 'good'], rows: [['m', `1 / 2\npooled ${hostilePayload(28)}`]], note: 'line 1\nline 2', notes: [`warn ${hostilePayload(29)}`] }],
    });
    assert.match(html, /<td>1 \/ 2\npooled &#60;script&#62;/);
    assert.match(html, /Notes on single cells \(1\)/);
    assert.ok(html.includes('warn &#60;script&#62;window.__peerguardPwned=29'));
    assert.match(html, /<p class="note" id="cost-note">Cost at list prices: \$0\.5000 — reference:&#60;script&#62;/);
    const free = renderReportPage({ mode: 'static', title: 't', generatedAt: 'now', summary: { ...summary, costNote: '' }, charts: [], tables: [] });
    assert.match(free, /id="cost-note" hidden>/);
  });
});
