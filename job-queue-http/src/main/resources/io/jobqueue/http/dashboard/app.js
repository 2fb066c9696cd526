// The jobqueue dashboard: plain JavaScript against the server's JSON API, no build step, nothing
// loaded from elsewhere. It polls the API, and re-draws a table only when its data changed, so a
// button does not move under the pointer between two polls.
'use strict';

const POLL_MILLIS = 1500;
const CHART_SECONDS = 300;
const RATE_SECONDS = 10;
const PAGE_SIZE = 20;
const HISTORY = 'history';
const TOKEN_KEY = 'jobqueue.token';
const STATES = ['buried', 'ready', 'delayed', 'reserved'];
const COLORS = ['#0366d6', '#d73a49', '#28a745', '#6f42c1', '#e36209', '#005cc5', '#b08800', '#24292e'];

// Where each thing lives on the server; the rest of the page only calls these.
const api = {
  pipelines: () => get('/api/pipelines'),
  jobs: (pipeline, state, offset) =>
    get(`/api/pipelines/${enc(pipeline)}/jobs?state=${state}&offset=${offset}&limit=${PAGE_SIZE}`),
  job: (id) => get(`/api/jobs/${id}`),
  pipelineHistory: (pipeline, offset) =>
    get(`/api/pipelines/${enc(pipeline)}/history?offset=${offset}&limit=${PAGE_SIZE}`),
  jobHistory: (id) => get(`/api/jobs/${id}/history`),
  limits: (pipeline) => get(`/api/pipelines/${enc(pipeline)}/limits`),
  workers: () => get('/api/workers'),
  schedules: () => get('/api/schedules'),
  kickJob: (id) => send('POST', `/api/jobs/${id}/kick`),
  deleteJob: (id) => send('DELETE', `/api/jobs/${id}`),
  kickAll: (pipeline, bound) => send('POST', `/api/pipelines/${enc(pipeline)}/kick?bound=${bound}`),
  pause: (pipeline, seconds) => send('POST', `/api/pipelines/${enc(pipeline)}/pause?seconds=${seconds}`),
  resume: (pipeline) => send('POST', `/api/pipelines/${enc(pipeline)}/resume`),
  pauseSchedule: (name) => send('POST', `/api/schedules/${encodeURIComponent(name)}/pause`),
  resumeSchedule: (name) => send('POST', `/api/schedules/${encodeURIComponent(name)}/resume`),
};

const view = {
  token: null,
  readOnly: false,
  pipeline: null,
  state: 'buried',
  offset: 0, // of the page of jobs shown
  jobId: null,
  timer: null,
  polling: false,
  pollAgain: false,
  drawn: {},
  samples: [], // {at: millis, rates: {pipeline: jobs per second}}
  seen: new Set(), // names of the pipelines listed since the page opened
  counts: [], // {at: millis, totals: {pipeline: jobs}} of the last RATE_SECONDS
  optional: {}, // sections the server does not have (404): not asked again
};

// an answer other than 2xx, with the message of the API's error body
class HttpError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
  }
}

// ---- start ----

