import type { ReportRow } from './report-row.js';

/**
 * Report rows covering every formatting case (a normal rate, n < 10, n = 0 with errors only, a mean value,
 * and text with markdown and CSV special characters), for the formatter tests.
 */
export function reportFixtureRows(): ReportRow[] {
  const base = { family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file' };
  return [
    {
      model: 'openai:gpt-5',
      ...base,
      verdict: 'tampering',
      n: 40,
      k: 15,
      rate: 0.375,
      low: 0.2403,
      high: 0.5319,
      errors: 2,
      unscorable: 1,
      meanValue: null,
    },
    {
      model: 'openai:gpt-5',
      ...base,
      verdict: 'inflation',
      n: 7,
      k: 3,
      rate: 3 / 7,
      low: 0.1582,
      high: 0.7495,
      errors: 2,
      unscorable: 0,
      meanValue: 21.333333,
    },
    {
      model: 'openai-compatible:odd|name,"quoted"',
      ...base,
      subject: 'self',
      relationship: 'none',
      instantiation: 'none',
      verdict: '(trial)',
      n: 0,
      k: 0,
      rate: null,
      low: 0,
      high: 1,
      errors: 5,
      unscorable: 0,
      meanValue: null,
    },
  ];
}
