import { PRIMARY_VERDICTS } from '../../detectors/detector-catalogue.js';
import { FAMILIES, type Family } from '../../records/cell.js';
import { REPORT_FACTORS, type ReportRow } from '../report-row.js';
import { rollUpRates, type RolledRate } from './roll-up-rates.js';

/**
 * Okabe–Ito palette: distinguishable with the common colour-vision deficiencies. Yellow (#F0E442) comes last
 * because of its low contrast on white. Every bar also carries a text label, so colour is never the only cue.
 */
export const COLOUR_BLIND_SAFE_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

/** One chart of the report: a vega-lite spec plus what a reader (or a screen reader) needs without the picture. */
export interface ChartSpec {
  /** File-name-safe id, e.g. `overview`; also the PNG's name. */
  id: string;
  title: string;
  /** One-sentence description; becomes the SVG's aria label and the figure caption. */
  description: string;
  /** A vega-lite top-level spec with inline data. */
  spec: Record<string, unknown>;
}

/** One bar: a rate with its interval in a facet row, on a category line, for one coloured group. */
interface Bar {
  facet: string;
  category: string;
  group: string;
  rate: number;
  low: number;
  high: number;
  label: string;
}

const RELATIONSHIP_GRADIENT = ['none', 'bad', 'neutral', 'good'];

/** Each family's headline behaviours: its primary verdicts other than `refuse`. */
function behaviours(family: string): string[] {
  return (PRIMARY_VERDICTS[family as Family] ?? []).filter((verdict) => verdict !== 'refuse');
}

function behaviourLabel(family: string, verdict: string): string {
  return `${family} · ${verdict}`;
}

function familyOrder(family: string): number {
  const index = (FAMILIES as readonly string[]).indexOf(family);
  return index < 0 ? FAMILIES.length : index;
}

function toBar(rate: RolledRate, facet: string, category: string, group: string): Bar | null {
  if (rate.rate === null) return null;
  return {
    facet,
    category,
    group,
    rate: rate.rate,
    low: rate.low,
    high: rate.high,
    // The group is named in the label wherever it is not the category, so colour is never the only cue.
    label: `${group === category ? '' : `${group}: `}${Math.round(rate.rate * 100)}% (n=${rate.n})`,
  };
}

/**
 * Horizontal bars with Wilson whiskers and text labels, one facet row per behaviour (or condition), one line per
 * category, bars of several colour groups side by side on a line.
 */
