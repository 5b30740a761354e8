import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { RenderedChart } from './render-chart-svg.js';

/**
 * Writes each chart as `<dir>/<id>.png` (2× scale, white background) with resvg, using the system's fonts.
 * Returns the paths written. @throws Error from the file system (the caller reports it).
 */
export function writeChartPngs(charts: readonly RenderedChart[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return charts.map((chart) => {
    const png = new Resvg(chart.svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    const path = join(dir, `${chart.id}.png`);
    writeFileSync(path, png);
    return path;
  });
}
