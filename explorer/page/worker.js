// The explorer's worker: one instance of the WebAssembly module (MultivectorModule, inlined just
// above this file by the build), answering the page's requests one at a time. Numbers come back
// as typed arrays, transferred rather than copied.
'use strict';
const moduleReady = MultivectorModule();

function call(mod, name, types, args) {
  return JSON.parse(mod.ccall(name, 'string', types, args));
}

/// The scenario file of a page state: TOML text, or the module's JSON error.
function scenarioToml(mod, state) {
  const text = mod.ccall('mv_toml', 'string', ['string'], [JSON.stringify(state)]);
  return text.startsWith('{') ? JSON.parse(text) : {toml: text};
}

function runBatch(mod, state, first, count) {
  const meta = call(mod, 'mv_run', ['string', 'number', 'number'], [JSON.stringify(state), first, count]);
  if (meta.error) return {reply: meta, transfer: []};
  const outcomes = new Float64Array(mod.HEAPF64.buffer, mod._mv_outcomes(), meta.runs * meta.outcomes).slice();
  const series = new Float32Array(mod.HEAPF32.buffer, mod._mv_series(), meta.runs * meta.steps * meta.series).slice();
  const seeds = call(mod, 'mv_seeds', [], []);
  return {reply: {meta, outcomes, series, seeds}, transfer: [outcomes.buffer, series.buffer]};
}

onmessage = async (event) => {
  const {id, kind, state, first, count} = event.data;
  let answer = {reply: null, transfer: []};
  try {
    const mod = await moduleReady;
    if (kind === 'tables') answer.reply = call(mod, 'mv_tables', [], []);
    else if (kind === 'scenario') answer.reply = call(mod, 'mv_scenario', ['string'], [JSON.stringify(state)]);
    else if (kind === 'toml') answer.reply = scenarioToml(mod, state);
    else if (kind === 'run') answer = runBatch(mod, state, first, count);
    else answer.reply = {error: 'unknown request ' + kind};
  } catch (e) {
    answer.reply = {error: String(e)};
  }
  postMessage({id, reply: answer.reply}, answer.transfer);
};