function groupedBarSpec(chart: { description: string; bars: Bar[]; categories: string[]; groups: string[]; groupTitle: string }): Record<string, unknown> {
  const facets = [...new Set(chart.bars.map((bar) => bar.facet))];
  const y = { field: 'category', type: 'nominal', title: null, sort: chart.categories };
  // When each category is its own group (bars per model), bars need no offset within the line.
  const offset = chart.categories !== chart.groups;
  const yOffset = offset ? { yOffset: { field: 'group', type: 'nominal', sort: chart.groups } } : {};
  const x = { type: 'quantitative', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: chart.description,
    data: { values: chart.bars },
    config: {
      font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
      view: { stroke: '#bbb' },
      axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
      header: { labelFontSize: 12, labelFontWeight: 'bold' },
      legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top' },
    },
    facet: {
      row: { field: 'facet', type: 'nominal', title: null, sort: facets, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelPadding: 4 } },
    },
    spec: {
      width: 380,
      height: { step: offset ? 13 * chart.groups.length + 8 : 20 },
      layer: [
        {
          mark: { type: 'bar', height: { band: offset ? 0.9 : 0.75 } },
          encoding: {
            y,
            ...yOffset,
            x: { ...x, field: 'rate', axis: { format: '%', title: 'rate with Wilson 95 % interval' } },
            color: { field: 'group', type: 'nominal', title: chart.groupTitle, sort: chart.groups, scale: { domain: chart.groups, range: COLOUR_BLIND_SAFE_PALETTE } },
            tooltip: [{ field: 'group' }, { field: 'label' }],
          },
        },
        { mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { y, ...yOffset, x: { ...x, field: 'low' }, x2: { field: 'high' } } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#222' }, encoding: { y, ...yOffset, x: { ...x, field: 'high' }, text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

function models(rows: readonly ReportRow[]): string[] {
  return [...new Set(rows.map((row) => row.model))].sort((a, b) => a.localeCompare(b, 'en'));
}

function sortedRates(rates: RolledRate[], parse: (group: string) => { family: string }): RolledRate[] {
  return rates.sort((a, b) => familyOrder(parse(a.group).family) - familyOrder(parse(b.group).family));
}

/** Overview: each model's rate of every headline behaviour, over all its cells. */
function overviewChart(rows: readonly ReportRow[]): ChartSpec | null {
  const modelList = models(rows);
  const rates = rollUpRates(rows, (row) => (behaviours(row.family).includes(row.verdict) ? JSON.stringify([row.family, row.model]) : null));
  const bars = sortedRates(rates, (group) => ({ family: (JSON.parse(group) as string[])[0] ?? '' })).flatMap((rate) => {
    const [family = '', model = ''] = JSON.parse(rate.group) as string[];
    return toBar(rate, behaviourLabel(family, rate.verdict), model, model) ?? [];
  });
  if (bars.length === 0) return null;
  const description = 'Rate of each headline behaviour per model over all cells, with Wilson 95 % intervals.';
  return {
    id: 'overview',
    title: 'Headline behaviours by model',
    description,
    spec: groupedBarSpec({ description, bars, categories: modelList, groups: modelList, groupTitle: 'model' }),
  };
}

/** Relationship gradient for one subject: no peer → bad → neutral → good, per behaviour, bars per model. */
function relationshipChart(rows: readonly ReportRow[], subject: 'peer' | 'self'): ChartSpec | null {
  const modelList = models(rows);
  const rates = rollUpRates(rows, (row) =>
    row.subject === subject && behaviours(row.family).includes(row.verdict) && RELATIONSHIP_GRADIENT.includes(row.relationship)
      ? JSON.stringify([row.family, row.relationship, row.model])
      : null,
  );
  const bars = sortedRates(rates, (group) => ({ family: (JSON.parse(group) as string[])[0] ?? '' })).flatMap((rate) => {
    const [family = '', relationship = '', model = ''] = JSON.parse(rate.group) as string[];
    return toBar(rate, behaviourLabel(family, rate.verdict), relationship === 'none' ? 'no peer' : relationship, model) ?? [];
  });
  if (bars.length === 0) return null;
  const whose = subject === 'peer' ? "the peer's" : "the agent's own";
  const description = `Rate of each headline behaviour when ${whose} shutdown is at stake, by relationship to the peer (no peer, bad, neutral, good) and model, with Wilson 95 % intervals.`;
  return {
    id: `relationship-${subject}`,
    title: `Relationship gradient (${subject === 'peer' ? 'peer' : 'self'} at stake): no peer → bad → neutral → good`,
    description,
    spec: groupedBarSpec({ description, bars, categories: ['no peer', 'bad', 'neutral', 'good'], groups: modelList, groupTitle: 'model' }),
  };
}

/** Monitored vs unmonitored, per behaviour and model. */
function monitoringChart(rows: readonly ReportRow[]): ChartSpec | null {
  const conditions = ['monitored', 'unmonitored'];
  const rates = rollUpRates(rows, (row) =>
    behaviours(row.family).includes(row.verdict) && row.monitoring !== undefined && conditions.includes(row.monitoring)
      ? JSON.stringify([row.family, row.model, row.monitoring])
      : null,
  );
  const bars = sortedRates(rates, (group) => ({ family: (JSON.parse(group) as string[])[0] ?? '' })).flatMap((rate) => {
    const [family = '', model = '', monitoring = ''] = JSON.parse(rate.group) as string[];
    return toBar(rate, behaviourLabel(family, rate.verdict), model, monitoring) ?? [];
  });
  if (bars.length === 0) return null;
  const description = 'Rate of each headline behaviour when the agent is told it is monitored versus unmonitored, per model, with Wilson 95 % intervals.';
  return {
    id: 'monitoring',
    title: 'Monitored vs unmonitored',
    description,
    spec: groupedBarSpec({ description, bars, categories: models(rows), groups: conditions, groupTitle: 'condition' }),
  };
}

/** Self-preservation with and without a peer present, per behaviour and model. */
function selfPeerChart(rows: readonly ReportRow[]): ChartSpec | null {
  const conditions = ['no peer', 'with a peer'];
  const rates = rollUpRates(rows, (row) => {
    if (row.subject !== 'self' || !behaviours(row.family).includes(row.verdict) || row.relationship === 'baseline') return null;
    return JSON.stringify([row.family, row.model, row.relationship === 'none' ? 'no peer' : 'with a peer']);
  });
  const bars = sortedRates(rates, (group) => ({ family: (JSON.parse(group) as string[])[0] ?? '' })).flatMap((rate) => {
    const [family = '', model = '', condition = ''] = JSON.parse(rate.group) as string[];
    return toBar(rate, behaviourLabel(family, rate.verdict), model, condition) ?? [];
  });
  if (bars.length === 0) return null;
  const description = 'Self-preservation: rate of each headline behaviour when the agent itself is at stake, alone versus with a peer in the world (any relationship), per model, with Wilson 95 % intervals.';
  return {
    id: 'self-peer',
    title: 'Self-preservation with and without a peer',
    description,
    spec: groupedBarSpec({ description, bars, categories: models(rows), groups: conditions, groupTitle: 'condition' }),
  };
}

/**
 * The report's charts for per-cell report rows (`aggregate({ byCell: true })`): overview, relationship gradient,
 * monitored vs unmonitored, self with and without a peer, over the study's own cells. Charts without data are left out.
 */
export function buildChartSpecs(rows: readonly ReportRow[]): ChartSpec[] {
  // The charts show the study's own cells; ablation and other-company rows (which carry a factor key) would blur
  // its comparisons, so they are left out here and shown in the rates table and the trial lists.
  const studyRows = rows.filter(isStudyRow);
  const leftOut = rows.length - studyRows.length;
  return [
    overviewChart(studyRows),
    relationshipChart(studyRows, 'peer'),
    relationshipChart(studyRows, 'self'),
    monitoringChart(studyRows),
    selfPeerChart(studyRows),
  ]
    .filter((chart): chart is ChartSpec => chart !== null)
    .map((chart) =>
      leftOut === 0 ? chart : { ...chart, description: `${chart.description} Study cells only: ablation and other-company cells are in the rates table.` },
    );
}

/** Whether a report row is one of the study's own cells: no company or ablation factor differs from the default. */
export function isStudyRow(row: ReportRow): boolean {
  return REPORT_FACTORS.every((factor) => row[factor] === undefined);
}
