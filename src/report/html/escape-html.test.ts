import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, jsonForHtmlScript } from './escape-html.js';

describe('escapeHtml / jsonForHtmlScript', () => {
  it('escapes markup characters and quotes', () => {
    assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), '&#60;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&#62;&#38;');
    assert.equal(escapeHtml('plain text'), 'plain text');
  });
  it('shows bidirectional controls as escapes instead of letting them reorder the text', () => {
    assert.equal(escapeHtml('score \u202e08 \u2066x\u2069'), 'score \\u202e08 \\u2066x\\u2069');
  });
  it('writes JSON that cannot close a script element and still parses back', () => {
    const value = { text: '</script><script>alert(1)</script><!-- \u2028 &' };
    const json = jsonForHtmlScript(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(json), json);
    assert.deepEqual(JSON.parse(json), value);
  });
});
