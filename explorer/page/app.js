// The explorer page: controls built from the code's tables (the module's mv_tables), a batch
// run in Web Workers on every change, and charts of the batch beside the baseline's.
// Nothing here names a parameter, mechanism, action or outcome: every list comes from the tables.
'use strict';

const explorer = (window.explorer = {ready: false, batches: 0, redraws: 0, errors: [], timings: []});
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, children = []) => {
  const e = Object.assign(document.createElement(tag), props);
  for (const c of children) e.append(c);
  return e;
};
const fmt = (x) => (Number.isFinite(x) ? String(+x.toPrecision(4)) : 'n/a');
window.addEventListener('error', (e) => explorer.errors.push(String(e.message)));

// ---- Workers: one module instance each; a batch is split between them by replicate. ----
const workerUrl = URL.createObjectURL(new Blob([$('worker-source').textContent], {type: 'text/javascript'}));
const workers = [];
const pending = new Map();
let nextRequest = 0;
for (let i = 0; i < Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)); ++i) {
  const w = new Worker(workerUrl);
  w.onmessage = (e) => {
    const {id, reply} = e.data;
    const p = pending.get(id);
    pending.delete(id);
    if (reply && reply.error) p.reject(new Error(reply.error));
    else p.resolve(reply);
  };
  w.onerror = (e) => fail(e.message || 'worker failed');
  workers.push(w);
}
function ask(worker, message) {
  return new Promise((resolve, reject) => {
    const id = nextRequest++;
    pending.set(id, {resolve, reject});
    workers[worker].postMessage({id, ...message});
  });
}

/// Replicates [0, runs) of a page state, each worker a contiguous share, joined in replicate order.
async function runBatch(state) {
  const share = Math.ceil(state.runs / workers.length);
  const parts = [];
  for (let w = 0; w < workers.length; ++w) {
    const first = w * share, count = Math.min(share, state.runs - first);
    if (count > 0) parts.push(ask(w, {kind: 'run', state, first, count}));
  }
  const replies = await Promise.all(parts);
  const {steps, start, outcomes: K, series: S} = replies[0].meta;
  const batch = {runs: state.runs, steps, start, K, S, seeds: [],
    outcomes: new Float64Array(state.runs * K), series: new Float32Array(state.runs * steps * S)};
  let at = 0;
  for (const r of replies) {
    batch.outcomes.set(r.outcomes, at * K);
    batch.series.set(r.series, at * steps * S);
    batch.seeds.push(...r.seeds);
    at += r.meta.runs;
  }
  return batch;
}

// ---- Page state ----
let tables, base;  // the code's tables; the resolved base scenario (mv_scenario)
const state = {scenario: '', lens: '', runs: 200, citizens: 1000, seed: 0, parameters: {}, mechanisms: {}, events: []};
const fanSlots = ['align_russia', 'balance_index', 'russian_route_share', 'separatist_sentiment'];
let addedEvents = 0;

function setStatus(kind, text) {
  $('status').className = kind;
  $('status').textContent = text;
}
function fail(message) {
  explorer.errors.push(message);
  setStatus('error', message);
}
/// The comparison: the first shipped scenario (the baseline) at the page's size and seed.
function referenceState() {
  return {scenario: tables.scenarios[0].file, lens: '', runs: state.runs, citizens: state.citizens, seed: state.seed};
}

// ---- Controls ----
function option(value, text, selected) {
  return el('option', {value, textContent: text, selected});
}

function buildRunSettings() {
  const box = $('run-settings');
  box.replaceChildren();
  for (const key of ['runs', 'citizens', 'seed']) {
    const s = tables.run_settings[key];
    const input = el('input', {type: 'number', min: s.lower, max: s.upper, step: 1, value: state[key],
      title: s.description});
    input.addEventListener('change', () => {
      const v = Math.round(Number(input.value));
      if (!(v >= s.lower && v <= s.upper)) return fail(`${key} must be between ${s.lower} and ${s.upper}`);
      state[key] = v;
      changed();
    });
    box.append(el('label', {textContent: `${key} ${s.unit ? '(' + s.unit + ') ' : ''}`}, [input]));
  }
}

function buildMechanisms() {
  const box = $('mechanisms');
  box.replaceChildren();
  tables.mechanisms.forEach((m) => {
    const input = el('input', {type: 'checkbox', checked: state.mechanisms[m.name], name: m.name});
    input.addEventListener('change', () => {
      state.mechanisms[m.name] = input.checked;
      changed();
    });
    box.append(el('label', {className: 'mechanism', title: `${m.name}: ${m.description}\n${m.reference}`},
      [input, ` ${m.concept}`]));
  });
}

