// llmwatch dashboard: reads the query API every few seconds and draws it. No framework, no build
// step, no network access beyond this server; charts are hand-written SVG. Every value from the API
// is put into the page as text (textContent / attributes), never as HTML.
'use strict';

(() => {
  const POLL_MS = 3000;
  const KEY_STORAGE = 'llmwatch.read-key';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const NOTICE = 'OPTIMAL_MODEL_CHANGED';

  const state = {
    key: sessionStorage.getItem(KEY_STORAGE),
    last: null,
    data: null,
    answers: new Map(), // path → { tag, body, fresh }: the last answer of each call and its ETag
    sort: {},
    seenAlerts: null,
    timer: null,
  };

  // ---------- small helpers ----------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') el.textContent = value;
      else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
  const slug = (text) => String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const taskId = (app, task) => 'task-' + slug(app + '-' + task);
  const taskKey = (app, task) => app + '/' + task;

  function usd(x, perCall) {
    if (!isNum(x)) return '—';
    const abs = Math.abs(x);
    const sign = x < 0 ? '−' : '';
    if (perCall || (abs > 0 && abs < 1)) {
      return sign + '$' + (abs === 0 ? '0' : abs < 0.01 ? abs.toPrecision(3) : abs.toFixed(4).replace(/0+$/, '').replace(/\.$/, ''));
    }
    return sign + '$' + abs.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : 2 });
  }
  const count = (x) => (isNum(x) ? Math.round(x).toLocaleString('en-US') : '—');
  const fixed = (x, digits) => (isNum(x) ? x.toFixed(digits) : '—');
  const signed = (x, digits = 3) => (isNum(x) ? (x < 0 ? '−' : '+') + Math.abs(x).toFixed(digits) : '—');
  const pct = (x) => (isNum(x) ? (x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1) + ' %' : '—');
  const ms = (x) => (isNum(x) ? (x >= 10000 ? (x / 1000).toFixed(1) + ' s' : Math.round(x).toLocaleString('en-US') + ' ms') : '—');
  const words = (text) => String(text || '').replace(/_/g, ' ');

  function time(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleTimeString('en-GB', { hour12: false });
  }

  function dateTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString('en-GB', { hour12: false });
  }

  function niceTicks(lo, hi, n) {
    const span = hi - lo || 1;
    const raw = span / n;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((st) => span / st <= n) || 10 * mag;
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    // enough decimals to tell the ticks apart: 0.005 → 3, 0.025 → 3, 0.02 → 2
    const places = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    ticks.digits = Math.max(2, Number.isInteger(Math.round(step * 10 ** places * 1e6) / 1e6) ? places : places + 1);
    return ticks;
  }

  // ---------- data ----------

  class AuthError extends Error {}

  /**
   * One API call. It names the ETag of the last answer, so an unchanged answer comes back as a
   * bodiless 304 and the last one is reused (no-store: the page, not the browser cache, keeps it).
   */
  async function api(path) {
    const headers = state.key ? { 'X-LLMWatch-Key': state.key } : {};
    const last = state.answers.get(path);
    if (last) headers['If-None-Match'] = last.tag;
    const response = await fetch(path, { headers, cache: 'no-store' });
    if (response.status === 401) throw new AuthError('a read key is required');
    if (response.status === 304 && last) {
      last.fresh = false;
      return last.body;
    }
    if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status);
    const body = await response.json();
    const tag = response.headers.get('ETag');
    if (tag) state.answers.set(path, { tag, body, fresh: true });
    return body;
  }

  async function refresh() {
    clearTimeout(state.timer);
    try {
      const [leaderboard, comparisons, history, recommendations, alerts] = await Promise.all([
        api('api/leaderboard'), api('api/comparisons'), api('api/comparisons/history'),
        api('api/recommendations'), api('api/alerts')]);
      document.getElementById('key-form').hidden = true;
      const unchanged = state.data && [...state.answers.values()].every((a) => !a.fresh);
      const text = unchanged ? state.last : JSON.stringify([leaderboard, comparisons, history, recommendations, alerts]);
      if (text !== state.last) {
        state.last = text;
        state.data = model(leaderboard, comparisons, history, recommendations, alerts);
        render();
      }
      setStatus('live', 'Live · updated ' + time(new Date().toISOString()));
    } catch (e) {
      if (e instanceof AuthError) {
        askForKey(state.key ? 'That key was refused.' : '');
        setStatus('error', 'Read key required');
        return; // polling resumes once a key is entered
      }
      setStatus('error', 'Cannot reach the query API (' + e.message + '); retrying');
    }
    state.timer = setTimeout(refresh, POLL_MS);
  }

  function setStatus(kind, text) {
    document.getElementById('status').dataset.state = kind;
    document.getElementById('status-text').textContent = text;
  }

  function askForKey(error) {
    const form = document.getElementById('key-form');
    form.hidden = false;
    document.getElementById('key-error').textContent = error;
    document.getElementById('key-input').focus();
  }

  /** Everything grouped by app/task. */
  function model(leaderboard, comparisons, history, recommendations, alerts) {
    const tasks = new Map();
    const task = (app, name) => {
      const key = taskKey(app, name);
      if (!tasks.has(key)) tasks.set(key, { app, task: name, rows: [], comparisons: [], recommendation: null, alerts: [] });
      return tasks.get(key);
    };
    for (const row of leaderboard) task(row.app, row.task_type).rows.push(row);
    const histories = new Map(history.map((hh) => [taskKey(hh.app, hh.task_type) + '/' + hh.candidate, hh.points || []]));
    for (const c of comparisons) {
      c.history = histories.get(taskKey(c.app, c.task_type) + '/' + c.candidate) || [];
      task(c.app, c.task_type).comparisons.push(c);
    }
    for (const r of recommendations) task(r.app, r.task_type).recommendation = r;
    const sorted = [...alerts].sort((a, b) => String(b.detected_at).localeCompare(String(a.detected_at)));
    const latestByKey = new Map();
    for (const a of sorted) if (!latestByKey.has(a.dedup_key)) latestByKey.set(a.dedup_key, a);
    const open = [...latestByKey.values()].filter((a) => a.type !== NOTICE && a.status === 'firing');
    for (const a of open) if (a.app && a.task_type) task(a.app, a.task_type).alerts.push(a);
    const list = [...tasks.values()].sort((a, b) => taskKey(a.app, a.task).localeCompare(taskKey(b.app, b.task)));
    return { tasks: list, alerts: sorted, latestByKey, open };
  }

  /**
   * Per model of a task: production rows, then replayed candidates the leaderboard does not have.
   * Quality against the incumbent ("delta") is the paired Δ and its confidence sequence where a
   * comparison exists; else, for a production model, the difference of quality means (unpaired).
   */
  function standings(t) {
    const incumbent = incumbentOf(t);
    const incumbentRow = t.rows.find((r) => r.model === incumbent);
    const out = t.rows.map((r) => ({
      model: r.model, role: r.model === incumbent ? 'incumbent' : 'production', calls: r.calls,
      cost: r.cost_mean, quality: r.quality_mean, ci: r.quality_ci_half_width, p95: r.latency_p95_ms,
      errorRate: r.error_rate, tokensIn: r.input_tokens_mean, tokensOut: r.output_tokens_mean,
      dimensions: r.dimensions || {},
    }));
    for (const c of t.comparisons) {
      if (out.some((o) => o.model === c.candidate)) continue;
      out.push({
        model: c.candidate, role: 'candidate', calls: c.replays, cost: c.candidate_cost_per_call,
        quality: null, ci: null, p95: c.latency_p95_ms, errorRate: c.replays ? c.failures / c.replays : null,
        tokensIn: null, tokensOut: null,
      });
    }
    const recommended = t.recommendation && t.recommendation.recommended_model;
    for (const o of out) {
      o.recommended = o.model === recommended;
      const c = t.comparisons.find((x) => x.candidate === o.model);
      const cs = c && c.confidence_sequence;
      if (o.role === 'incumbent') {
        Object.assign(o, { delta: 0, lo: 0, hi: 0, paired: true });
      } else if (c && isNum(c.mean_delta)) {
        Object.assign(o, { delta: c.mean_delta, lo: cs ? cs.lower : null, hi: cs ? cs.upper : null, paired: true });
      } else if (incumbentRow && isNum(o.quality) && isNum(incumbentRow.quality_mean)) {
        const hw = Math.hypot(o.ci || 0, incumbentRow.quality_ci_half_width || 0);
        const delta = o.quality - incumbentRow.quality_mean;
        Object.assign(o, { delta, lo: delta - hw, hi: delta + hw, paired: false });
      }
    }
    return out;
  }

  function marginOf(t) {
    if (t.recommendation && isNum(t.recommendation.margin)) return t.recommendation.margin;
    const c = t.comparisons.find((x) => isNum(x.margin));
    return c ? c.margin : null;
  }

  function incumbentOf(t) {
    return (t.recommendation && t.recommendation.incumbent)
      || (t.comparisons[0] && t.comparisons[0].incumbent)
      || (t.rows[0] && t.rows[0].model);
  }

  // ---------- rendering ----------

  function render() {
    const focused = document.activeElement && document.activeElement.id;
    renderOverview();
    renderTasks();
    renderAlerts();
    announceNewAlerts();
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  function renderOverview() {
    const root = document.getElementById('overview-cards');
    const { tasks } = state.data;
    root.replaceChildren(...(tasks.length ? tasks.map(card) : [h('p', { class: 'empty', text: 'No task has reported yet.' })]));
  }

  function card(t) {
    const r = t.recommendation;
    const incumbent = incumbentOf(t);
    const switching = r && r.recommended_model && r.recommended_model !== incumbent;
    const saving = r && r.projected_monthly_savings;
    return h('article', { class: 'card', 'aria-labelledby': taskId(t.app, t.task) + '-card' },
      h('h3', { id: taskId(t.app, t.task) + '-card' },
        h('a', { href: '#' + taskId(t.app, t.task) }, h('span', { class: 'app', text: t.app + ' / ' }), t.task)),
      r ? [
        h('p', { class: 'rec' },
          h('span', { class: 'label', text: 'Recommended' }),
          h('strong', { class: 'model', text: r.recommended_model }),
          h('span', { class: 'badge ' + (switching ? 'switch' : 'keep'), text: switching ? 'switch from ' + incumbent : 'keep' })),
        h('p', { class: 'saving' + (isNum(saving) && saving > 0 ? ' good' : '') },
          h('span', { class: 'label', text: 'Projected saving' }),
          h('strong', { text: isNum(saving) ? usd(saving) + ' / month' : '—' })),
        h('p', { class: 'why' }, h('span', { class: 'label', text: 'Why' }),
          h('span', { text: words(r.basis) + (r.summary ? ': ' + r.summary : '') })),
        r.candidate_model && r.candidate_model !== r.recommended_model
          ? h('p', { class: 'pending', text: r.candidate_model + ' has led for ' + r.candidate_windows
              + ' window(s); not yet held long enough to switch' }) : null,
      ] : h('p', { class: 'muted', text: 'No recommendation yet: waiting for paired evidence.' }),
      h('p', { class: 'open-alerts' + (t.alerts.length ? ' bad' : '') },
        h('span', { class: 'label', text: 'Open alerts' }),
        t.alerts.length
          ? h('span', {}, t.alerts.map((a, i) => [i ? ', ' : '', h('a', { href: '#alert-' + slug(a.alert_id), text: words(a.type).toLowerCase() })]))
          : h('span', { text: 'none' })));
  }

  function renderTasks() {
    const root = document.getElementById('task-list');
    const { tasks } = state.data;
    root.replaceChildren(...(tasks.length ? tasks.map(taskSection) : [h('p', { class: 'empty', text: 'No task has reported yet.' })]));
  }

  function taskSection(t) {
    const id = taskId(t.app, t.task);
    const rows = standings(t);
    return h('section', { class: 'task', id, 'aria-labelledby': id + '-h' },
      h('h3', { id: id + '-h' }, h('span', { class: 'app', text: t.app + ' / ' }), t.task),
      leaderboardTable(t, rows),
      h('div', { class: 'task-grid' },
        h('figure', { class: 'chart scatter-fig' },
          scatter(t, rows),
          h('figcaption', {}, 'Cost vs quality relative to the incumbent (whiskers: 95 % CS; hollow: unpaired). ',
            legend([['incumbent', 'incumbent'], ['recommended', 'recommended'], ['pareto', 'Pareto frontier'], ['margin', '−margin']]))),
        h('div', { class: 'comparisons' },
          h('h4', { text: 'Candidates against ' + (incumbentOf(t) || 'the incumbent') }),
          t.comparisons.length ? t.comparisons.map(comparisonBlock)
            : h('p', { class: 'muted', text: 'No candidate is being compared on this task.' }))));
  }

  function legend(items) {
    return h('span', { class: 'legend' }, items.map(([cls, label]) => h('span', { class: 'key ' + cls }, h('i', { 'aria-hidden': 'true' }), label)));
  }

  const COLUMNS = [
    { key: 'model', label: 'Model', cell: (r) => r.model, sort: (r) => r.model },
    { key: 'calls', label: 'Calls', num: true, cell: (r) => count(r.calls), sort: (r) => r.calls },
    { key: 'cost', label: 'Cost / call', num: true, cell: (r) => usd(r.cost, true), sort: (r) => r.cost },
    { key: 'quality', label: 'Quality ± 95 % CI', num: true, cell: (r) => (isNum(r.quality) ? fixed(r.quality, 3) + (isNum(r.ci) ? ' ± ' + fixed(r.ci, 3) : '') : '—'), sort: (r) => r.quality },
    { key: 'delta', label: 'Paired Δ [95 % CS]', num: true, cell: (r) => (r.role === 'incumbent' ? 'reference' : r.paired && isNum(r.delta) ? signed(r.delta) + (isNum(r.lo) ? ' [' + signed(r.lo) + ', ' + signed(r.hi) + ']' : '') : '—'), sort: (r) => (r.paired ? r.delta : null) },
    { key: 'p95', label: 'p95 latency', num: true, cell: (r) => ms(r.p95), sort: (r) => r.p95 },
    { key: 'errorRate', label: 'Error rate', num: true, cell: (r) => pct(r.errorRate), sort: (r) => r.errorRate },
    { key: 'dimensions', label: 'Dimensions (mean, n)', cell: (r) => dimensionsText(r.dimensions), sort: (r) => null },
    { key: 'tokens', label: 'Tokens in / out', num: true, cell: (r) => (isNum(r.tokensIn) ? count(r.tokensIn) + ' / ' + count(r.tokensOut) : '—'), sort: (r) => r.tokensIn },
  ];

  /** Each quality dimension's mean and n (docs/dimensions.md), e.g. "correctness 0.912 (n 120) · tone 0.800 (n 40)". */
  function dimensionsText(dimensions) {
    const names = Object.keys(dimensions || {}).sort();
    return names.length ? names.map((n) => n + ' ' + fixed(dimensions[n].mean, 3) + ' (n ' + count(dimensions[n].n) + ')').join(' · ') : '—';
  }

  function leaderboardTable(t, rows) {
    const id = taskId(t.app, t.task);
    const sort = state.sort[id] || { key: 'cost', dir: 1 };
    const column = COLUMNS.find((c) => c.key === sort.key) || COLUMNS[2];
    const sorted = [...rows].sort((a, b) => {
      const x = column.sort(a);
      const y = column.sort(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * sort.dir;
    });
    return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': id + '-caption', tabindex: '0' },
      h('table', { class: 'leaderboard' },
        h('caption', { id: id + '-caption' }, 'Leaderboard of ' + t.app + ' / ' + t.task,
          h('span', { class: 'muted', text: ' · production calls; candidates from their replays, judged in pairs against the incumbent' })),
        h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', {
          scope: 'col', class: c.num ? 'num' : null,
          'aria-sort': c.key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : null,
        }, h('button', {
          type: 'button', id: id + '-sort-' + c.key,
          onclick: () => {
            state.sort[id] = { key: c.key, dir: c.key === sort.key ? -sort.dir : (c.key === 'model' ? 1 : -1) };
            render();
          },
        }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true', text: c.key === sort.key ? (sort.dir > 0 ? ' ▲' : ' ▼') : '' })))))),
        h('tbody', {}, sorted.map((r) => h('tr', { class: ['row', r.role, r.recommended ? 'recommended' : ''].join(' ').trim() },
          COLUMNS.map((c, i) => (i === 0
            ? h('th', { scope: 'row' }, r.model,
              r.role === 'incumbent' ? h('span', { class: 'badge incumbent', text: 'incumbent' }) : null,
              r.role === 'candidate' ? h('span', { class: 'badge candidate', text: 'replayed' }) : null,
              r.recommended ? h('span', { class: 'badge recommended', text: 'recommended' }) : null)
            : h('td', { class: 'num', text: c.cell(r) }))))))));
  }

  // ---------- charts ----------

  /**
   * Cost (x) against quality relative to the incumbent (y: paired Δ with its confidence sequence, or an
   * unpaired difference of means, drawn hollow), with the −margin line and the Pareto frontier: the
   * models that no cheaper model matches on quality.
   */
  function scatter(t, rows) {
    const W = 520, H = 320, L = 62, R = 18, T = 16, B = 44;
    const pts = rows.filter((r) => isNum(r.cost) && isNum(r.delta));
    const margin = marginOf(t);
    const svg = s('svg', {
      class: 'scatter', viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': 'Cost per call against quality relative to ' + (incumbentOf(t) || 'the incumbent') + ' for ' + t.app + '/' + t.task + ': '
        + (pts.map((p) => p.model + ' ' + usd(p.cost, true) + ', Δ ' + signed(p.delta)).join('; ') || 'no priced model with quality evidence yet'),
    });
    if (!pts.length) {
      svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty', text: 'No model with both cost and quality evidence yet' }));
      return svg;
    }
    const maxCost = Math.max(...pts.map((p) => p.cost)) * 1.15 || 1;
    let lo = Math.min(0, isNum(margin) ? -margin : 0, ...pts.map((p) => (isNum(p.lo) ? p.lo : p.delta)));
    let hi = Math.max(0, ...pts.map((p) => (isNum(p.hi) ? p.hi : p.delta)));
    const pad = Math.max(0.01, (hi - lo) * 0.1);
    lo = Math.max(-1, lo - pad);
    hi = Math.min(1, hi + pad);
    const x = (v) => L + (v / maxCost) * (W - L - R);
    const y = (v) => T + (1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * (H - T - B);
    const g = s('g', {});
    for (const tick of niceTicks(0, maxCost, 4)) {
      g.append(s('line', { class: 'grid', x1: x(tick), x2: x(tick), y1: T, y2: H - B }),
        s('text', { class: 'tick', x: x(tick), y: H - B + 16, 'text-anchor': 'middle', text: '$' + Number(tick.toPrecision(3)) }));
    }
    const yTicks = niceTicks(lo, hi, 4);
    for (const tick of yTicks) {
      g.append(s('line', { class: 'grid', x1: L, x2: W - R, y1: y(tick), y2: y(tick) }),
        s('text', { class: 'tick', x: L - 8, y: y(tick) + 4, 'text-anchor': 'end', text: signed(tick, yTicks.digits) }));
    }
    g.append(s('line', { class: 'zero', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    if (isNum(margin)) {
      g.append(s('line', { class: 'margin-line', x1: L, x2: W - R, y1: y(-margin), y2: y(-margin) }),
        s('text', { class: 'margin-label', x: W - R - 4, y: y(-margin) + 14, 'text-anchor': 'end', text: '−margin ' + fixed(margin, 2) }));
    }
    g.append(s('text', { class: 'axis-label', x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', text: 'cost per call (USD)' }),
      s('text', { class: 'axis-label', x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(T + H - B) / 2})`, text: 'quality vs incumbent (Δ)' }));
    // Pareto frontier: going up in cost, keep each model that beats every cheaper one on quality.
    const frontier = [];
    for (const p of [...pts].sort((a, b) => a.cost - b.cost || b.delta - a.delta)) {
      if (!frontier.length || p.delta > frontier[frontier.length - 1].delta) frontier.push(p);
    }
    let d = '';
    frontier.forEach((p, i) => {
      d += i === 0 ? `M${x(p.cost)},${y(p.delta)}` : `H${x(p.cost)}V${y(p.delta)}`;
    });
    g.append(s('path', { class: 'pareto', d }));
    for (const p of pts) {
      const cx = x(p.cost), cy = y(p.delta);
      const onFrontier = frontier.includes(p);
      const point = s('g', { class: ['point', p.role, p.recommended ? 'recommended' : '', onFrontier ? 'on-frontier' : '', p.paired ? '' : 'unpaired'].join(' ').replace(/ +/g, ' ').trim() },
        s('title', { text: `${p.model} (${p.role}${p.recommended ? ', recommended' : ''}): ${usd(p.cost, true)} per call, `
          + (p.role === 'incumbent' ? 'the reference' : `Δ ${signed(p.delta)}${isNum(p.lo) ? ` [${signed(p.lo)}, ${signed(p.hi)}]` : ''}${p.paired ? ' paired' : ' unpaired (difference of means)'}`) }));
      if (isNum(p.lo) && p.role !== 'incumbent') {
        point.append(s('line', { class: 'whisker', x1: cx, x2: cx, y1: y(p.hi), y2: y(p.lo) }));
      }
      if (p.role === 'incumbent') point.append(s('circle', { class: 'ring', cx, cy, r: 11 }));
      point.append(p.recommended
        ? s('path', { class: 'mark', d: star(cx, cy, 9) })
        : s('circle', { class: 'mark', cx, cy, r: 6 }));
      const right = cx < W - 150;
      point.append(s('text', { class: 'point-label', x: cx + (right ? 14 : -14), y: cy - 8, 'text-anchor': right ? 'start' : 'end', text: p.model }));
      g.append(point);
    }
    svg.append(g);
    return svg;
  }

  function star(cx, cy, r) {
    let d = '';
    for (let i = 0; i < 10; i++) {
      const radius = i % 2 ? r * 0.45 : r;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      d += (i ? 'L' : 'M') + (cx + radius * Math.cos(a)).toFixed(1) + ',' + (cy + radius * Math.sin(a)).toFixed(1);
    }
    return d + 'Z';
  }

  function comparisonBlock(c) {
    const cs = c.confidence_sequence;
    const undecided = c.verdict === 'inconclusive' || !c.verdict;
    const id = 'cmp-' + slug(c.app + '-' + c.task_type + '-' + c.candidate);
    return h('article', { class: 'comparison verdict-' + (c.verdict || 'none'), id, 'aria-labelledby': id + '-h' },
      h('h5', { id: id + '-h' }, h('span', { class: 'model', text: c.candidate }),
        h('span', { class: 'badge verdict ' + (c.verdict || 'none'), text: words(c.verdict || 'no evidence') }),
        c.state ? h('span', { class: 'badge state ' + c.state, text: words(c.state) }) : null),
      h('figure', { class: 'chart delta-fig' }, deltaChart(c),
        h('figcaption', {}, 'Paired Δ (candidate − incumbent) over time. ',
          legend([['delta', 'mean Δ'], ['band', '95 % confidence sequence'], ['margin', '−margin'], ['restart', 'restart'], ['alarm', 'alarm']]))),
      h('dl', { class: 'facts' },
        fact('Pairs', count(c.n) + (c.restarts > 0 ? ' since restart' : '')),
        fact('Mean Δ', signed(c.mean_delta)),
        fact('95 % CS', cs ? '[' + signed(cs.lower) + ', ' + signed(cs.upper) + ']' : '—'),
        fact('Margin', isNum(c.margin) ? '−' + fixed(c.margin, 3) : '—'),
        fact('Cost / call', usd(c.candidate_cost_per_call, true) + ' vs ' + usd(c.incumbent_cost_per_call, true)),
        isNum(c.restarts) ? fact('Restarts', count(c.restarts)) : null,
        fact('Replay spend', usd(c.replay_spend_usd))),
      undecided && isNum(c.more_pairs_needed)
        ? h('p', { class: 'needed' }, 'Still needed: ', h('strong', { text: '≈ ' + count(c.more_pairs_needed) + ' more pairs' + (isNum(c.cost_of_more_pairs_usd) ? ', ≈ ' + usd(c.cost_of_more_pairs_usd) : '') }))
        : null,
      c.alarm ? h('p', { class: 'alarm-text', text: 'Last alarm: ' + c.alarm }) : null,
      c.critical && c.critical.length
        ? h('div', { class: 'critical-dims' }, h('h6', { text: 'Critical dimensions' }), h('ul', {}, c.critical.map(criticalItem)))
        : null,
      c.summary ? h('p', { class: 'summary muted', text: c.summary }) : null);
  }

  /** One critical dimension's paired evidence; a dimension not shown non-inferior blocks the candidate. */
  function criticalItem(d) {
    const good = d.verdict === 'non_inferior' || d.verdict === 'better';
    const cs = d.confidence_sequence;
    const evidence = isNum(d.mean_delta)
      ? 'Δ ' + signed(d.mean_delta) + (cs ? ', 95 % CS [' + signed(cs.lower) + ', ' + signed(cs.upper) + ']' : '')
        + ', n ' + count(d.n)
      : 'no paired evidence yet';
    return h('li', { class: good ? 'passes' : 'blocks' },
      h('strong', { text: d.dimension }), ' ',
      h('span', { class: 'badge verdict ' + (d.verdict || 'none'), text: words(d.verdict || 'no evidence') }),
      ' ' + evidence + ', margin −' + fixed(d.margin, 3) + (good ? '' : ' — blocks the recommendation')
        + (d.restarts > 0 ? ' (restarted ' + count(d.restarts) + '×)' : ''));
  }

  function fact(label, value) {
    return h('div', {}, h('dt', { text: label }), h('dd', { text: value }));
  }

  /** The comparison's mean Δ over its history, inside its confidence-sequence band, against −margin. */
  function deltaChart(c) {
    const W = 520, H = 220, L = 52, R = 14, T = 12, B = 30;
    let points = (c.history || []).filter((p) => isNum(p.mean_delta));
    if (!points.length && isNum(c.mean_delta)) {
      points = [{ updated_at: c.updated_at, n: c.n, mean_delta: c.mean_delta, confidence_sequence: c.confidence_sequence, state: c.state, restarts: c.restarts }];
    }
    const margin = isNum(c.margin) ? c.margin : 0;
    const svg = s('svg', {
      class: 'delta', viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': `Paired delta of ${c.candidate} against ${c.incumbent} over ${points.length} update(s): now ${signed(c.mean_delta)}, `
        + (c.confidence_sequence ? `confidence sequence ${signed(c.confidence_sequence.lower)} to ${signed(c.confidence_sequence.upper)}, ` : '')
        + `margin −${fixed(margin, 3)}, verdict ${words(c.verdict || 'none')}`,
    });
    if (!points.length) {
      svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty', text: 'No paired delta yet' }));
      return svg;
    }
    const times = points.map((p, i) => (p.updated_at ? Date.parse(p.updated_at) : i));
    const t0 = Math.min(...times), t1 = Math.max(...times);
    // The y range follows the deltas and the latest band; the first, very wide bands are clipped.
    const latest = points[points.length - 1].confidence_sequence;
    const deltas = points.map((p) => p.mean_delta);
    let lo = Math.min(-margin, 0, ...deltas, latest && isNum(latest.lower) ? latest.lower : 0);
    let hi = Math.max(0, ...deltas, latest && isNum(latest.upper) ? latest.upper : 0);
    const pad = Math.max(0.01, (hi - lo) * 0.12);
    lo = Math.max(-1, lo - pad);
    hi = Math.min(1, hi + pad);
    const x = (tt) => L + (t1 === t0 ? 0.5 : (tt - t0) / (t1 - t0)) * (W - L - R);
    const y = (v) => T + (1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * (H - T - B);
    const g = s('g', {});
    const yTicks = niceTicks(lo, hi, 4);
    for (const tick of yTicks) {
      g.append(s('line', { class: 'grid', x1: L, x2: W - R, y1: y(tick), y2: y(tick) }),
        s('text', { class: 'tick', x: L - 6, y: y(tick) + 4, 'text-anchor': 'end', text: signed(tick, yTicks.digits) }));
    }
    g.append(s('text', { class: 'tick', x: L, y: H - 8, text: points[0].updated_at ? time(points[0].updated_at) : 'first' }),
      s('text', { class: 'tick', x: W - R, y: H - 8, 'text-anchor': 'end', text: points[points.length - 1].updated_at ? time(points[points.length - 1].updated_at) : 'now' }));
    const banded = points.map((p, i) => ({ p, i })).filter(({ p }) => p.confidence_sequence && isNum(p.confidence_sequence.lower));
    if (banded.length) {
      const top = banded.map(({ p, i }) => `${x(times[i])},${y(p.confidence_sequence.upper)}`);
      const bottom = banded.map(({ p, i }) => `${x(times[i])},${y(p.confidence_sequence.lower)}`).reverse();
      const single = banded.length === 1;
      g.append(single
        ? s('rect', { class: 'band', x: x(times[banded[0].i]) - 4, width: 8, y: y(banded[0].p.confidence_sequence.upper), height: Math.max(1, y(banded[0].p.confidence_sequence.lower) - y(banded[0].p.confidence_sequence.upper)) })
        : s('polygon', { class: 'band', points: top.concat(bottom).join(' ') }));
    }
    g.append(s('line', { class: 'zero', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    g.append(s('line', { class: 'margin-line', x1: L, x2: W - R, y1: y(-margin), y2: y(-margin) }),
      s('text', { class: 'margin-label', x: W - R - 4, y: y(-margin) - 5, 'text-anchor': 'end', text: '−margin ' + fixed(margin, 2) }));
    // Restarts: the restart count grew, or the pairs started again from fewer.
    points.forEach((p, i) => {
      if (i === 0) return;
      const prev = points[i - 1];
      const restarted = (isNum(p.restarts) && isNum(prev.restarts) && p.restarts > prev.restarts) || (isNum(p.n) && isNum(prev.n) && p.n < prev.n);
      if (restarted) {
        g.append(s('line', { class: 'restart', x1: x(times[i]), x2: x(times[i]), y1: T, y2: H - B }, s('title', { text: 'restarted at ' + time(p.updated_at) })));
      }
      // A change alarm starts the evidence afresh, so a grown restart count is an alarm too.
      const alarmed = (p.state === 'alarmed' && prev.state !== 'alarmed') || (isNum(p.restarts) && isNum(prev.restarts) && p.restarts > prev.restarts);
      if (alarmed) {
        g.append(s('path', { class: 'alarm', d: `M${x(times[i])},${T + 2}l6,10h-12z` },
          s('title', { text: 'alarm at ' + time(p.updated_at) + (p.alarm ? ': ' + p.alarm : '') })));
      }
    });
    if (points.length === 1) {
      g.append(s('circle', { class: 'delta-dot', cx: x(times[0]), cy: y(points[0].mean_delta), r: 4 }));
    } else {
      g.append(s('polyline', { class: 'delta-line', points: points.map((p, i) => `${x(times[i])},${y(p.mean_delta)}`).join(' ') }));
    }
    const last = points[points.length - 1];
    g.append(s('circle', { class: 'delta-dot', cx: x(times[times.length - 1]), cy: y(last.mean_delta), r: 3.5 }));
    svg.append(g);
    return svg;
  }

  // ---------- alerts ----------

  function renderAlerts() {
    if (!state.data) return;
    const { alerts } = state.data;
    fillSelect('filter-type', [...new Set(alerts.map((a) => a.type))].sort(), 'All types');
    fillSelect('filter-app', [...new Set(alerts.map((a) => a.app).filter(Boolean))].sort(), 'All apps');
    const type = document.getElementById('filter-type').value;
    const app = document.getElementById('filter-app').value;
    const shown = alerts.filter((a) => (!type || a.type === type) && (!app || a.app === app));
    document.getElementById('alert-count').textContent = shown.length + ' of ' + alerts.length + ' alert(s)';
    document.getElementById('alert-strip').replaceChildren(strip(shown));
    const list = document.getElementById('alert-list');
    list.replaceChildren(...(shown.length ? shown.map(alertItem) : [h('li', { class: 'empty', text: alerts.length ? 'No alert matches the filters.' : 'No alert yet.' })]));
  }

  function fillSelect(id, values, allLabel) {
    const select = document.getElementById(id);
    const current = select.value;
    const known = [...select.options].map((o) => o.value).slice(1);
    if (known.join('\n') === values.join('\n')) return;
    select.replaceChildren(h('option', { value: '', text: allLabel }), ...values.map((v) => h('option', { value: v, text: words(v) })));
    select.value = values.includes(current) ? current : '';
  }

  /** The alerts on a time axis, one tick per alert, coloured by type. */
  function strip(alerts) {
    const W = 1000, H = 34;
    const svg = s('svg', { class: 'alert-strip', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    const times = alerts.map((a) => Date.parse(a.detected_at)).filter((t) => !isNaN(t));
    svg.append(s('line', { class: 'axis', x1: 0, x2: W, y1: H / 2, y2: H / 2 }));
    if (!times.length) return svg;
    const t0 = Math.min(...times), t1 = Math.max(...times);
    for (const a of alerts) {
      const t = Date.parse(a.detected_at);
      if (isNaN(t)) continue;
      const xx = 6 + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - 12);
      svg.append(s('rect', { class: 'tick-mark type-' + slug(a.type) + ' ' + (a.status || ''), x: xx - 2, y: 6, width: 4, height: H - 12, rx: 1 }));
    }
    return svg;
  }

  function alertItem(a) {
    const e = a.evidence || {};
    const details = e.details || {};
    const related = a.type === NOTICE ? (details.related_alerts || []) : [];
    return h('li', { class: 'alert ' + slug(a.type) + ' ' + (a.status || ''), id: 'alert-' + slug(a.alert_id) },
      h('div', { class: 'alert-head' },
        h('time', { datetime: a.detected_at, text: dateTime(a.detected_at) }),
        h('span', { class: 'badge sev ' + String(a.severity || '').toLowerCase(), text: String(a.severity || '').toLowerCase() }),
        h('span', { class: 'type type-' + slug(a.type), text: words(a.type) }),
        a.status ? h('span', { class: 'badge status ' + a.status, text: a.status }) : null,
        h('span', { class: 'where' }, a.app ? h('a', { href: '#' + taskId(a.app, a.task_type || ''), text: a.app + (a.task_type ? ' / ' + a.task_type : '') }) : null,
          a.model ? ' · ' + a.model : '')),
      h('p', { class: 'alert-summary', text: a.summary || '' }),
      a.type === NOTICE && isNum(e.projected_monthly_savings)
        ? h('p', { class: 'muted', text: `${e.from_model || '?'} → ${e.to_model || '?'} · projected saving ${usd(e.projected_monthly_savings)} / month` }) : null,
      related.length ? h('p', { class: 'related' }, 'Caused by: ', related.map((key, i) => {
        const target = state.data.latestByKey.get(key);
        return [i ? ', ' : '', target
          ? h('a', { href: '#alert-' + slug(target.alert_id), class: 'related-link', onclick: () => revealAlert(target) }, words(target.type).toLowerCase() + (target.model ? ' of ' + target.model : ''))
          : h('span', { text: key })];
      })) : null);
  }

  /** A linked alert may be hidden by the filters: show everything first. */
  function revealAlert(target) {
    const type = document.getElementById('filter-type');
    const app = document.getElementById('filter-app');
    if ((type.value && type.value !== target.type) || (app.value && app.value !== target.app)) {
      type.value = '';
      app.value = '';
      renderAlerts();
    }
  }

  function announceNewAlerts() {
    const ids = new Set(state.data.alerts.map((a) => a.alert_id));
    if (state.seenAlerts) {
      const fresh = state.data.alerts.filter((a) => !state.seenAlerts.has(a.alert_id));
      if (fresh.length) {
        document.getElementById('announce').textContent = fresh.length === 1
          ? 'New alert: ' + fresh[0].summary : fresh.length + ' new alerts; the newest: ' + fresh[0].summary;
      }
    }
    state.seenAlerts = ids;
  }

  // ---------- start ----------

  document.getElementById('filter-type').addEventListener('change', renderAlerts);
  document.getElementById('filter-app').addEventListener('change', renderAlerts);
  document.getElementById('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.key = document.getElementById('key-input').value.trim();
    sessionStorage.setItem(KEY_STORAGE, state.key);
    refresh();
  });
  refresh();
})();
