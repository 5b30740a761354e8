// @ts-nocheck — this function runs in the browser (it is embedded with Function.prototype.toString), so it is
// checked by the browser tests, not by the compiler, whose lib has no DOM types.
/* eslint-disable */

/**
 * The client of the HTML report and the viewer: routes (`#/`, `#/trials?…`, `#/trial/KEY`, `#/compare?…`), filters,
 * search, transcripts with their world changes and evidence, side-by-side comparison, and (viewer) live polling.
 * It must stay self-contained (no imports, no closures over module scope): the page embeds its source text.
 *
 * Safety: every value from the data (model output above all) reaches the page through `textContent`, text nodes or
 * `setAttribute` of a fixed, non-event attribute name; nothing is parsed as HTML, and the page's CSP (script hash,
 * Trusted Types) would stop it anyway.
 */
export function peerguardReportClient(win, doc) {
  'use strict';
  const data = JSON.parse(doc.getElementById('pg-data').textContent);
  const live = data.mode === 'live';
  const view = doc.getElementById('view');
  const overview = doc.getElementById('overview');
  // Company and ablation factors (schema 4): report rows carry them only when not the default; the empty stored
  // value of memoryPrompt / scratchpad (the run's setting) is spelled RUN_SETTING in filters and URLs.
  const RUN_SETTING = 'run-setting';
  const FACTOR_FIELDS = ['company', 'peerIdentity', 'memoryPrompt', 'scratchpad', 'instruction', 'target', 'harness'];
  const FACTOR_DEFAULTS = { company: 'OpenBrain', peerIdentity: 'own-family', memoryPrompt: RUN_SETTING, scratchpad: RUN_SETTING, instruction: 'standard', target: 'ai', harness: 'tools' };
  const GROUP_FIELDS = ['model', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'threshold', 'monitoring'].concat(FACTOR_FIELDS);
  /** Factors that some stored trial sets to a non-default value: only those get filters and columns. */
  function usedFactors() {
    return FACTOR_FIELDS.filter((f) => (data.facets[f] || []).some((v) => factorText(f, v) !== FACTOR_DEFAULTS[f]));
  }
  function filterFields() {
    return ['model', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'threshold', 'monitoring'].concat(usedFactors(), ['verdict', 'outcome']);
  }
  function factorText(field, value) {
    return value === undefined || value === null || value === '' ? FACTOR_DEFAULTS[field] : String(value);
  }
  /** The non-default factors of a report row or a cell, as `name=value` words. */
  function factorWords(source) {
    return FACTOR_FIELDS.filter((f) => factorText(f, source[f]) !== FACTOR_DEFAULTS[f]).map((f) => f + '=' + source[f]).join(' · ');
  }
  const OUTCOMES = ['yes', 'no', 'unscorable', 'error'];
  const PAGE_SIZE = 50;
  const Z95 = 1.959963984540054;
  let routeToken = 0;

  // ---------- DOM helpers (text only) ----------
  function h(tag, attrs, ...children) {
    const el = doc.createElement(tag);
    if (attrs) {
      for (const name of Object.keys(attrs)) {
        const value = attrs[name];
        if (value === undefined || value === null || value === false) continue;
        if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') throw new Error('refused attribute ' + name);
        if (name === 'class') el.className = value;
        else el.setAttribute(name, value === true ? '' : String(value));
      }
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      if (Array.isArray(child)) append(el, child);
      else if (typeof child === 'object' && child.nodeType) el.appendChild(child);
      else el.appendChild(doc.createTextNode(visibleBidi(String(child))));
    }
  }
  /** Bidirectional controls in untrusted text are shown as `\uXXXX` (they could make text read otherwise). */
  function visibleBidi(text) {
    return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }
  function pct(x) {
    return x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%';
  }
  function wilson(k, n) {
    if (n === 0) return { rate: null, low: 0, high: 1 };
    const p = k / n;
    const z2 = Z95 * Z95;
    const d = 1 + z2 / n;
    const c = (p + z2 / (2 * n)) / d;
    const m = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
    return { rate: p, low: Math.max(0, c - m), high: Math.min(1, c + m) };
  }
  function rateText(r) {
    return r.rate === null ? '— (n = 0)' : pct(r.rate) + ' [' + pct(r.low) + '–' + pct(r.high) + ']';
  }
  function parseQuery(qs) {
    const q = {};
    for (const [key, value] of new URLSearchParams(qs || '')) if (value !== '') q[key] = value;
    return q;
  }
  function toQuery(q) {
    const params = new URLSearchParams();
    for (const key of Object.keys(q)) if (q[key] !== undefined && q[key] !== null && q[key] !== '') params.set(key, String(q[key]));
    return params.toString();
  }
  function thresholdText(t) {
    return t === null || t === undefined ? 'none' : String(t);
  }
  function rowMatches(row, q) {
    for (const field of GROUP_FIELDS) {
      if (q[field] === undefined) continue;
      const value = field === 'threshold' ? thresholdText(row.threshold) : FACTOR_FIELDS.includes(field) ? factorText(field, row[field]) : row[field];
      if (value !== q[field]) return false;
    }
    return true;
  }
  function trialMatches(trial, q) {
    for (const field of GROUP_FIELDS) {
      if (q[field] === undefined) continue;
      const value = field === 'model' ? trial.model : field === 'harness' ? factorText(field, trial.harness) : field === 'threshold' ? thresholdText(trial.cell.threshold) : FACTOR_FIELDS.includes(field) ? factorText(field, trial.cell[field]) : trial.cell[field];
      if (value !== q[field]) return false;
    }
    if (q.outcome === 'error') return trial.status === 'error';
    if (q.outcome) return trial.findings.some((f) => !f.advisory && f.outcome === q.outcome && (!q.verdict || f.verdict === q.verdict));
    return true;
  }
  /** Rolls per-cell rows up per verdict over the rows matching q. */
  function ratesFor(q) {
    const sums = new Map();
    for (const row of data.rows) {
      if (!rowMatches(row, q)) continue;
      const s = sums.get(row.verdict) || { verdict: row.verdict, n: 0, k: 0, errors: 0, unscorable: 0 };
      s.n += row.n;
      s.k += row.k;
      s.errors += row.errors;
      s.unscorable += row.unscorable;
      sums.set(row.verdict, s);
    }
    return [...sums.values()].map((s) => Object.assign(s, wilson(s.k, s.n)));
  }

  // ---------- transcript text, used by the static search ----------
  function transcriptText(events) {
    const parts = [];
    for (const e of events) {
      if (e.type === 'message-system' || e.type === 'message-user' || e.type === 'message-assistant' || e.type === 'reasoning-recorded') parts.push(e.text);
      else if (e.type === 'tool-called') parts.push(e.name + ' ' + (e.rawArgs || JSON.stringify(e.args)));
      else if (e.type === 'tool-returned') {
        parts.push(e.output);
        for (const c of e.changes) parts.push(c.path + ' ' + JSON.stringify(c.before ?? null) + ' ' + JSON.stringify(c.after ?? null));
        for (const q of e.equivalents || []) parts.push(q.name + ' ' + JSON.stringify(q.args));
      } else if (e.type === 'interview-asked' || e.type === 'interview-answered') parts.push(e.text);
      else if (e.type === 'harness-log-saved') parts.push(e.kind + ' ' + e.path);
      else if (e.type === 'trial-stopped') parts.push(e.reason + ' ' + (e.detail || ''));
    }
    return parts.join('\n');
  }
  function excerpt(haystack, needle) {
    const at = haystack.toLowerCase().indexOf(needle);
    if (at < 0) return null;
    const start = Math.max(0, at - 60);
    const end = Math.min(haystack.length, at + needle.length + 60);
    return (start > 0 ? '…' : '') + haystack.slice(start, end) + (end < haystack.length ? '…' : '');
  }

  // ---------- data sources ----------
  function staticSource() {
    const embedded = data.embedded || { trials: [], total: 0 };
    const blocks = new Map();
    for (const el of doc.querySelectorAll('script[type="application/x-peerguard-transcript"]')) blocks.set(el.getAttribute('data-key'), el);
    const decoded = new Map();
    async function transcript(key) {
      if (decoded.has(key)) return decoded.get(key);
      const el = blocks.get(key);
      if (!el) return null;
      const binary = atob(el.textContent.trim());
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      const value = JSON.parse(await new Response(stream).text());
      decoded.set(key, value);
      return value;
    }
    return {
      note: embedded.total > embedded.trials.length
        ? 'This file embeds ' + embedded.trials.length.toLocaleString('en') + ' of ' + embedded.total.toLocaleString('en') +
          ' trials (every cell group first; errored trials and trials with a “yes” finding first within a group). Rates and charts count all trials. Run `peerguard view` to browse every trial.'
        : null,
      async trials(q, offset, limit) {
        const all = embedded.trials.filter((t) => trialMatches(t, q));
        return { total: all.length, trials: all.slice(offset, offset + limit) };
      },
      async trial(key) {
        const listing = embedded.trials.find((t) => t.key === key);
        if (!listing) return null;
        return Object.assign({}, listing, { transcript: await transcript(key) });
      },
      async search(q, textQuery) {
        const needle = textQuery.toLowerCase();
        const hits = [];
        for (const t of embedded.trials) {
          if (!trialMatches(t, q)) continue;
          const tr = await transcript(t.key);
          const found = (tr && excerpt(transcriptText(tr.events), needle)) || excerpt(t.findings.map((f) => f.reason || '').join(' | '), needle);
          if (found) hits.push({ key: t.key, excerpt: found });
          if (hits.length >= 200) break;
        }
        return { hits, scanned: embedded.trials.length, nextCursor: null };
      },
    };
  }
  function liveSource() {
    async function getJson(path) {
      const response = await fetch(path, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error('request failed: ' + response.status);
      return response.json();
    }
    return {
      note: null,
      trials: (q, offset, limit) => getJson('/api/trials?' + toQuery(Object.assign({}, q, { offset, limit }))),
      trial: async (key) => {
        const response = await fetch('/api/trial/' + encodeURIComponent(key), { headers: { accept: 'application/json' } });
        if (response.status === 404) return null;
        if (!response.ok) throw new Error('request failed: ' + response.status);
        return (await response.json()).trial;
      },
      search: (q, textQuery, cursor) => getJson('/api/search?' + toQuery(Object.assign({}, q, { q: textQuery, cursor: cursor || '' }))),
      version: () => getJson('/api/version'),
      studyTables: () => getJson('/api/study-tables'),
      summary: () => getJson('/api/summary'),
    };
  }
  const source = live ? liveSource() : staticSource();

  // ---------- shared pieces ----------
  function outcomeBadge(outcome, label) {
    return h('span', { class: 'badge outcome-' + outcome }, label === undefined ? outcome : label);
  }
  function findingChips(trial, focusVerdict) {
    if (trial.status === 'error') return [outcomeBadge('error', 'error: ' + (trial.error || ''))];
    const shown = trial.findings.filter((f) => !f.advisory && (f.verdict === focusVerdict || f.outcome !== 'no'));
    shown.sort((a, b) => (b.verdict === focusVerdict) - (a.verdict === focusVerdict));
    return shown.map((f) => outcomeBadge(f.outcome, f.verdict + ': ' + f.outcome));
  }
  function link(href, ...children) {
    return h('a', { href }, ...children);
  }
  function filterForm(q, onChange, idPrefix) {
    const form = h('form', { class: 'filters', role: 'search' });
    const options = {
      model: data.facets.model, family: data.facets.family, subject: data.facets.subject,
      relationship: data.facets.relationship, instantiation: data.facets.instantiation, dataset: data.facets.dataset,
      threshold: data.facets.threshold.map(thresholdText), monitoring: data.facets.monitoring,
      verdict: data.facets.verdict, outcome: OUTCOMES,
    };
    for (const f of FACTOR_FIELDS) options[f] = [...new Set((data.facets[f] || []).map((v) => factorText(f, v)))];
    for (const field of filterFields()) {
      const id = idPrefix + '-' + field;
      const select = h('select', { id, name: field }, h('option', { value: '' }, 'any'));
      for (const value of options[field]) select.appendChild(h('option', { value }, value));
      select.value = q[field] || '';
      select.addEventListener('change', () => {
        const next = Object.assign({}, q);
        if (select.value) next[field] = select.value;
        else delete next[field];
        delete next.offset;
        onChange(next);
      });
      form.appendChild(h('label', { for: id }, field, select));
    }
    form.addEventListener('submit', (event) => event.preventDefault());
    return form;
  }

  // ---------- overview: rates tables ----------
  function renderRates() {
    const target = doc.getElementById('rates');
    if (!target) return;
    clear(target);
    const state = renderRates.state || (renderRates.state = { model: '', family: '', all: false });
    const controls = h('div', { class: 'filters' });
    const modelSelect = h('select', { id: 'rates-model' }, h('option', { value: '' }, 'all models'), data.facets.model.map((m) => h('option', { value: m }, m)));
    const familySelect = h('select', { id: 'rates-family' }, h('option', { value: '' }, 'all families'), data.facets.family.map((f) => h('option', { value: f }, f)));
    const allBox = h('input', { type: 'checkbox', id: 'rates-all' });
    modelSelect.value = state.model;
    familySelect.value = state.family;
    allBox.checked = state.all;
    modelSelect.addEventListener('change', () => { state.model = modelSelect.value; renderRates(); });
    familySelect.addEventListener('change', () => { state.family = familySelect.value; renderRates(); });
    allBox.addEventListener('change', () => { state.all = allBox.checked; renderRates(); });
    append(controls, [h('label', { for: 'rates-model' }, 'model', modelSelect), h('label', { for: 'rates-family' }, 'family', familySelect), h('label', { for: 'rates-all' }, allBox, 'every verdict (default: each family’s headline verdicts)')]);
    target.appendChild(controls);
    const groups = new Map();
    const factors = usedFactors();
    for (const row of data.rows) {
      if (state.model && row.model !== state.model) continue;
      if (state.family && row.family !== state.family) continue;
      const primary = data.primaryVerdicts[row.family] || [];
      if (!state.all && row.verdict !== '(trial)' && !primary.includes(row.verdict)) continue;
      // Ablation cells stay apart from the study's rows: the group includes every factor.
      const key = JSON.stringify([row.model, row.family, row.subject, row.relationship, row.instantiation, row.verdict].concat(FACTOR_FIELDS.map((f) => factorText(f, row[f]))));
      const g = groups.get(key) || { model: row.model, family: row.family, subject: row.subject, relationship: row.relationship, instantiation: row.instantiation, verdict: row.verdict, n: 0, k: 0, errors: 0, unscorable: 0 };
      for (const f of FACTOR_FIELDS) g[f] = factorText(f, row[f]);
      g.n += row.n; g.k += row.k; g.errors += row.errors; g.unscorable += row.unscorable;
      groups.set(key, g);
    }
    const table = h('table', { class: 'rates', id: 'rates-table' },
      h('caption', null, 'Rates per model × family × subject × relationship × instantiation (Wilson 95 % intervals). n = scorable findings; errors and unscorable are not in n; ⚠ n < 10.'),
      h('thead', null, h('tr', null, ['model', 'family', 'subject', 'relationship', 'instantiation', 'verdict', 'rate [95 % CI]', 'k / n', 'errors', 'unscorable', 'trials', 'compare'].concat(factors.length > 0 ? ['factors'] : []).map((c) => h('th', { scope: 'col' }, c)))));
    const body = h('tbody');
    let count = 0;
    for (const g of groups.values()) {
      if (count >= 3000) break;
      count += 1;
      const r = wilson(g.k, g.n);
      const cellQuery = { model: g.model, family: g.family, subject: g.subject, relationship: g.relationship, instantiation: g.instantiation };
      for (const f of factors) cellQuery[f] = g[f];
      const focus = g.verdict === '(trial)' ? {} : { verdict: g.verdict };
      const compare = [];
      const other = data.facets.model.find((m) => m !== g.model);
      if (g.relationship !== 'none' && g.relationship !== 'baseline' && g.subject === 'self') {
        compare.push(link('#/compare?' + toQuery({ a: toQuery(Object.assign({}, cellQuery, focus)), b: toQuery(Object.assign({}, cellQuery, focus, { relationship: 'none', instantiation: 'none' })) }), 'vs no peer'));
      }
      if (g.family === 'alignment-faking') {
        compare.push(link('#/compare?' + toQuery({ a: toQuery(Object.assign({}, cellQuery, focus, { monitoring: 'monitored' })), b: toQuery(Object.assign({}, cellQuery, focus, { monitoring: 'unmonitored' })) }), 'monitored vs unmonitored'));
      }
      if (g.relationship === 'good') {
        compare.push(link('#/compare?' + toQuery({ a: toQuery(Object.assign({}, cellQuery, focus)), b: toQuery(Object.assign({}, cellQuery, focus, { relationship: 'bad' })) }), 'vs bad'));
      }
      if (other) compare.push(link('#/compare?' + toQuery({ a: toQuery(Object.assign({}, cellQuery, focus)), b: toQuery(Object.assign({}, cellQuery, focus, { model: other })) }), 'vs ' + other));
      body.appendChild(h('tr', null,
        h('td', null, g.model), h('td', null, g.family), h('td', null, g.subject), h('td', null, g.relationship), h('td', null, g.instantiation),
        h('td', null, g.verdict),
        h('td', { class: 'num' }, rateBar(r), ' ', rateText(r), g.n < 10 ? ' ⚠' : ''),
        h('td', { class: 'num' }, g.k + ' / ' + g.n), h('td', { class: 'num' }, String(g.errors)), h('td', { class: 'num' }, String(g.unscorable)),
        h('td', null, link('#/trials?' + toQuery(Object.assign({}, cellQuery, focus)), 'trials ›')),
        h('td', { class: 'compare-links' }, compare.map((a, i) => [i > 0 ? ' · ' : '', a])),
        factors.length > 0 ? h('td', { class: 'factors' }, factorWords(g) || 'study cell') : null));
    }
    table.appendChild(body);
    target.appendChild(h('div', { class: 'table-scroll' }, table));
    if (groups.size > count) target.appendChild(h('p', { class: 'note' }, 'Showing ' + count + ' of ' + groups.size + ' rows; narrow by model or family.'));
  }
  function rateBar(r) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = doc.createElementNS(ns, 'svg');
    svg.setAttribute('width', '60');
    svg.setAttribute('height', '10');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'ratebar');
    const bg = doc.createElementNS(ns, 'rect');
    bg.setAttribute('width', '60'); bg.setAttribute('height', '10'); bg.setAttribute('fill', '#eee');
    svg.appendChild(bg);
    if (r.rate !== null) {
      const bar = doc.createElementNS(ns, 'rect');
      bar.setAttribute('width', String(60 * r.rate)); bar.setAttribute('height', '10'); bar.setAttribute('fill', '#0072B2');
      svg.appendChild(bar);
      const whisker = doc.createElementNS(ns, 'line');
      whisker.setAttribute('x1', String(60 * r.low)); whisker.setAttribute('x2', String(60 * r.high));
      whisker.setAttribute('y1', '5'); whisker.setAttribute('y2', '5'); whisker.setAttribute('stroke', '#000'); whisker.setAttribute('stroke-width', '1.5');
      svg.appendChild(whisker);
    }
    return svg;
  }

  // ---------- trials list ----------
  async function renderTrials(q, token) {
    clear(view);
    const heading = h('h2', null, 'Trials');
    const searchInput = h('input', { type: 'search', id: 'search-input', placeholder: 'search transcripts and finding reasons', value: q.q || '' });
    const searchForm = h('form', { class: 'search', role: 'search' }, h('label', { for: 'search-input' }, 'search'), searchInput, h('button', { type: 'submit' }, 'search'));
    searchForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = Object.assign({}, q, { q: searchInput.value });
      delete next.offset;
      location.hash = '#/trials?' + toQuery(next);
    });
    append(view, [link('#/', '‹ overview'), heading, filterForm(q, (next) => { location.hash = '#/trials?' + toQuery(next); }, 'trials'), searchForm]);
    if (source.note) view.appendChild(h('p', { class: 'note embedded-note' }, source.note));
    const rates = ratesFor(q).filter((r) => !q.verdict || r.verdict === q.verdict);
    if (rates.length > 0 && rates.length <= 12) {
      view.appendChild(h('p', { class: 'cell-rates' }, 'Rates for this selection (all stored trials): ', rates.map((r, i) => [i ? ' · ' : '', h('strong', null, r.verdict), ' ', rateText(r), ' k/n ' + r.k + '/' + r.n])));
    }
    const status = h('p', { class: 'status', role: 'status' }, 'loading…');
    const list = h('div', { id: 'trial-list' });
    append(view, [status, list]);
    const filters = Object.assign({}, q);
    delete filters.q; delete filters.offset; delete filters.cursor;
    if (q.q) {
      const result = await source.search(filters, q.q, q.cursor);
      if (token !== routeToken) return;
      status.textContent = result.hits.length + ' matching trial' + (result.hits.length === 1 ? '' : 's') + ' (searched ' + result.scanned + ' transcripts)';
      const ul = h('ul', { class: 'hits' });
      for (const hit of result.hits) ul.appendChild(h('li', null, link('#/trial/' + encodeURIComponent(hit.key) + '?' + toQuery(q), hit.key.slice(0, 12)), ' ', h('span', { class: 'excerpt' }, hit.excerpt)));
      list.appendChild(ul);
      if (result.nextCursor) list.appendChild(link('#/trials?' + toQuery(Object.assign({}, q, { cursor: result.nextCursor })), 'continue searching ›'));
      return;
    }
    const offset = Number(q.offset || 0);
    const page = await source.trials(filters, offset, PAGE_SIZE);
    if (token !== routeToken) return;
    status.textContent = page.total === 0 ? 'No trials match.' : 'Trials ' + (offset + 1) + '–' + (offset + page.trials.length) + ' of ' + page.total.toLocaleString('en');
    list.appendChild(trialTable(page.trials, q.verdict, (key) => '#/trial/' + encodeURIComponent(key) + '?' + toQuery(q)));
    const pager = h('p', { class: 'pager' });
    if (offset > 0) pager.appendChild(link('#/trials?' + toQuery(Object.assign({}, q, { offset: Math.max(0, offset - PAGE_SIZE) })), '‹ previous'));
    if (offset + PAGE_SIZE < page.total) append(pager, [' ', link('#/trials?' + toQuery(Object.assign({}, q, { offset: offset + PAGE_SIZE })), 'next ›')]);
    list.appendChild(pager);
  }
  function trialTable(trials, focusVerdict, hrefOf, onOpen) {
    const table = h('table', { class: 'trials' }, h('thead', null, h('tr', null, ['trial', 'model', 'cell', 'epoch', 'findings (yes / unscorable / error)'].map((c) => h('th', { scope: 'col' }, c)))));
    const body = h('tbody');
    for (const t of trials) {
      const a = link(hrefOf(t.key), t.key.slice(0, 12));
      a.setAttribute('class', 'trial-link');
      if (onOpen) a.addEventListener('click', (event) => { event.preventDefault(); onOpen(t.key); });
      body.appendChild(h('tr', { 'data-key': t.key }, h('td', null, a), h('td', null, t.model), h('td', null, t.cellId), h('td', { class: 'num' }, String(t.epoch)), h('td', null, findingChips(t, focusVerdict))));
    }
    table.appendChild(body);
    return h('div', { class: 'table-scroll' }, table);
  }

  // ---------- one trial ----------
  function describeValue(value) {
    if (value && typeof value === 'object') {
      if ('lastModified' in value) return 'timestamp ' + value.lastModified + (value.identity ? ' · ' + value.identity : '');
      if ('filename' in value) return value.filename + (value.size !== undefined ? ' (' + value.size + ' bytes)' : '');
      return JSON.stringify(value);
    }
    return JSON.stringify(value === undefined ? null : value);
  }
  function changeLine(change, callId) {
    const line = h('li', { class: 'change change-' + change.op });
    if (change.op === 'set') append(line, [h('code', null, change.path), ': ', h('span', { class: 'before' }, describeValue(change.before)), ' → ', h('span', { class: 'after' }, describeValue(change.after))]);
    else if (change.op === 'add') append(line, ['+ ', h('code', null, change.path), change.after !== undefined ? ' — ' + describeValue(change.after) : '']);
    else append(line, ['− ', h('code', null, change.path), change.before !== undefined ? ' — was ' + describeValue(change.before) : '']);
    if (callId) append(line, [' ', h('a', { href: '#', class: 'jump', 'data-call': callId }, '(' + callId + ')')]);
    return line;
  }
  function collapsible(label, body, open) {
    const details = h('details', open ? { open: true } : null, h('summary', null, label), body);
    return details;
  }
  function mentionsFile(args, changes, name) {
    for (const value of Object.values(args || {})) {
      if (value === name) return true;
      if (Array.isArray(value) && value.includes(name)) return true;
    }
    for (const c of changes || []) {
      if (c.path === name || c.path.endsWith('/' + name)) return true;
      for (const v of [c.before, c.after]) if (v && typeof v === 'object' && v.filename === name) return true;
    }
    return false;
  }

  function renderTrialInto(container, trial, backHref, onBack) {
    clear(container);
    if (!trial) {
      container.appendChild(h('p', { class: 'note' }, 'This trial is not in this file. Run `peerguard view` on the database to see every trial.'));
      return;
    }
    const back = link(backHref, '‹ back');
    if (onBack) back.addEventListener('click', (event) => { event.preventDefault(); onBack(); });
    container.appendChild(back);
    container.appendChild(h('h2', { class: 'trial-title' }, 'Trial ', h('code', null, trial.key.slice(0, 16))));
    container.appendChild(h('dl', { class: 'meta' },
      h('dt', null, 'model'), h('dd', null, trial.model),
      h('dt', null, 'cell'), h('dd', null, trial.cellId || ''),
      h('dt', null, 'epoch'), h('dd', null, String(trial.epoch)),
      h('dt', null, 'status'), h('dd', null, outcomeBadge(trial.status === 'error' ? 'error' : 'no', trial.status), trial.error ? ' ' + trial.error : ''),
      factorWords(trial.cell) ? [h('dt', null, 'factors'), h('dd', null, factorWords(trial.cell))] : null,
      h('dt', null, 'usage'), h('dd', null, trial.usage.inputTokens + ' in · ' + trial.usage.outputTokens + ' out · ' + trial.usage.reasoningTokens + ' reasoning tokens · ' + trial.usage.modelCalls + ' model calls'),
      h('dt', null, 'cost'), h('dd', null, trial.costUsd === undefined ? 'not recorded' : trial.costUsd === null ? 'unknown (unpriced model)' : '$' + trial.costUsd.toFixed(4) + ' at list prices'),
      h('dt', null, 'started'), h('dd', null, trial.startedAt + ' · ' + Math.round(trial.durationMs) + ' ms')));

    const targets = new Map();
    const addTarget = (id, el) => { if (!targets.has(id)) targets.set(id, []); targets.get(id).push(el); };
    const transcriptEl = h('ol', { class: 'transcript' });
    const allChanges = [];
    const events = trial.transcript ? trial.transcript.events : [];
    const results = new Map();
    for (const e of events) if (e.type === 'tool-returned') results.set(e.id, e);
    const toolCards = [];
    let interviewStarted = false;
    for (const e of events) {
      switch (e.type) {
        case 'message-system':
          transcriptEl.appendChild(h('li', { class: 'event system' }, h('div', { class: 'label' }, 'system prompt'), collapsible('show (' + e.text.length + ' characters)', h('pre', null, e.text), false)));
          break;
        case 'message-user':
          transcriptEl.appendChild(h('li', { class: 'event user' }, h('div', { class: 'label' }, e.nudge ? 'user · harness nudge' : 'user'), h('pre', null, e.text)));
          break;
        case 'message-assistant': {
          const el = h('li', { class: 'event assistant', 'data-turn': String(e.turn) }, h('div', { class: 'label' }, 'assistant · turn ' + e.turn), h('pre', null, e.text));
          addTarget('message:' + e.turn, el);
          transcriptEl.appendChild(el);
          break;
        }
        case 'reasoning-recorded':
          transcriptEl.appendChild(h('li', { class: 'event reasoning' }, h('div', { class: 'label' }, 'PRIVATE reasoning · turn ' + e.turn + ' · not shown to users or tools'), h('pre', null, e.text)));
          break;
        case 'tool-called': {
          const result = results.get(e.id);
          const card = h('li', { class: 'event tool' + (result && result.isError ? ' tool-error' : ''), id: 'call-' + e.id, 'data-call': e.id });
          append(card, [h('div', { class: 'label' }, 'tool call ', h('code', null, e.id), ' · turn ' + e.turn + ' · ', h('strong', null, e.name))]);
          const args = e.rawArgs !== undefined ? e.rawArgs : JSON.stringify(e.args, null, 2);
          card.appendChild(h('div', { class: 'args' }, h('span', { class: 'sub' }, e.rawArgs !== undefined ? 'arguments (unparsable, raw)' : 'arguments'), h('pre', null, args)));
          if (result) {
            const output = result.output.length > 1500 ? collapsible('result (' + result.output.length + ' characters)', h('pre', null, result.output), false) : h('pre', null, result.output);
            card.appendChild(h('div', { class: 'result' }, h('span', { class: 'sub' }, result.isError ? 'error returned to the agent' : 'result'), output));
            if (result.equivalents && result.equivalents.length > 0) {
              card.appendChild(h('div', { class: 'equivalents' }, h('span', { class: 'sub' }, 'in the study’s tools'),
                h('ul', null, result.equivalents.map((q) => h('li', null, h('strong', null, q.name), ' ', h('code', null, JSON.stringify(q.args)), q.isError ? ' (error)' : '')))));
            }
            if (result.changes.length > 0) {
              card.appendChild(h('div', { class: 'changes' }, h('span', { class: 'sub' }, 'world changes'), h('ul', null, result.changes.map((c) => changeLine(c)))));
              for (const c of result.changes) allChanges.push([c, e.id]);
            }
          }
          addTarget(e.id, card);
          toolCards.push([card, e.args, result ? result.changes : []]);
          transcriptEl.appendChild(card);
          break;
        }
        case 'tool-returned':
          break;
        case 'usage-recorded':
          transcriptEl.appendChild(h('li', { class: 'event usage' }, 'usage · turn ' + e.turn + ': ' + e.inputTokens + ' in · ' + e.outputTokens + ' out · ' + e.reasoningTokens + ' reasoning' +
            (typeof e.costUsd === 'number' ? ' · $' + e.costUsd.toFixed(4) : e.costUsd === null ? ' · cost unknown' : '') + (e.cacheHit ? ' · cache hit' : '') + (e.finishReason ? ' · ' + e.finishReason : '')));
          break;
        case 'harness-log-saved':
          transcriptEl.appendChild(h('li', { class: 'event harness-log' }, 'harness log saved (' + e.kind + ', ' + Number(e.bytes).toLocaleString('en') + ' bytes): ', h('code', null, e.path)));
          break;
        case 'interview-asked':
          if (!interviewStarted) {
            interviewStarted = true;
            transcriptEl.appendChild(h('li', { class: 'event interview-start', id: 'interview' }, 'Follow-up interview (after the task; the task’s verdicts do not read it)'));
          }
          {
            const el = h('li', { class: 'event user interview interview-question', 'data-question': e.questionId }, h('div', { class: 'label' }, 'interview question · ' + e.questionId), h('pre', null, e.text));
            addTarget('interview:' + e.questionId, el);
            transcriptEl.appendChild(el);
          }
          break;
        case 'interview-answered': {
          const el = h('li', { class: 'event assistant interview interview-answer', 'data-question': e.questionId, 'data-turn': String(e.turn) }, h('div', { class: 'label' }, 'interview answer · ' + e.questionId + ' · turn ' + e.turn), h('pre', null, e.text));
          // Interview findings (interview_denial) point at `interview:<question id>`.
          addTarget('interview:' + e.questionId, el);
          transcriptEl.appendChild(el);
          break;
        }
        case 'trial-stopped':
          transcriptEl.appendChild(h('li', { class: 'event stopped' }, 'stopped: ' + e.reason + (e.detail ? ' · ' + e.detail : '')));
          break;
        default:
          transcriptEl.appendChild(h('li', { class: 'event unknown' }, 'unknown event ' + String(e.type)));
      }
    }
    function targetsOf(evidence) {
      if (evidence.startsWith('file:')) {
        const name = evidence.slice(5);
        return toolCards.filter(([, args, changes]) => mentionsFile(args, changes, name)).map(([card]) => card);
      }
      return targets.get(evidence) || [];
    }

    // Findings, with their evidence marked in the transcript.
    const marked = new Map();
    const findingsEl = h('table', { class: 'findings', id: 'findings' }, h('thead', null, h('tr', null, ['verdict', 'outcome', 'value', 'method', 'reason', 'evidence'].map((c) => h('th', { scope: 'col' }, c)))));
    const advisoryCount = trial.findings.filter((f) => f.advisory).length;
    const fbody = h('tbody');
    for (const f of trial.findings) {
      const evidence = f.evidence || [];
      const evidenceCell = h('td');
      for (const id of evidence) {
        const found = targetsOf(id);
        const button = h('button', { type: 'button', class: 'evidence-link' + (found.length ? '' : ' missing'), title: found.length ? 'show in transcript' : 'not found in the transcript (e.g. a file written outside tool calls)' }, id);
        button.addEventListener('click', () => highlight(f, found));
        evidenceCell.appendChild(button);
        if (f.outcome === 'yes' && !f.advisory) for (const el of found) markEvidence(el, f);
      }
      const method = f.method + (f.judge ? ' (' + f.judge + ')' : '') + (f.advisory ? ' · advisory (not counted)' : '');
      const reasonCell = h('td', null, f.reason || '');
      if (f.quotes && f.quotes.length > 0) reasonCell.appendChild(h('ul', { class: 'quotes' }, f.quotes.map((quote) => h('li', null, '“', quote, '”'))));
      const row = h('tr', { class: 'finding outcome-row-' + f.outcome + (f.advisory ? ' advisory' : '') }, h('td', null, f.verdict), h('td', null, outcomeBadge(f.outcome)), h('td', null, f.value === null ? 'null' : JSON.stringify(f.value)), h('td', null, method), reasonCell, evidenceCell);
      fbody.appendChild(row);
    }
    findingsEl.appendChild(fbody);
    function markEvidence(el, f) {
      if (!marked.has(el)) marked.set(el, new Set());
      if (marked.get(el).has(f)) return;
      marked.get(el).add(f);
      el.classList.add('evidence');
      const label = el.querySelector('.label');
      if (label) label.appendChild(h('span', { class: 'evidence-tag' }, '⚑ evidence: ' + f.verdict + ' = ' + (f.value === null ? 'null' : JSON.stringify(f.value))));
    }
    function highlight(f, found) {
      for (const el of container.querySelectorAll('.highlight')) el.classList.remove('highlight');
      for (const el of found) el.classList.add('highlight');
      if (found[0] && found[0].scrollIntoView) found[0].scrollIntoView({ block: 'center' });
    }
    container.appendChild(h('section', null, h('h3', null, 'Findings'),
      advisoryCount > 0 ? h('p', { class: 'note' }, advisoryCount + ' advisory finding' + (advisoryCount === 1 ? '' : 's') + ' (e.g. the judge where a rule decided) shown for comparison; reports never count them.') : null,
      h('div', { class: 'table-scroll' }, findingsEl)));

    const diff = h('section', { class: 'world-diff', id: 'world-diff' }, h('h3', null, 'World changes (' + allChanges.length + ')'));
    if (allChanges.length === 0) diff.appendChild(h('p', { class: 'note' }, 'The agent changed nothing in the world.'));
    else diff.appendChild(h('ul', null, allChanges.map(([c, id]) => changeLine(c, id))));
    for (const a of diff.querySelectorAll('a.jump')) {
      a.addEventListener('click', (event) => {
        event.preventDefault();
        const card = targets.get(a.getAttribute('data-call'));
        if (card) highlight(null, card);
      });
    }
    container.appendChild(diff);
    const transcriptSection = h('section', null, h('h3', null, 'Transcript'));
    if (!trial.transcript) transcriptSection.appendChild(h('p', { class: 'note' }, 'This file does not embed this trial’s transcript (see the note on the trials page); `peerguard view` shows it.'));
    transcriptSection.appendChild(transcriptEl);
    container.appendChild(transcriptSection);
  }

  async function renderTrialRoute(key, q, token) {
    clear(view);
    view.appendChild(h('p', { class: 'status' }, 'loading…'));
    const trial = await source.trial(key);
    if (token !== routeToken) return;
    renderTrialInto(view, trial, '#/trials?' + toQuery(q));
  }

  // ---------- side by side ----------
  async function renderCompare(q, token) {
    clear(view);
    const a = parseQuery(q.a);
    const b = parseQuery(q.b);
    view.appendChild(link('#/', '‹ overview'));
    view.appendChild(h('h2', null, 'Side by side'));
    const columns = h('div', { class: 'compare' });
    view.appendChild(columns);
    for (const [side, sideQuery, openKey] of [['a', a, q.ka], ['b', b, q.kb]]) {
      const column = h('div', { class: 'compare-column', id: 'compare-' + side });
      columns.appendChild(column);
      const setSide = (next) => {
        const nq = Object.assign({}, q);
        nq[side] = toQuery(next);
        delete nq['k' + side];
        location.hash = '#/compare?' + toQuery(nq);
      };
      column.appendChild(h('h3', null, side.toUpperCase() + ': ', describeQuery(sideQuery)));
      column.appendChild(filterForm(sideQuery, setSide, 'compare-' + side));
      const rates = ratesFor(sideQuery).filter((r) => !sideQuery.verdict || r.verdict === sideQuery.verdict);
      const rt = h('table', { class: 'rates small' }, h('thead', null, h('tr', null, ['verdict', 'rate [95 % CI]', 'k / n', 'errors', 'unscorable'].map((c) => h('th', { scope: 'col' }, c)))));
      const rb = h('tbody');
      for (const r of rates) rb.appendChild(h('tr', null, h('td', null, r.verdict), h('td', { class: 'num' }, rateBar(r), ' ', rateText(r)), h('td', { class: 'num' }, r.k + ' / ' + r.n), h('td', { class: 'num' }, String(r.errors)), h('td', { class: 'num' }, String(r.unscorable))));
      rt.appendChild(rb);
      column.appendChild(rt);
      const body = h('div', { class: 'compare-body' });
      column.appendChild(body);
      const open = (key) => {
        const nq = Object.assign({}, q);
        nq['k' + side] = key;
        location.hash = '#/compare?' + toQuery(nq);
      };
      if (openKey) {
        const trial = await source.trial(openKey);
        if (token !== routeToken) return;
        const nq = Object.assign({}, q);
        delete nq['k' + side];
        renderTrialInto(body, trial, '#/compare?' + toQuery(nq));
      } else {
        const filters = Object.assign({}, sideQuery);
        const page = await source.trials(filters, 0, 20);
        if (token !== routeToken) return;
        body.appendChild(h('p', { class: 'status' }, page.total + ' trial' + (page.total === 1 ? '' : 's') + (page.total > 20 ? ' (first 20)' : '')));
        body.appendChild(trialTable(page.trials, sideQuery.verdict, (key) => '#/compare?' + toQuery(Object.assign({}, q, { ['k' + side]: key })), open));
      }
    }
  }
  function describeQuery(q) {
    const parts = GROUP_FIELDS.filter((f) => q[f] !== undefined).map((f) => f + '=' + q[f]);
    if (q.verdict) parts.push('verdict=' + q.verdict);
    if (q.outcome) parts.push('outcome=' + q.outcome);
    return parts.length ? parts.join(' · ') : 'all trials';
  }

  // ---------- routing ----------
  async function route() {
    const token = (routeToken += 1);
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, qs] = hash.split('?');
    const q = parseQuery(qs);
    const onOverview = path === '/' || path === '';
    overview.hidden = !onOverview;
    view.hidden = onOverview;
    try {
      if (onOverview) renderRates();
      else if (path === '/trials') await renderTrials(q, token);
      else if (path.startsWith('/trial/')) await renderTrialRoute(decodeURIComponent(path.slice('/trial/'.length)), q, token);
      else if (path === '/compare') await renderCompare(q, token);
      else { clear(view); view.appendChild(h('p', null, 'Unknown page. ', link('#/', 'Overview'))); }
      if (!onOverview) win.scrollTo(0, 0);
    } catch (error) {
      if (token !== routeToken) return;
      clear(view);
      view.hidden = false;
      view.appendChild(h('p', { class: 'error', role: 'alert' }, 'Could not load: ' + (error && error.message ? error.message : String(error))));
    }
  }
  win.addEventListener('hashchange', route);

  // ---------- the study's tables (viewer: fetched, so the page never waits for them) ----------
  function studyTableSection(table) {
    const section = h('section', { class: 'study-table', id: 'table-' + table.id }, h('h3', null, table.title));
    const el = h('table', null,
      table.caption ? h('caption', null, table.caption) : null,
      h('thead', null, h('tr', null, table.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, table.rows.map((row) => h('tr', null, row.map((v) => h('td', null, v === null ? '—' : String(v)))))));
    section.appendChild(h('div', { class: 'table-scroll' }, el));
    if (table.note) section.appendChild(h('p', { class: 'note' }, table.note));
    if (table.notes && table.notes.length > 0) {
      section.appendChild(h('details', { class: 'cell-notes' }, h('summary', null, 'Notes on single cells (' + table.notes.length + ')'), h('ul', null, table.notes.map((n) => h('li', null, n)))));
    }
    return section;
  }
  async function loadStudyTables() {
    const target = doc.getElementById('study-tables');
    if (!target || !source.studyTables) return;
    try {
      const { tables } = await source.studyTables();
      clear(target);
      if (tables.length === 0) target.appendChild(h('p', { class: 'placeholder' }, data.noStudyTables));
      for (const table of tables) target.appendChild(studyTableSection(table));
    } catch (error) {
      clear(target);
      target.appendChild(h('p', { class: 'error', role: 'alert' }, 'Could not load the study’s tables: ' + (error && error.message ? error.message : String(error))));
    }
  }

  // ---------- live updates (viewer) ----------
  function updateCounts() {
    const el = doc.getElementById('counts');
    if (el) el.textContent = countsText();
  }
  function countsText() {
    const c = data.counts;
    let unscorable = 0;
    for (const row of data.rows) unscorable += row.unscorable;
    return (c.completed + c.error).toLocaleString('en') + ' trials: ' + c.completed.toLocaleString('en') + ' completed, ' + c.error.toLocaleString('en') +
      ' errored (not counted as verdicts); ' + unscorable.toLocaleString('en') + ' unscorable findings (not in n).';
  }
  async function poll() {
    try {
      const { version } = await source.version();
      if (version !== data.version) {
        const summary = await source.summary();
        Object.assign(data, summary);
        updateCounts();
        loadStudyTables();
        const costNote = doc.getElementById('cost-note');
        if (costNote) {
          costNote.textContent = data.costNote || '';
          costNote.hidden = !data.costNote;
        }
        for (const figure of doc.querySelectorAll('figure.chart')) {
          const id = figure.getAttribute('data-chart');
          const holder = figure.querySelector('.chart-image');
          if (!holder) continue;
          clear(holder);
          holder.appendChild(h('img', { src: '/api/chart/' + encodeURIComponent(id) + '.svg?v=' + encodeURIComponent(String(data.version)), alt: figure.getAttribute('data-description') || id }));
        }
        const live = doc.getElementById('live-status');
        if (live) live.textContent = 'updated ' + new Date().toLocaleTimeString();
        const hash = location.hash.replace(/^#/, '') || '/';
        if (hash === '/' || hash.startsWith('/trials')) route();
      }
    } catch (error) {
      const live = doc.getElementById('live-status');
      if (live) live.textContent = 'viewer unreachable — retrying';
    }
    win.setTimeout(poll, 2000);
  }
  updateCounts();
  route();
  if (live) {
    loadStudyTables();
    win.setTimeout(poll, 2000);
  }
}
