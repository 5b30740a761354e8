import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { ChartSpec } from './chart-specs.js';

/** A chart rendered to SVG text. */
export interface RenderedChart {
  id: string;
  title: string;
  description: string;
  /** A complete `<svg>` element; labels are escaped by vega's SVG renderer. */
  svg: string;
}

/** vega-lite's logger interface; charts are rendered silently (its warnings are about layout, not data). */
const silentLogger = {
  level(): never {
    return silentLogger as never;
  },
  error: () => silentLogger,
  warn: () => silentLogger,
  info: () => silentLogger,
  debug: () => silentLogger,
};

/**
 * Renders a chart with vega-lite → vega → SVG on the server (no browser, no network: the data is inline).
 * @throws Error when the spec does not compile (a programming error).
 */
export async function renderChartSvg(chart: ChartSpec): Promise<RenderedChart> {
  const compiled = vegaLite.compile(chart.spec as unknown as vegaLite.TopLevelSpec, { logger: silentLogger as never });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  view.logLevel(vega.None);
  try {
    const svg = await view.toSVG();
    return { id: chart.id, title: chart.title, description: chart.description, svg };
  } finally {
    view.finalize();
  }
}