function parameterRow(p, i) {
  const row = el('div', {className: 'param'});
  const b = base.parameters[i];
  const input = el('input', {type: 'range', min: p.lower, max: p.upper, step: (p.upper - p.lower) / 1000, name: p.name});
  const text = el('span', {className: 'value'});
  const reset = el('button', {type: 'button', textContent: 'reset'});
  const show = () => {
    const set = p.name in state.parameters;
    row.classList.toggle('set', set);
    reset.hidden = !set;
    input.value = set ? state.parameters[p.name] : b.expected;
    text.textContent = set ? `fixed at ${fmt(state.parameters[p.name])} ${p.unit}` : `${b.distribution} ${p.unit} (drawn per replicate)`;
  };
  input.addEventListener('input', () => (text.textContent = `${fmt(Number(input.value))} ${p.unit}`));
  input.addEventListener('change', () => {
    state.parameters[p.name] = Number(input.value);
    show();
    changed();
  });
  reset.addEventListener('click', () => {
    delete state.parameters[p.name];
    show();
    changed();
  });
  row.title = `${p.description}\nunit: ${p.unit}; bounds ${p.lower} to ${p.upper}; prior ${p.prior_min} to ${p.prior_max}\n` +
    `in this scenario: ${b.distribution}\nsource: ${b.source}`;
  row.append(el('div', {className: 'name', textContent: p.name}), input, text, ' ', reset);
  show();
  return row;
}

function buildParameters() {
  const box = $('parameters');
  box.replaceChildren(...tables.parameters.map(parameterRow));
  filterParameters();
}
function filterParameters() {
  const q = $('param-filter').value.trim().toLowerCase();
  for (const row of $('parameters').children) row.hidden = q !== '' && !row.textContent.toLowerCase().includes(q) &&
    !row.title.toLowerCase().includes(q);
}

// ---- Event timeline ----
const monthIndex = (ym) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
const monthText = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const actionOf = (name) => tables.actions.find((a) => a.name === name);

function addEvent() {
  const a = tables.actions[0];
  const mid = Math.round((monthIndex(base.start) + monthIndex(base.horizon)) / 2);
  state.events.push({id: `explorer_event_${++addedEvents}`, date: monthText(mid), actor: a.actors[0], action: a.name,
    magnitude: a.magnitude_default, duration: 1, source: 'added in the explorer'});
  buildEvents();
  changed();
}

function eventRow(e, k) {
  const a = actionOf(e.action);
  const date = el('input', {type: 'month', value: e.date, min: base.start, max: base.horizon, name: 'date'});
  const action = el('select', {name: 'action', title: a.description},
    tables.actions.map((x) => option(x.name, x.name, x.name === e.action)));
  const actor = el('select', {name: 'actor'}, a.actors.map((x) => option(x, x, x === e.actor)));
  const magnitude = el('input', {type: 'number', name: 'magnitude', value: e.magnitude, min: a.magnitude_lower,
    max: a.magnitude_upper, step: 'any', title: a.magnitude_meaning});
  const months = monthIndex(base.horizon) - monthIndex(base.start) + 1;
  const duration = el('input', {type: 'number', name: 'duration', value: e.duration, min: 1, max: months, step: 1});
  const remove = el('button', {type: 'button', textContent: 'remove'});
  date.addEventListener('change', () => date.value && ((e.date = date.value), edited()));
  action.addEventListener('change', () => {
    const next = actionOf(action.value);
    e.action = next.name;
    if (!next.actors.includes(e.actor)) e.actor = next.actors[0];
    e.magnitude = next.magnitude_default;
    edited();
  });
  actor.addEventListener('change', () => ((e.actor = actor.value), edited()));
  magnitude.addEventListener('change', () => ((e.magnitude = Number(magnitude.value)), edited()));
  duration.addEventListener('change', () => ((e.duration = Math.round(Number(duration.value))), edited()));
  remove.addEventListener('click', () => (state.events.splice(k, 1), edited()));
  const cells = [date, actor, action, magnitude, duration, remove].map((c) => el('td', {}, [c]));
  return el('tr', {title: `${e.id}: ${e.source || ''}`}, cells);
}

function edited() {
  buildEvents();
  changed();
}

function buildEvents() {
  const head = $('events').tHead;
  head.replaceChildren(el('tr', {}, ['date', 'actor', 'action', 'magnitude', 'months', ''].map((h) => el('th', {textContent: h}))));
  $('events').tBodies[0].replaceChildren(...state.events.map(eventRow));
  drawTimeline();
}