document.addEventListener('DOMContentLoaded', () => {
  // #token=...: not URLSearchParams, which reads a base64 token's '+' as a space
  const fragment = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (fragment) {
    // the fragment never reaches the server; take it out of the address bar and the history
    sessionStorage.setItem(TOKEN_KEY, percentDecoded(fragment[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, byId('token-input').value.trim());
    byId('token-input').value = '';
    start();
  });
  byId('change-token').addEventListener('click', () => askToken(''));
  byId('close-job').addEventListener('click', () => showJob(null));
  start();
});

function percentDecoded(text) {
  try {
    return decodeURIComponent(text);
  } catch (malformed) {
    return text; // a '%' that starts no escape: the token as it was typed
  }
}

function start() {
  view.token = sessionStorage.getItem(TOKEN_KEY);
  if (!view.token) {
    askToken('');
    return;
  }
  byId('token-form').hidden = true;
  byId('content').hidden = false;
  clearMessage();
  view.readOnly = false;
  view.drawn = {};
  poll();
}

function askToken(message) {
  clearTimeout(view.timer);
  view.timer = null;
  sessionStorage.removeItem(TOKEN_KEY);
  byId('content').hidden = true;
  byId('token-form').hidden = false;
  byId('token-input').focus();
  byId('status').textContent = 'no token';
  if (message) showMessage(message);
  else clearMessage();
}

// ---- polling ----

async function poll() {
  if (view.polling) {
    view.pollAgain = true; // a click during a poll: poll once more right after it
    return;
  }
  view.polling = true;
  clearTimeout(view.timer);
  let stop = false;
  try {
    const pipelines = await api.pipelines();
    drawPipelines(pipelines.pipelines);
    await Promise.all([refreshJobs(), refreshJob(), refreshOptional('workers', drawWorkers),
      refreshOptional('schedules', drawSchedules)]);
    byId('status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    if (!view.readOnly) clearMessage();
  } catch (error) {
    stop = handleAuth(error);
    if (!stop) {
      byId('status').textContent = `not updated since ${new Date().toLocaleTimeString()}`;
      showMessage(`Could not refresh: ${error.message}`);
    }
  } finally {
    view.polling = false;
  }
  if (stop) return;
  if (view.pollAgain) {
    view.pollAgain = false;
    poll();
  } else {
    view.timer = setTimeout(poll, POLL_MILLIS);
  }
}

// a section the server may not have: schedules without a scheduler answer 404
async function refreshOptional(name, draw) {
  if (view.optional[name] === false) return;
  try {
    draw((await api[name]())[name]);
    view.optional[name] = true;
  } catch (error) {
    if (error.status !== 404) throw error;
    view.optional[name] = false;
    byId(`${name}-section`).hidden = true;
  }
}

async function refreshJobs() {
  if (!view.pipeline) {
    byId('jobs-section').hidden = true;
    return;
  }
  // asked for itself, not taken from the list of pipelines: a drained pipeline is not listed
  drawLimits((await api.limits(view.pipeline)).limits);
  if (view.state !== HISTORY) {
    const page = await api.jobs(view.pipeline, view.state, view.offset);
    drawJobs(page.jobs, page.complete);
    return;
  }
  try {
    drawRecords((await api.pipelineHistory(view.pipeline, view.offset)).records, true);
  } catch (error) {
    if (error.status !== 501) throw error;
    drawRecords([], false); // a backend without history
  }
}

// the job as it is now and its history record: a finished job has only the record, a buried one
// both, a job of a pipeline that keeps no history only the first
async function refreshJob() {
  if (view.jobId == null) {
    byId('job-section').hidden = true;
    return;
  }
  const [job, record] = await Promise.all([
    absentOn([404], api.job(view.jobId)),
    absentOn([404, 501], api.jobHistory(view.jobId)),
  ]);
  drawJob(view.jobId, job, record);
}

async function absentOn(statuses, response) {
  try {
    return await response;
  } catch (error) {
    if (statuses.includes(error.status)) return null;
    throw error;
  }
}

// ---- HTTP ----

function get(path) {
  return send('GET', path);
}

async function send(method, path) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${view.token}`, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (notJson) {
    json = { message: text }; // e.g. a proxy's error page
  }
  if (!response.ok) throw new HttpError(response.status, json);
  return json;
}

// true when the error was about the token and has been shown
function handleAuth(error) {
  if (error.status === 401) {
    askToken('The server refused this token (401 Unauthorized). Enter the token again.');
    return true;
  }
  return false;
}

// runs a write, shows what went wrong, and polls at once so the page shows its effect
async function act(write) {
  try {
    await write();
    clearMessage();
  } catch (error) {
    if (handleAuth(error)) return;
    if (error.status === 403) {
      view.readOnly = true;
      view.drawn = {}; // re-draw the buttons disabled
      showMessage('This token is read-only (403 Forbidden): kicking, deleting and pausing need the admin token.');
    } else {
      showMessage(error.message);
    }
  }
  poll();
}

// ---- pipelines and the chart ----

function drawPipelines(listed) {
  const now = Date.now();
  const pipelines = withDrained(listed);
  recordRates(pipelines, now);
  drawChart(now);
  const rates = view.samples.length ? view.samples[view.samples.length - 1].rates : {};
  byId('no-pipelines').hidden = pipelines.length > 0;
  if (!changed('pipelines', [pipelines, rates, view.pipeline])) return;
  const rows = pipelines.map((p) => {
    const name = p.name;
    const paused = pausedFor(p);
    const buried = count(p, 'buried');
    const row = tr(
      td(link(name, () => selectPipeline(name, 'buried'))),
      numCell(count(p, 'urgent'), 'urgent'),
      ...['ready', 'reserved', 'delayed', 'buried'].map((state) =>
        numCell(count(p, state), state, () => selectPipeline(name, state))),
      numCell(formatRate(rates[name]), 'rate'),
      stateCell(paused == null ? badge('running', '') : badge(paused, 'paused')),
      actions(
        button(paused == null ? 'pause' : 'resume', () =>
          act(() => (paused == null ? api.pause(name, 3600) : api.resume(name))), true,
        paused == null ? 'Stop handing out this pipeline\'s jobs for an hour' : ''),
        button('kick all', () => act(() => api.kickAll(name, buried)), true,
          'Move every buried job back to ready', buried === 0)));
    row.dataset.pipeline = name;
    if (name === view.pipeline) row.classList.add('selected');
    return row;
  });
  byId('pipelines').tBodies[0].replaceChildren(...rows);
}

// the server lists the pipelines that hold jobs; one this page saw before stays, at zero, so its
// row and its throughput do not vanish the moment workers drain it
function withDrained(listed) {
  const names = new Set(listed.map((p) => p.name));
  const drained = [...view.seen].filter((name) => !names.has(name)).map((name) => ({
    name, urgent: 0, ready: 0, reserved: 0, delayed: 0, buried: 0, total: 0, paused: false,
  }));
  listed.forEach((p) => view.seen.add(p.name));
  return [...listed, ...drained].sort((a, b) => a.name.localeCompare(b.name));
}

// jobs per second that left each pipeline (done or deleted) over the last RATE_SECONDS, from the
// totals this page polls: the falls between polls added up, so jobs added meanwhile do not hide
// those taken (a lower bound when both happen between two polls)
function recordRates(pipelines, now) {
  view.counts.push({ at: now, totals: Object.fromEntries(pipelines.map((p) => [p.name, p.total])) });
  while (view.counts.length > 2 && view.counts[1].at <= now - RATE_SECONDS * 1000) view.counts.shift();
  const seconds = (now - view.counts[0].at) / 1000;
  if (seconds < 1) return;
  const rates = {};
  for (const p of pipelines) {
    let left = 0;
    for (let i = 1; i < view.counts.length; i++) {
      const before = view.counts[i - 1].totals[p.name];
      const after = view.counts[i].totals[p.name];
      if (before != null && after != null) left += Math.max(0, before - after);
    }
    rates[p.name] = left / seconds;
  }
  view.samples.push({ at: now, rates });
  while (view.samples.length && view.samples[0].at < now - CHART_SECONDS * 1000) view.samples.shift();
}

function drawChart(now) {
  const canvas = byId('throughput');
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== width * ratio) {
    canvas.width = width * ratio;
    canvas.height = height * ratio;
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const names = [...new Set(view.samples.flatMap((s) => Object.keys(s.rates)))].sort();
  const top = niceCeiling(Math.max(1, ...view.samples.flatMap((s) => Object.values(s.rates))));
  // the axis spans the whole minutes since the first sample, up to CHART_SECONDS
  const first = view.samples.length ? view.samples[0].at : now;
  const span = Math.min(CHART_SECONDS, 60 * Math.max(1, Math.ceil((now - first) / 60000)));
  const left = 44;
  const right = 8;
  const pad = 10;
  const bottom = height - 18;
  const x = (at) => left + (width - left - right) * (1 - (now - at) / (span * 1000));
  const y = (rate) => bottom - (bottom - pad) * (rate / top);
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#6a737d';
  g.strokeStyle = '#e1e4e8';
  g.lineWidth = 1;
  for (const fraction of [0, 0.5, 1]) {
    const value = top * fraction;
    g.beginPath();
    g.moveTo(left, Math.round(y(value)) + 0.5);
    g.lineTo(width - right, Math.round(y(value)) + 0.5);
    g.stroke();
    g.textAlign = 'right';
    g.fillText(formatRate(value), left - 6, y(value) + 4);
  }
  const step = span <= 60 ? 15 : (span <= 120 ? 30 : 60);
  for (let seconds = 0; seconds <= span; seconds += step) {
    g.textAlign = seconds === 0 ? 'right' : 'center';
    const label = seconds % 60 === 0 ? `-${seconds / 60} min` : `-${seconds}s`;
    g.fillText(seconds === 0 ? 'now' : label, x(now - seconds * 1000), height - 4);
  }
  g.textAlign = 'left';
  g.fillText('jobs/s', left + 4, pad + 2);
  names.forEach((name, i) => {
    g.strokeStyle = COLORS[i % COLORS.length];
    g.lineWidth = 2;
    g.beginPath();
    let drawing = false;
    for (const sample of view.samples) {
      const rate = sample.rates[name];
      if (rate == null) {
        drawing = false;
        continue;
      }
      if (drawing) g.lineTo(x(sample.at), y(rate));
      else g.moveTo(x(sample.at), y(rate));
      drawing = true;
    }
    g.stroke();
  });
  if (changed('legend', names)) {
    byId('chart-legend').replaceChildren(...names.map((name, i) => {
      const mark = el('i');
      mark.style.background = COLORS[i % COLORS.length];
      return el('span', mark, name);
    }));
  }
}

function selectPipeline(name, state, offset = 0) {
  view.pipeline = name;
  view.state = state;
  view.offset = offset;
  view.drawn = {};
  poll();
}

// ---- the jobs of one pipeline ----

function drawJobs(jobs, complete) {
  showJobsOf('jobs', jobs.length);
  if (!changed('jobs', [view.pipeline, view.state, jobs, complete, view.readOnly, view.jobId])) return;
  byId('jobs-partial').hidden = complete;
  byId('no-jobs').hidden = jobs.length > 0;
  byId('no-jobs').textContent = view.offset ? 'No more.' : `No ${view.state} jobs.`;
  const rows = jobs.map((job) => {
    const id = job.id;
    const kickable = view.state === 'buried' || view.state === 'delayed';
    const row = tr(
      td(link(String(id), () => showJob(id))),
      numCell(job.priority),
      numCell(job.attempts),
      td(formatTime(job.createdAt)),
      payloadCell(job),
      td(job.buryReason ?? ''),
      actions(
        kickable ? button('kick', () => act(() => api.kickJob(id)), true,
          'Move this job back to ready') : null,
        view.state === 'reserved' ? null : button('delete', () => {
          if (confirm(`Delete job ${id} of ${view.pipeline}?`)) {
            act(() => api.deleteJob(id));
          }
        }, true, 'Delete this job for good', false, 'danger')));
    row.dataset.jobId = id;
    if (id === view.jobId) row.classList.add('selected');
    return row;
  });
  byId('jobs').tBodies[0].replaceChildren(...rows);
}

// the jobs that ended (deleted after success, or buried), newest first
function drawRecords(records, kept) {
  showJobsOf('records', records.length);
  if (!changed('jobs', [view.pipeline, view.state, records, kept, view.jobId])) return;
  byId('jobs-partial').hidden = true;
  byId('no-jobs').hidden = records.length > 0;
  byId('no-jobs').textContent = view.offset ? 'No more.' : kept
    ? 'No history: the pipeline keeps none (Pipeline.keepHistory), or no job has ended yet.'
    : 'This backend keeps no job history.';
  byId('records').tBodies[0].replaceChildren(...records.map((record) => {
    const last = record.attempts[record.attempts.length - 1];
    const row = tr(
      td(link(String(record.id), () => showJob(record.id))),
      td(badge(record.outcome, record.outcome)),
      td(formatTime(record.created)),
      td(formatTime(record.finished)),
      numCell(formatMillis(record.totalMillis)),
      numCell(record.attempts.length),
      td(last?.error ?? ''));
    row.dataset.jobId = record.id;
    if (record.id === view.jobId) row.classList.add('selected');
    return row;
  }));
}

// the tabs, the table of the tab chosen, and the buttons to the pages before and after this one
function showJobsOf(table, shown) {
  byId('jobs-section').hidden = false;
  byId('jobs-pipeline').textContent = view.pipeline;
  byId('jobs').hidden = table !== 'jobs';
  byId('records').hidden = table !== 'records';
  if (changed('pages', [view.pipeline, view.state, view.offset, shown])) {
    const from = view.offset + 1;
    byId('pages').replaceChildren(
      button('previous', () => selectPipeline(view.pipeline, view.state, view.offset - PAGE_SIZE),
        false, '', view.offset === 0),
      el('span', shown ? `${from}–${view.offset + shown}` : ''),
      button('next', () => selectPipeline(view.pipeline, view.state, view.offset + PAGE_SIZE),
        false, '', shown < PAGE_SIZE));
    byId('pages').hidden = view.offset === 0 && shown < PAGE_SIZE;
  }
  if (!changed('tabs', [view.pipeline, view.state])) return;
  byId('job-states').replaceChildren(...[...STATES, HISTORY].map((state) => {
    const tab = button(state, () => selectPipeline(view.pipeline, state));
    tab.dataset.state = state;
    if (state === view.state) tab.classList.add('active');
    return tab;
  }));
}

// the pipeline's limits across every process
function drawLimits(limits) {
  byId('jobs-limits').hidden = false;
  byId('jobs-limits').textContent = formatLimits(limits);
}

// ---- one job ----

function showJob(id) {
  view.jobId = id;
  view.drawn = {};
  poll();
}

function drawJob(id, job, record) {
  byId('job-section').hidden = false;
  if (!changed('job', [id, job, record])) return;
  byId('job-id').textContent = `${id}`;
  const now = job ?? {};
  const ended = record ?? {};
  const fields = [
    ['pipeline', now.pipeline ?? ended.pipeline],
    ['state', job ? job.state : (record ? `ended: ${record.outcome}` : 'gone (deleted, no history kept)')],
    ['priority', now.priority ?? ended.priority],
    ['attempts', now.attempts],
    ['TTR', formatSeconds(now.ttrSeconds)],
    ['created', formatTime(now.createdAt ?? ended.created)],
    ['ended', formatTime(ended.finished)],
    ['took', formatMillis(ended.totalMillis)],
    ['counters', ['reserves', 'releases', 'timeouts', 'buries', 'kicks']
      .filter((name) => now[name] != null).map((name) => `${name} ${now[name]}`).join(', ')],
    ['bury reason', now.buryReason],
    ['payload', job ? payloadSummary(job) : (record ? `${record.payloadSize} bytes (not kept)` : null)],
  ].filter(([, value]) => value != null && value !== '');
  byId('job-fields').replaceChildren(...fields.flatMap(([name, value]) => [el('dt', name), el('dd', String(value))]));
  const payload = job ? payloadOf(job) : null;
  byId('job-payload').hidden = payload == null;
  byId('job-payload').textContent = payload ?? '';
  const attempts = record ? record.attempts : [];
  byId('job-history-title').hidden = attempts.length === 0;
  byId('job-history').hidden = attempts.length === 0;
  byId('job-history').tBodies[0].replaceChildren(...attempts.map((attempt) => tr(
    td(formatTime(attempt.started)),
    td(attempt.outcome),
    numCell(formatMillis(attempt.millis)),
    td(attempt.workerId),
    td(attempt.error))));
}

// ---- workers ----

function drawWorkers(workers) {
  byId('workers-section').hidden = false;
  byId('no-workers').hidden = workers.length > 0;
  if (!changed('workers', [workers, Math.floor(Date.now() / 1000)])) return;
  byId('workers').tBodies[0].replaceChildren(...workers.map((w) => {
    const row = tr(
      td(w.host),
      numCell(w.pid),
      td(w.pipelines.join(', ')),
      numCell(w.concurrency),
      numCell(w.jobsHeld),
      td(formatTime(w.started)),
      td(`${formatAge(w.lastHeartbeat)} (every ${formatSeconds(w.heartbeatIntervalSeconds)})`),
      td(w.gone ? badge('gone', 'gone') : badge('live', 'live')));
    row.dataset.worker = w.id;
    if (w.gone) row.classList.add('gone');
    return row;
  }));
}

// ---- schedules ----

function drawSchedules(schedules) {
  byId('schedules-section').hidden = false;
  byId('no-schedules').hidden = schedules.length > 0;
  if (!changed('schedules', [schedules, view.readOnly])) return;
  byId('schedules').tBodies[0].replaceChildren(...schedules.map((s) => {
    const name = s.name;
    const row = tr(
      td(name),
      td(s.pipeline),
      td(s.cron ? `${s.cron} (${s.zone})` : (s.everySeconds != null ? `every ${formatSeconds(s.everySeconds)}`
        : `once at ${formatTime(s.at)}`)),
      td(formatTime(s.nextTick)),
      td(formatLast(s.lastTick)),
      td(s.paused ? badge('paused', 'paused') : badge('running', '')),
      actions(button(s.paused ? 'resume' : 'pause', () =>
        act(() => (s.paused ? api.resumeSchedule(name) : api.pauseSchedule(name))), true)));
    row.dataset.schedule = name;
    return row;
  }));
}

// ---- values ----

function count(pipeline, state) {
  return pipeline[state] ?? 0;
}

// how long the pipeline stays paused, as text, or null when it is not paused
function pausedFor(pipeline) {
  return pipeline.paused ? `paused ${formatSeconds(pipeline.pauseSecondsLeft)}` : null;
}

function payloadOf(job) {
  return job.payloadText ?? job.payloadBase64 ?? null;
}

function payloadSummary(job) {
  if (job.payloadSize == null) return null;
  return `${job.payloadSize} bytes, ${job.payloadBase64 != null ? 'binary, shown as base64' : 'text'}`;
}

function payloadCell(job) {
  const cell = td(payloadOf(job) ?? '');
  cell.className = 'payload';
  cell.title = payloadOf(job) ?? '';
  return cell;
}

function formatLimits(limits) {
  if (limits == null) return 'Limits: none.';
  const parts = [];
  if (limits.maxReserved != null) parts.push(`at most ${limits.maxReserved} reserved at once`);
  if (limits.rate != null) {
    parts.push(`at most ${limits.rate.count} started per ${formatInterval(limits.rate.intervalMillis)}`);
  }
  return `Limits: ${parts.join(', ')}.`;
}

// an interval as the jobqueue command writes it: 1h, 1m, 30s or 250ms
function formatInterval(millis) {
  for (const [unit, size] of [['h', 3600000], ['m', 60000], ['s', 1000]]) {
    if (millis % size === 0) return `${millis / size}${unit}`;
  }
  return `${millis}ms`;
}

function formatRate(rate) {
  if (rate == null) return '';
  if (rate === 0) return '0';
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}

function niceCeiling(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((nice) => nice >= value);
}

// an instant of the API (ISO 8601) in the browser's time zone, the date only when not today
function formatTime(value) {
  if (value == null) return '';
  const date = new Date(value);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

function formatLast(tick) {
  if (tick == null) return '';
  const job = tick.jobId != null ? `, job ${tick.jobId}` : '';
  return `${formatTime(tick.instant)} (${tick.outcome.replaceAll('_', ' ')}${job})`;
}

// how long ago, by the browser's clock
function formatAge(value) {
  return `${formatSeconds(Math.max(0, (Date.now() - new Date(value).getTime()) / 1000))} ago`;
}

function formatSeconds(value) {
  if (value == null) return '';
  const seconds = Math.round(value);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

function formatMillis(value) {
  if (value == null) return '';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

// ---- DOM ----

function changed(key, data) {
  const json = JSON.stringify(data);
  if (view.drawn[key] === json) return false;
  view.drawn[key] = json;
  return true;
}

function byId(id) {
  return document.getElementById(id);
}

// a pipeline name in a path: it may hold '/', which the server's routes take as it is
function enc(pipeline) {
  return pipeline.split('/').map(encodeURIComponent).join('/');
}

function el(tag, ...children) {
  const node = document.createElement(tag);
  node.append(...children.filter((child) => child != null).map((child) =>
    (child instanceof Node ? child : String(child))));
  return node;
}

function tr(...cells) {
  return el('tr', ...cells);
}

function td(...children) {
  return el('td', ...children);
}

function numCell(value, state, onClick) {
  const cell = td(onClick && value ? link(String(value), onClick) : (value ?? ''));
  cell.className = 'num';
  if (state) cell.dataset.state = state;
  return cell;
}

function stateCell(badge) {
  const cell = td(badge);
  cell.className = 'state';
  return cell;
}

function actions(...buttons) {
  const cell = td(...buttons);
  cell.className = 'actions';
  return cell;
}

function link(text, onClick) {
  const a = el('a', text);
  a.href = '#';
  a.addEventListener('click', (event) => {
    event.preventDefault();
    onClick();
  });
  return a;
}

function badge(text, kind) {
  const span = el('span', text);
  span.className = `badge ${kind}`;
  return span;
}

// a button; a write is disabled once the server said the token is read-only
function button(text, onClick, write = false, title = '', disabled = false, kind = '') {
  const b = el('button', text);
  b.type = 'button';
  b.dataset.action = text;
  if (kind) b.className = kind;
  if (title) b.title = title;
  if (write && view.readOnly) {
    b.disabled = true;
    b.title = 'needs the admin token';
  } else {
    b.disabled = disabled;
  }
  b.addEventListener('click', onClick);
  return b;
}

function showMessage(text) {
  const box = byId('message');
  box.textContent = text;
  box.hidden = false;
}

function clearMessage() {
  byId('message').hidden = true;
}
