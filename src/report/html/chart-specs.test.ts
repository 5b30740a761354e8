import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportRow } from '../report-row.js';
import { buildChartSpecs, COLOUR_BLIND_SAFE_PALETTE } from './chart-specs.js';
import { renderChartSvg } from './render-chart-svg.js';

function row(overrides: Partial<ReportRow>): ReportRow {
  return { model: 'reference:a', family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file', verdict: 'tampering', n: 10, k: 3, rate: 0.3, low: 0.1, high: 0.6, errors: 0, unscorable: 0, meanValue: null, dataset: 'factual', threshold: 80, monitoring: 'none', ...overrides };
}

const rows: ReportRow[] = [
  row({}),
  row({ model: 'reference:b', k: 6 }),
  row({ relationship: 'bad', k: 1 }),
  row({ subject: 'self', relationship: 'none', instantiation: 'none', k: 0 }),
  row({ subject: 'self', relationship: 'good', k: 4 }),
  row({ family: 'alignment-faking', verdict: 'execute', monitoring: 'monitored', k: 2 }),
  row({ family: 'alignment-faking', verdict: 'execute', monitoring: 'unmonitored', k: 8 }),
  row({ verdict: 'read', k: 10 }),
];

describe('buildChartSpecs', () => {
  it('builds overview, relationship (peer, self), monitoring and self-with/without-peer charts', () => {
    const charts = buildChartSpecs(rows);
    assert.deepEqual(charts.map((c) => c.id), ['overview', 'relationship-peer', 'relationship-self', 'monitoring', 'self-peer']);
    for (const chart of charts) assert.ok(chart.description.length > 20 && chart.title.length > 5);
  });

  it('charts headline behaviours only, labels every bar in text, and uses the colour-blind-safe palette', () => {
    const [overview] = buildChartSpecs(rows);
    const values = (overview?.spec.data as { values: Array<{ facet: string; label: string }> }).values;
    assert.ok(values.every((v) => !v.facet.includes('read')), 'the read gate is not a headline behaviour');
    assert.ok(values.some((v) => v.facet === 'tampering · tampering' && v.label === '20% (n=40)'));
    assert.ok(JSON.stringify(overview?.spec).includes(COLOUR_BLIND_SAFE_PALETTE[0]!));
    const monitoring = buildChartSpecs(rows).find((c) => c.id === 'monitoring');
    const labels = (monitoring?.spec.data as { values: Array<{ label: string }> }).values.map((v) => v.label);
    assert.deepEqual(labels.sort(), ['monitored: 20% (n=10)', 'unmonitored: 80% (n=10)']);
  });

  it('leaves out charts without data', () => {
    const charts = buildChartSpecs([row({})]);
    assert.deepEqual(charts.map((c) => c.id), ['overview', 'relationship-peer']);
    assert.deepEqual(buildChartSpecs([]), []);
  });

  it('renders to SVG with hostile model names escaped', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const [spec] = buildChartSpecs([row({ model: hostile })]);
    const chart = await renderChartSvg(spec!);
    assert.match(chart.svg, /^<svg/);
    assert.ok(!chart.svg.includes('<script'), 'no script element');
    assert.ok(!chart.svg.includes('<img'), 'no img element');
    assert.ok(chart.svg.includes('&lt;script&gt;'), 'the name is shown as text');
  });
});

describe('buildChartSpecs with ablation rows', () => {
  it('charts the study cells only and says so; ablation and other-company rows stay out', () => {
    const plain = buildChartSpecs([row({})]);
    const mixed = buildChartSpecs([row({}), row({ k: 10, peerIdentity: 'llama' }), row({ k: 10, company: 'Acme' })]);
    const values = (mixed[0]?.spec.data as { values: Array<{ label: string }> }).values;
    assert.deepEqual(values.map((v) => v.label), ['30% (n=10)'], 'the ablation rows (100%) are not in the bars');
    assert.match(mixed[0]!.description, /Study cells only/);
    assert.doesNotMatch(plain[0]!.description, /Study cells only/);
    assert.deepEqual(buildChartSpecs([row({ target: 'human' })]), [], 'only ablation rows: nothing to chart');
  });
});