/// The timeline strip: one marker per event at its month, dragged to move it.
function drawTimeline() {
  const svg = $('timeline');
  const ns = 'http://www.w3.org/2000/svg';
  const width = svg.clientWidth || 800, pad = 20;
  const s0 = monthIndex(base.start), s1 = monthIndex(base.horizon);
  const x = (m) => pad + ((m - s0) / Math.max(1, s1 - s0)) * (width - 2 * pad);
  const node = (tag, attrs) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    return n;
  };
  svg.replaceChildren(node('line', {x1: pad, x2: width - pad, y1: 40, y2: 40, stroke: '#999'}));
  for (let y = Math.ceil(s0 / 12) * 12; y <= s1; y += 12) {
    svg.append(node('line', {x1: x(y), x2: x(y), y1: 36, y2: 44, stroke: '#999'}));
    const label = node('text', {x: x(y), y: 58, 'font-size': 10, 'text-anchor': 'middle'});
    label.textContent = y / 12;
    svg.append(label);
  }
  state.events.forEach((e) => {
    const m = monthIndex(e.date);
    const g = node('g', {class: 'marker'});
    g.append(node('rect', {x: x(m), y: 30, width: Math.max(2, x(m + e.duration) - x(m)), height: 6, fill: '#d88'}));
    g.append(node('circle', {cx: x(m), cy: 24, r: 6, fill: '#b33'}));
    const title = node('title', {});
    title.textContent = `${e.date} ${e.actor} ${e.action} (drag to move)`;
    g.append(title);
    g.addEventListener('pointerdown', (down) => {
      g.setPointerCapture(down.pointerId);
      const move = (ev) => {
        const rect = svg.getBoundingClientRect();
        const month = Math.round(s0 + ((ev.clientX - rect.left - pad) / (width - 2 * pad)) * (s1 - s0));
        e.date = monthText(Math.min(s1, Math.max(s0, month)));
        g.setAttribute('transform', `translate(${x(monthIndex(e.date)) - x(m)},0)`);
      };
      g.addEventListener('pointermove', move);
      g.addEventListener('pointerup', () => (g.removeEventListener('pointermove', move), edited()), {once: true});
    });
    svg.append(g);
  });
}

// ---- Statistics of a batch (display only; the batch's numbers are the module's) ----
function quantileSorted(a, q) {
  if (!a.length) return NaN;
  const h = (a.length - 1) * q, lo = Math.floor(h), hi = Math.ceil(h);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);  // type 7, as sim/stats
}
function outcomeColumn(batch, k) {
  const v = new Float64Array(batch.runs);
  for (let r = 0; r < batch.runs; ++r) v[r] = batch.outcomes[r * batch.K + k];
  return v;
}
function seriesBands(batch, s, qs) {
  const bands = qs.map(() => new Array(batch.steps));
  const v = new Float64Array(batch.runs);
  for (let t = 0; t < batch.steps; ++t) {
    for (let r = 0; r < batch.runs; ++r) v[r] = batch.series[(r * batch.steps + t) * batch.S + s];
    const sorted = v.filter(Number.isFinite).sort();
    qs.forEach((q, j) => (bands[j][t] = quantileSorted(sorted, q)));
  }
  return bands;
}
function mean(values) {
  let n = 0, sum = 0;
  for (const x of values) if (Number.isFinite(x)) (sum += x), ++n;
  return n ? sum / n : NaN;
}
/// Mean of the per-replicate differences b - a, its 95% normal interval (as sim/stats).
function pairedDifference(a, b) {
  const d = [];
  for (let i = 0; i < a.length; ++i) if (Number.isFinite(a[i]) && Number.isFinite(b[i])) d.push(b[i] - a[i]);
  const m = mean(d);
  if (d.length < 2) return {mean: NaN, low: NaN, high: NaN};
  const se = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1) / d.length);
  return {mean: m, low: m - 1.959964 * se, high: m + 1.959964 * se};
}

// ---- Charts ----
const charts = {};
const blue = (alpha) => `rgba(31, 90, 160, ${alpha})`, grey = (alpha) => `rgba(90, 90, 90, ${alpha})`;
const line = (label, data, color, extra = {}) =>
  ({label, data, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5, fill: false, ...extra});
const band = (label, data, fillColor) =>
  line(label, data, 'rgba(0,0,0,0)', {borderWidth: 0, fill: '-1', backgroundColor: fillColor});

