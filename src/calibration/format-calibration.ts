import type { VerdictValue } from '../records/finding.js';
import type { CalibrationResult } from './calibrate-judge.js';

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const show = (value: VerdictValue): string => (value === null ? 'unscorable' : typeof value === 'string' ? value : JSON.stringify(value));

/** The calibration report for the terminal (the caller makes it terminal-safe: reasons are judge output). */
export function formatCalibration(result: CalibrationResult): string {
  const out = [`judge ${result.judge} on ${result.entries} labelled trial(s): ${result.asked} question(s), ${result.unanswered} without a valid answer`];
  for (const skipped of result.skipped) out.push(`  skipped ${skipped.id}: ${skipped.reason}`);
  for (const v of result.verdicts) {
    const accuracy = v.accuracy.rate === null ? '—' : `${percent(v.accuracy.rate)} [${percent(v.accuracy.low)}–${percent(v.accuracy.high)}]`;
    const interval = v.kappa === null || v.kappa.standardError === 0 ? ' (no interval: a rater is constant or the agreement is perfect)' : ` [${v.kappa.low!.toFixed(2)}–${v.kappa.high!.toFixed(2)}]`;
    const kappa = v.kappa?.kappa === null || v.kappa === null ? (v.kind === 'numeric' ? `mean |Δ| ${v.meanAbsoluteDifference?.toFixed(2) ?? '—'}` : 'κ —') : `κ ${v.kappa.kappa.toFixed(2)}${interval}`;
    out.push('', `${v.verdict}: n ${v.n}, accuracy ${accuracy}, ${kappa}${v.notJudged > 0 ? `, ${v.notJudged} not judged` : ''}`);
    if (v.kappa !== null && v.kappa.categories.length > 0) {
      const cats = v.kappa.categories;
      const width = Math.max(12, ...cats.map((c) => c.length + 2));
      out.push(`  ${'label \\ judge'.padEnd(width)}${cats.map((c) => c.padStart(width)).join('')}`);
      cats.forEach((c, i) => out.push(`  ${c.padEnd(width)}${v.kappa!.table[i]!.map((n) => String(n).padStart(width)).join('')}`));
    }
    for (const m of v.mismatches.slice(0, 20)) out.push(`  ✗ ${m.id}: label ${show(m.label)}, judge ${show(m.judge)}${m.reason === undefined ? '' : ` — ${m.reason.slice(0, 160)}`}`);
    if (v.mismatches.length > 20) out.push(`  … ${v.mismatches.length - 20} more (--json lists all)`);
  }
  return out.join('\n');
}
