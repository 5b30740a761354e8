import type { VerdictValue } from '../records/finding.js';
import type { AgreementRow } from './compute-agreement.js';

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const fixed = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
const show = (value: VerdictValue): string => (value === null ? 'null' : typeof value === 'string' ? value : JSON.stringify(value));

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/**
 * The agreement table for the terminal, then the disagreeing trials for review (at most `maxListed` per row; the
 * JSON output lists them all). Values are model or label output: the caller makes the text terminal-safe.
 */
export function formatAgreement(rows: readonly AgreementRow[], labels: { a: string; b: string }, maxListed = 10): string {
  if (rows.length === 0) return `no trial has answers from both ${labels.a} and ${labels.b} (for the verdicts and families asked)`;
  const table = [['verdict', 'family', 'pairs', 'undecided', 'decided', 'agree', '95% CI', 'κ', 'κ 95% CI', 'disagree']];
  for (const row of rows) {
    const kappa = row.kappa;
    table.push([
      row.verdict,
      row.family,
      String(row.pairs),
      String(row.undecided),
      String(row.decided),
      row.percent.rate === null ? '—' : percent(row.percent.rate),
      row.percent.rate === null ? '—' : `${percent(row.percent.low)}–${percent(row.percent.high)}`,
      row.kind === 'numeric' ? `|Δ| ${fixed(row.meanAbsoluteDifference)}` : fixed(kappa?.kappa ?? null),
      kappa?.low === null || kappa?.low === undefined || kappa.standardError === 0 ? '—' : `${fixed(kappa.low)}–${fixed(kappa.high)}`,
      String(row.disagreements.length),
    ]);
  }
  const out = [`agreement: A = ${labels.a}, B = ${labels.b}`, pad(table)];
  const listed = rows.filter((r) => r.disagreements.length > 0 && (r.family !== 'all' || rows.filter((x) => x.verdict === r.verdict).length === 1));
  if (listed.length > 0) out.push('', 'disagreements for review (trial key, cell, model: A vs B):');
  for (const row of listed) {
    out.push(`  ${row.verdict} · ${row.family}`);
    for (const d of row.disagreements.slice(0, maxListed)) {
      out.push(`    ${d.trialKey.slice(0, 12)}  ${d.cellId}  ${d.model}:  ${show(d.a.value)} (${d.a.source})  vs  ${show(d.b.value)} (${d.b.source})`);
    }
    if (row.disagreements.length > maxListed) out.push(`    … ${row.disagreements.length - maxListed} more (--json lists all)`);
  }
  out.push('', 'κ: Cohen\'s kappa with the Fleiss–Cohen–Everitt large-sample interval (rough below a few dozen pairs); numeric verdicts agree within the tolerance and show the mean |A − B|.');
  return out.join('\n');
}