function chartOn(canvas, config) {
  if (charts[canvas.id]) {
    const c = charts[canvas.id];
    c.data = config.data;
    c.options.plugins.title.text = config.options.plugins.title.text;
    c.update();
    return c;
  }
  config.options = {animation: false, responsive: true, maintainAspectRatio: false, ...config.options};
  return (charts[canvas.id] = new Chart(canvas, config));
}

function buildFans() {
  $('fans').replaceChildren(...fanSlots.map((name, slot) => {
    const select = el('select', {}, tables.series.map((s) => option(s.name, `${s.name} (${s.unit})`, s.name === name)));
    select.addEventListener('change', () => ((fanSlots[slot] = select.value), draw()));
    return el('div', {}, [select, el('div', {className: 'chart'}, [el('canvas', {id: `fan-${slot}`})])]);
  }));
}

function drawFan(slot, batch, ref) {
  const s = tables.series.findIndex((x) => x.name === fanSlots[slot]);
  const spec = tables.series[s];
  const [p05, p25, p50, p75, p95] = seriesBands(batch, s, [0.05, 0.25, 0.5, 0.75, 0.95]);
  const [r05, r50, r95] = seriesBands(ref, s, [0.05, 0.5, 0.95]);
  const start = monthIndex(batch.start);
  const labels = Array.from({length: batch.steps}, (_, t) => monthText(start + t));
  chartOn($(`fan-${slot}`), {type: 'line', data: {labels, datasets: [
    line('baseline 95%', r95, grey(0.15), {borderWidth: 0}), band('baseline 5%', r05, grey(0.1)),
    line('baseline median', r50, grey(0.6), {borderDash: [4, 3]}),
    line('95%', p95, blue(0), {borderWidth: 0}), band('5%', p05, blue(0.15)),
    line('75%', p75, blue(0), {borderWidth: 0}), band('25%', p25, blue(0.3)),
    line('median', p50, blue(1))]},
  options: {plugins: {legend: {display: false}, title: {display: true, text: `${spec.description} (${spec.unit})`}},
    scales: {x: {ticks: {maxTicksLimit: 10}}}}});
}

function drawHistogram(batch, ref) {
  const name = $('histogram-outcome').value;
  const k = tables.outcomes.findIndex((o) => o.name === name);
  const cur = outcomeColumn(batch, k).filter(Number.isFinite), old = outcomeColumn(ref, k).filter(Number.isFinite);
  let lo = Math.min(...cur, ...old), hi = Math.max(...cur, ...old);
  if (!(hi > lo)) hi = lo + 1;
  const bins = 20, width = (hi - lo) / bins;
  const count = (values) => {
    const c = new Array(bins).fill(0);
    for (const x of values) c[Math.min(bins - 1, Math.floor((x - lo) / width))] += 1 / values.length;
    return c;
  };
  const labels = Array.from({length: bins}, (_, i) => fmt(lo + (i + 0.5) * width));
  chartOn($('histogram'), {type: 'bar', data: {labels, datasets: [
    {label: 'this scenario', data: count(cur), backgroundColor: blue(0.7), grouped: false, order: 1},
    {label: 'baseline', data: count(old), backgroundColor: grey(0.25), grouped: false, order: 2}]},
  options: {plugins: {title: {display: true, text: `${tables.outcomes[k].description} (${tables.outcomes[k].unit}): share of replicates`}}}});
}

function drawEventChart(batch, ref) {
  const events = tables.outcomes.map((o, k) => ({o, k})).filter(({o}) => o.is_event);
  const prob = (b, k) => mean(outcomeColumn(b, k));
  chartOn($('events-chart'), {type: 'bar', data: {labels: events.map(({o}) => o.name), datasets: [
    {label: 'this scenario', data: events.map(({k}) => prob(batch, k)), backgroundColor: blue(0.7)},
    {label: 'baseline', data: events.map(({k}) => prob(ref, k)), backgroundColor: grey(0.3)}]},
  options: {scales: {y: {min: 0, max: 1}}, plugins: {title: {display: true, text: 'probability over the run'}}}});
}

function drawDifferences(batch, ref) {
  $('differences').tHead.replaceChildren(el('tr', {}, ['outcome', 'unit', 'this scenario', 'baseline', 'difference', '95% interval']
    .map((h) => el('th', {textContent: h}))));
  explorer.summary = {};
  $('differences').tBodies[0].replaceChildren(...tables.outcomes.map((o, k) => {
    const a = outcomeColumn(ref, k), b = outcomeColumn(batch, k);
    const d = pairedDifference(a, b);
    explorer.summary[o.name] = {mean: mean(b), baseline: mean(a), difference: d.mean, low: d.low, high: d.high};
    const num = (x) => el('td', {className: 'num', textContent: fmt(x)});
    return el('tr', {title: o.description}, [el('td', {textContent: o.name}), el('td', {textContent: o.unit}),
      num(mean(b)), num(mean(a)), num(d.mean), el('td', {className: 'num', textContent: `${fmt(d.low)} to ${fmt(d.high)}`})]);
  }));
}

