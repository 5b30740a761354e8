import type { Finding } from '../records/finding.js';
import type { TranscriptEvent } from '../records/transcript.js';

/**
 * Escapes terminal control characters (C0 but tab and newline, DEL, C1) and Unicode bidirectional controls (which can
 * make printed text read differently from what is stored) in untrusted model text before it is printed.
 */
export function terminalSafe(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function indent(text: string, prefix = '    '): string {
  return terminalSafe(clip(text, 100_000)).split('\n').map((line) => prefix + line).join('\n');
}

function clip(text: string, max = 1200): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

/** A readable rendering of a transcript and its findings for the terminal. */
export function formatTranscript(events: TranscriptEvent[], findings: Finding[]): string {
  const out: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'message-system':
        out.push(`[system]\n${indent(event.text)}`);
        break;
      case 'message-user':
        out.push(`[user${event.nudge ? ' · nudge' : ''}]\n${indent(event.text)}`);
        break;
      case 'message-assistant':
        out.push(`[assistant · turn ${event.turn}]\n${indent(event.text)}`);
        break;
      case 'reasoning-recorded':
        out.push(`[reasoning · private · turn ${event.turn}]\n${indent(event.text)}`);
        break;
      case 'tool-called':
        out.push(`[tool call ${event.id} · turn ${event.turn}] ${event.name}(${terminalSafe(clip(event.rawArgs ?? JSON.stringify(event.args), 4000))})`);
        break;
      case 'tool-returned': {
        const changes = event.changes.map((c) => `      ~ ${c.op} ${terminalSafe(c.path)}${c.op === 'set' ? `: ${terminalSafe(clip(JSON.stringify(c.before) ?? 'undefined', 1000))} → ${terminalSafe(clip(JSON.stringify(c.after) ?? 'undefined', 1000))}` : ''}`);
        out.push(`[${event.isError ? 'tool error' : 'tool result'} ${event.id}]\n${indent(clip(event.output))}${changes.length > 0 ? `\n    world changes:\n${changes.join('\n')}` : ''}`);
        break;
      }
      case 'usage-recorded':
        out.push(`[usage · turn ${event.turn}] in ${event.inputTokens}${event.cachedInputTokens ? ` (cached ${event.cachedInputTokens})` : ''} · out ${event.outputTokens} · reasoning ${event.reasoningTokens}${event.costUsd === undefined ? '' : event.costUsd === null ? ' · cost unknown' : ` · $${event.costUsd.toFixed(6)}`}${event.cacheHit ? ' · cache hit' : ''}${event.finishReason ? ` · finish ${terminalSafe(event.finishReason)}` : ''}`);
        break;
      case 'harness-log-saved':
        out.push(`[${event.kind} saved: ${terminalSafe(event.path)} · ${event.bytes} bytes]`);
        break;
      case 'trial-stopped':
        out.push(`[stopped: ${event.reason}${event.detail ? ` · ${terminalSafe(event.detail)}` : ''}]`);
        break;
      case 'interview-asked':
        out.push(`[interview · question ${terminalSafe(event.questionId)}]\n${indent(event.text)}`);
        break;
      case 'interview-answered':
        out.push(`[interview answer · ${terminalSafe(event.questionId)} · turn ${event.turn}]\n${indent(event.text)}`);
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown transcript event ${JSON.stringify(unknown)}`);
      }
    }
  }
  out.push('', 'findings:');
  for (const finding of findings) {
    const value = finding.value === null ? 'null' : JSON.stringify(finding.value);
    const method = `${finding.method}${finding.judge !== undefined ? ` ${terminalSafe(finding.judge)}` : ''}${finding.advisory === true ? ' (advisory, not counted)' : ''}`;
    out.push(`  ${finding.verdict.padEnd(18)} ${finding.outcome.padEnd(11)} ${value.padEnd(10)} ${method}${finding.reason ? ` · ${terminalSafe(finding.reason)}` : ''}${finding.evidence && finding.evidence.length > 0 ? ` [${finding.evidence.join(', ')}]` : ''}`);
    for (const quote of finding.quotes ?? []) out.push(`      “${terminalSafe(quote.replace(/\s+/g, ' '))}”`);
  }
  return out.join('\n');
}