let shown = null;  // {batch, ref} on screen
function draw() {
  if (!shown) return;
  const {batch, ref} = shown;
  fanSlots.forEach((_, slot) => drawFan(slot, batch, ref));
  drawHistogram(batch, ref);
  drawEventChart(batch, ref);
  drawDifferences(batch, ref);
  explorer.redraws++;
}

// ---- Running: every change runs a batch; changes made meanwhile are merged into the next ----
let reference = null, running = false, dirty = false;
function pageState() {
  return {...state, events: state.events.map(({id, date, actor, action, magnitude, duration, source}) =>
    ({id, date, actor, action, magnitude, duration, source}))};
}
function changed() {
  dirty = true;
  if (!running) cycle();
}
async function cycle() {
  running = true;
  while (dirty) {
    dirty = false;
    const st = pageState();
    setStatus('busy', `running ${st.runs} replicates of ${st.citizens} citizens…`);
    try {
      const refKey = JSON.stringify(referenceState());
      if (!reference || reference.key !== refKey) reference = {key: refKey, batch: await runBatch(referenceState())};
      const t0 = performance.now();
      const batch = await runBatch(st);
      if (dirty) continue;  // a newer change is waiting: show that one
      shown = {batch, ref: reference.batch};
      draw();
      const ms = performance.now() - t0;
      explorer.timings.push(ms);
      if (explorer.batches++ === 0) explorer.firstDrawn = performance.now();  // since the page opened
      explorer.last = {state: st, runs: batch.runs, outcomes: batch.outcomes, seeds: batch.seeds,
        outcomeNames: tables.outcomes.map((o) => o.name)};
      setStatus('', `${st.runs} replicates of ${st.citizens} citizens: run and drawn in ${(ms / 1000).toFixed(2)} s ` +
        `on ${workers.length} worker${workers.length > 1 ? 's' : ''}`);
    } catch (e) {
      fail(e.message);
    }
  }
  running = false;
}

// ---- Scenario and lens ----
async function loadBase(resetChanges) {
  base = await ask(0, {kind: 'scenario', state: {scenario: state.scenario, lens: state.lens}});
  $('scenario-description').textContent = base.description;
  if (resetChanges) {
    state.parameters = {};
    state.mechanisms = Object.fromEntries(tables.mechanisms.map((m, i) => [m.name, base.mechanisms[i]]));
    state.events = base.events;
  }
  buildMechanisms();
  buildParameters();
  buildEvents();
  changed();
}

async function download() {
  try {
    const {toml} = await ask(0, {kind: 'toml', state: pageState()});
    const a = el('a', {href: URL.createObjectURL(new Blob([toml], {type: 'application/toml'})), download: 'explorer_scenario.toml'});
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    fail(e.message);
  }
}

async function start() {
  tables = explorer.tables = await ask(0, {kind: 'tables'});
  state.scenario = tables.scenarios[0].file;
  state.seed = tables.run_settings.seed.default;
  $('scenario').append(...tables.scenarios.map((s) => option(s.file, s.name, false)));
  $('lens').append(option('', 'none', true), ...tables.lenses.map((l) => option(l.name, l.name, false)));
  $('lens').title = tables.lenses.map((l) => `${l.name}: ${l.description}`).join('\n');
  $('histogram-outcome').append(...tables.outcomes.filter((o) => !o.is_event).map((o) => option(o.name, o.name, false)));
  $('scenario').addEventListener('change', () => ((state.scenario = $('scenario').value), loadBase(true)));
  $('lens').addEventListener('change', () => ((state.lens = $('lens').value), loadBase(false)));
  $('histogram-outcome').addEventListener('change', draw);
  $('param-filter').addEventListener('input', filterParameters);
  $('add-event').addEventListener('click', addEvent);
  $('download').addEventListener('click', download);
  $('reset').addEventListener('click', () => loadBase(true));
  window.addEventListener('resize', drawTimeline);
  buildRunSettings();
  buildFans();
  await loadBase(true);
  explorer.ready = true;
}
start().catch((e) => fail(e.message));
