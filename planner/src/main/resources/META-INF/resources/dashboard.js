// ostflow dashboard: reads the planner's REST API every few seconds and draws the task graph
// with d3-force. No framework, no CDN: d3 comes from the planner's own jar.
const api = (path) => fetch(path).then((r) => (r.ok ? r.json() : Promise.reject(new Error(path + ': ' + r.status))));
const colours = d3.schemeTableau10;
const state = { target: null, graphVersion: -1, k: -1, simulation: null };
// A first visit brings the token as ?token=...; the planner keeps it in an HTTP-only cookie, so it
// leaves the address bar and the history at once (it would otherwise be copied with the link).
if (new URLSearchParams(location.search).has('token')) {
  const clean = new URL(location.href);
  clean.searchParams.delete('token');
  history.replaceState(null, '', clean);
}
const requestedK = new URLSearchParams(location.search).get('k');
// ?target=TASK opens on that target's plan (a link to one target)
const requestedTarget = new URLSearchParams(location.search).get('target');
if (requestedK) document.getElementById('knn').value = requestedK;

function text(value) {
  return value === null || value === undefined ? '' : String(value);
}

function fixed(value, digits = 3) {
  return typeof value === 'number' ? value.toFixed(digits) : '';
}

function fillTable(id, rows, cells) {
  const body = document.querySelector('#' + id + ' tbody');
  body.innerHTML = '';
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const cell of cells(row)) {
      const td = document.createElement('td');
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = text(cell);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

/** An imported site's release and, one per line, each case's subject id in it (text only). */
function importedText(imported) {
  if (!imported) return '';
  const subjects = Object.entries(imported.subjects || {}).map(([c, s]) => `${c} ← ${s}`);
  return [`${imported.format} ${imported.release}`, ...subjects].join('\n');
}

function stateCell(value) {
  const span = document.createElement('span');
  span.className = 'state-' + value;
  span.textContent = value;
  return span;
}

function progressBar(fraction) {
  const bar = document.createElement('div');
  bar.className = 'bar';
  const fill = document.createElement('div');
  fill.style.width = Math.round(100 * fraction) + '%';
  bar.appendChild(fill);
  return bar;
}

/** The pairs (sorted "a|b") of the selected target's path: r -> ... -> t, and r -> t. */
function pathPairs(plan) {
  const pairs = new Set();
  if (plan) {
    const stops = plan.path.concat([plan.target]);
    for (let i = 0; i + 1 < stops.length; i++) pairs.add([stops[i], stops[i + 1]].sort().join('|'));
    pairs.add([plan.path[0], plan.target].sort().join('|'));
  }
  return pairs;
}

/** Each task's k cheapest edges, united: a k-nearest-neighbour view of a dense graph. */
function nearestEdges(edges, k) {
  const byNode = new Map();
  for (const e of edges) {
    for (const v of [e.a, e.b]) {
      if (!byNode.has(v)) byNode.set(v, []);
      byNode.get(v).push(e);
    }
  }
  const kept = new Map();
  for (const list of byNode.values()) {
    list.sort((x, y) => (x.weight ?? Infinity) - (y.weight ?? Infinity) || [x.a, x.b].join().localeCompare([y.a, y.b].join()));
    for (const e of list.slice(0, k)) kept.set([e.a, e.b].sort().join('|'), e);
  }
  return [...kept.values()];
}

function knn() {
  const box = document.getElementById('knn');
  return Math.max(1, parseInt(box.value, 10) || 3);
}

function drawGraph(graph, plan) {
  const svg = d3.select('#graph');
  const width = svg.node().clientWidth || 900;
  const height = 520;
  const onPath = pathPairs(plan);
  const k = knn();
  if (graph.version !== state.graphVersion || k !== state.k) {
    state.graphVersion = graph.version;
    state.k = k;
    svg.selectAll('*').remove();
    const nodes = graph.nodes.map((n) => ({ ...n }));
    const index = new Map(nodes.map((n) => [n.id, n]));
    const drawn = nearestEdges(graph.edges.filter((e) => index.has(e.a) && index.has(e.b)), k);
    // the path's edges are always drawn, even when they are not among the k nearest
    const drawnKeys = new Set(drawn.map((e) => [e.a, e.b].sort().join('|')));
    for (const e of graph.edges) {
      const key = [e.a, e.b].sort().join('|');
      if (onPath.has(key) && !drawnKeys.has(key)) drawn.push(e);
    }
    const links = drawn.map((e) => ({ source: e.a, target: e.b, weight: e.weight }));
    // one anchor per cluster on a circle, targets in the middle
    const clusters = Math.max(1, graph.clusters.length);
    const anchor = (d) => {
      if (d.cluster === null || d.cluster === undefined) return [width / 2, height / 2];
      const angle = (2 * Math.PI * d.cluster) / clusters;
      return [width / 2 + 0.32 * width * Math.cos(angle), height / 2 + 0.34 * height * Math.sin(angle)];
    };
    state.simulation = d3.forceSimulation(nodes)
      .force('link', d3.forceLink(links).id((d) => d.id).distance(50).strength(0.03))
      .force('charge', d3.forceManyBody().strength(-60))
      .force('x', d3.forceX((d) => anchor(d)[0]).strength(0.25))
      .force('y', d3.forceY((d) => anchor(d)[1]).strength(0.25))
      .force('collide', d3.forceCollide(12));
    svg.append('g').attr('class', 'edges').selectAll('line').data(links).join('line')
      .attr('class', 'edge').attr('data-key', (d) => [d.source.id, d.target.id].sort().join('|'));
    const node = svg.append('g').attr('class', 'nodes').selectAll('g').data(nodes).join('g')
      .attr('class', 'node').attr('data-id', (d) => d.id).attr('data-cluster', (d) => text(d.cluster));
    node.filter((d) => d.role === 'source').append('circle')
      .attr('r', (d) => (d.representative ? 9 : 6))
      .attr('fill', (d) => colours[(d.cluster ?? 9) % colours.length])
      .attr('class', (d) => (d.representative ? 'representative' : ''));
    node.filter((d) => d.role === 'target').append('rect')
      .attr('x', -7).attr('y', -7).attr('width', 14).attr('height', 14).attr('class', 'target');
    node.append('text').attr('x', 10).attr('y', 3).text((d) => d.id);
    state.simulation.on('tick', () => {
      svg.selectAll('line.edge')
        .attr('x1', (d) => d.source.x).attr('y1', (d) => d.source.y)
        .attr('x2', (d) => d.target.x).attr('y2', (d) => d.target.y);
      svg.selectAll('g.node').attr('transform', (d) => `translate(${d.x},${d.y})`);
    });
    svg.attr('data-edges-drawn', links.length);
    const legend = document.getElementById('legend');
    legend.innerHTML = '';
    for (const c of graph.clusters) {
      const chip = document.createElement('span');
      chip.className = 'cluster-chip';
      chip.dataset.cluster = c.id;
      setMarkup(chip, html`<i style="background:${colours[c.id % colours.length]}"></i>cluster ${c.id}: ${c.members.length} tasks, representative ${c.representative}`);
      legend.appendChild(chip);
    }
  }
  svg.selectAll('line.edge').classed('on-path', function () { return onPath.has(this.dataset.key); });
  document.getElementById('graph-version').textContent =
    `version ${graph.version}, ${graph.clusters.length} clusters, modularity ${fixed(graph.modularity)}`;
}

/** Tasks ordered by cluster then id, targets last; one cell per pair coloured by w. */
function drawMatrix(graph, plan) {
  const svg = d3.select('#matrix');
  svg.selectAll('*').remove();
  const order = graph.nodes.slice().sort((x, y) =>
    (x.role === 'target') - (y.role === 'target') || (x.cluster ?? 99) - (y.cluster ?? 99) || x.id.localeCompare(y.id));
  const n = order.length;
  const label = 140;
  const cell = Math.max(4, Math.min(16, Math.floor((Math.min(svg.node().clientWidth || 900, 900) - label) / Math.max(1, n))));
  const size = label + n * cell;
  svg.attr('viewBox', `0 0 ${size} ${size}`).style('height', Math.min(size, 900) + 'px');
  const position = new Map(order.map((t, i) => [t.id, i]));
  const weights = graph.edges.filter((e) => e.weight !== null && e.weight !== undefined).map((e) => e.weight);
  const colour = d3.scaleSequential(d3.interpolateViridis).domain([d3.max(weights) ?? 1, d3.min(weights) ?? 0]);
  const onPath = pathPairs(plan);
  const cells = [];
  for (const e of graph.edges) {
    if (!position.has(e.a) || !position.has(e.b) || e.weight === null || e.weight === undefined) continue;
    const key = [e.a, e.b].sort().join('|');
    cells.push({ row: position.get(e.a), col: position.get(e.b), w: e.weight, key });
    cells.push({ row: position.get(e.b), col: position.get(e.a), w: e.weight, key });
  }
  const grid = svg.append('g').attr('transform', `translate(${label},${label})`);
  grid.selectAll('rect').data(cells).join('rect')
    .attr('class', (d) => 'matrix-cell' + (onPath.has(d.key) ? ' on-path' : ''))
    .attr('x', (d) => d.col * cell).attr('y', (d) => d.row * cell)
    .attr('width', cell).attr('height', cell).attr('fill', (d) => colour(d.w))
    .append('title').text((d) => `${d.key.replace('|', ' – ')}: w = ${fixed(d.w, 4)}`);
  const name = (t) => (t.representative ? '▲ ' : '') + t.id;
  svg.append('g').selectAll('text').data(order).join('text')
    .attr('class', (t) => 'matrix-label' + (t.representative ? ' representative-label' : ''))
    .attr('x', label - 3).attr('y', (t, i) => label + i * cell + cell * 0.75)
    .attr('text-anchor', 'end').style('font-size', Math.min(10, cell) + 'px').text(name);
  svg.append('g').selectAll('text').data(order).join('text')
    .attr('class', 'matrix-label')
    .attr('transform', (t, i) => `translate(${label + i * cell + cell * 0.75},${label - 3}) rotate(-90)`)
    .style('font-size', Math.min(10, cell) + 'px').text(name);
}

/** Text made safe to place inside HTML (reasons carry '>' between the tasks of a path). */
function escapeHtml(value) {
  return String(value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Markup built by html`...`: inserted as is; anything else interpolated into it is escaped. */
class Markup {
  constructor(text) { this.text = text; }
}

/** A template tag that escapes every interpolated value that is not itself Markup (or a list of it). */
function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += markup(v) + strings[i + 1]; });
  return new Markup(out);
}

function markup(value) {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(markup).join('');
  return escapeHtml(value);
}

/** Replaces an element's content with markup from html`...` (event data never reaches innerHTML raw). */
function setMarkup(element, fragment) {
  element.innerHTML = fragment.text;
}

function predictionList(predictions) {
  if (!predictions) {
    return html`<p class="predictions">Predictions: none yet (written after each of the plan's jobs).</p>`;
  }
  const items = predictions.predictions.map((c) => c.key
    ? html`<li>${c.caseId}${c.heldOut ? ' (held out)' : ''}: <code>s3://ostflow-models/${c.key}</code>, ${c.foregroundVoxels} voxels</li>`
    : html`<li>${c.caseId}: failed, ${c.error}</li>`);
  const whose = predictions.recommended ? 'the recommended model' : 'not the recommended model';
  return html`<p class="predictions">Predictions of ${predictions.jobId} (${whose}): ${predictions.reason}</p><ul class="predictions">${items}</ul>`;
}

function showPlan(plan, predictions) {
  const box = document.getElementById('plan');
  if (!plan) {
    box.textContent = 'No plan yet.';
    return;
  }
  const rows = plan.terms.map((t) => html`<tr><td>w(${t.from}, ${t.to})</td><td>${fixed(t.weight, 4)}</td></tr>`);
  const alternatives = plan.alternatives.map((a) => html`<li>${a.path.join(' → ')} → ${plan.target} <b>${fixed(a.cost, 4)}</b></li>`);
  setMarkup(box, html`
    <p class="path" data-target="${plan.target}"><b>${plan.path.join(' → ')} → ${plan.target}</b> (version ${plan.version})</p>
    ${plan.fallback ? html`<p class="fallback">Not the paper's form: ${plan.fallback}</p>` : ''}
    ${rankingLine(plan)}
    <table class="terms">${rows}<tr><th>cost</th><th>${fixed(plan.cost, 4)}</th></tr></table>
    <p>Best direct source: ${plan.direct ? plan.direct.source + ' (' + fixed(plan.direct.cost, 4) + ')' : '—'}</p>
    <p>Alternatives:</p><ol>${alternatives}</ol>
    ${predictionList(predictions)}`);
}

/** Which ranking chose the path, and the scores it measured (docs/planner.md, Ranking). */
function rankingLine(plan) {
  const scores = plan.scores || [];
  if (scores.length === 0) return '';
  const by = scores[0].by || 'leep';
  if (plan.ranking !== 'transferability') {
    return html`<p class="ranking">Scoring ${scores.length} candidates (${by}); the path may change when they are in.</p>`;
  }
  const value = (s) => (s.value === null || s.value === undefined ? s.leep : s.value);
  const items = scores.map((s) => html`<li>${s.kind} ${s.sources.join(' → ')}: ${value(s) === null ? 'not scored' : fixed(value(s), 4)}</li>`);
  return html`<p class="ranking">Ranked by transferability (${by} of each candidate's last source stage):</p><ul>${items}</ul>`;
}

function cell(c) {
  if (!c || c.dice === null || c.dice === undefined) return '—';
  return c.sd === null || c.sd === undefined ? fixed(c.dice) : `${fixed(c.dice)} ± ${fixed(c.sd)}`;
}

/** The selected audit's Table 1 and regret per target, and its charts when its results changed. */
function showAudits(audits) {
  const select = document.getElementById('audit');
  const ids = audits.map((a) => a.auditId).reverse();
  if (select.options.length !== ids.length) {
    setMarkup(select, html`${ids.map((id) => html`<option>${id}</option>`)}`);
  }
  const audit = audits.find((a) => a.auditId === select.value);
  if (!audit) {
    document.getElementById('audit-state').textContent = 'none yet';
    fillTable('audit-table', [], () => []);
    return;
  }
  const jobs = audit.jobs;
  document.getElementById('audit-state').textContent =
    `${audit.state}: ${jobs.completed + jobs.failed} of ${jobs.total} jobs finished (${jobs.failed} failed), seeds ${audit.seeds.join(', ')}`;
  const rows = audit.targets.map((t) => ({ target: t.target, rows: t.rows, regret: t.regret, rho: t.sequentialRankCorrelation }));
  rows.push({ target: 'mean', rows: audit.summary, regret: null, rho: null });
  fillTable('audit-table', rows, (r) => [r.target, cell(r.rows.scratch), cell(r.rows.direct), cell(r.rows.sequential),
    cell(r.rows.bestSequential), cell(r.rows.randomSequential), cell(r.regret), r.rho === null ? '—' : fixed(r.rho, 2)]);
  const stamp = `${audit.auditId}-${jobs.completed}-${jobs.failed}`;
  const charts = document.getElementById('audit-charts');
  if (charts.dataset.stamp !== stamp) {
    charts.dataset.stamp = stamp;
    const base = '/api/audits/' + audit.auditId;
    setMarkup(charts, html`<img alt="Dice per target" src="${base}/dice.png?v=${stamp}"><img alt="cost against Dice" src="${base}/cost-dice.png?v=${stamp}"><p><a href="${base}/report.md">report.md</a> · <a href="${base}">JSON</a></p>`);
  }
}

/** One row per target: the recommended model against scratch, and why. */
function showTargets(recommendations) {
  fillTable('targets', recommendations, (r) => {
    const use = document.createElement('span');
    use.textContent = r.kind ? r.kind : 'none yet';
    if (r.scratchWins) use.className = 'scratch-wins';
    const scratch = r.scratch ? `${fixed(r.scratch.validationDice)} / ${fixed(r.scratch.heldOutDice)}` : '';
    return [r.target, use, (r.path || []).join(' → '), fixed(r.validationDice), fixed(r.heldOutDice), scratch, r.reason];
  });
}

async function refresh() {
  try {
    const [graph, plans, jobs, datasets, weights, predictions] = await Promise.all([
      api('/api/graph'), api('/api/plans'), api('/api/jobs'), api('/api/datasets'), api('/api/weights'),
      api('/api/predictions')]);
    const select = document.getElementById('target');
    const targets = plans.map((p) => p.target);
    if (select.options.length !== targets.length) {
      const chosen = select.value || requestedTarget;
      setMarkup(select, html`${targets.map((t) => html`<option>${t}</option>`)}`);
      if (targets.includes(chosen)) select.value = chosen;
    }
    state.target = select.value || targets[0] || null;
    const plan = plans.find((p) => p.target === state.target);
    drawGraph(graph, plan);
    drawMatrix(graph, plan);
    showPlan(plan, predictions.find((p) => p.target === state.target));
    fillTable('jobs', jobs, (j) => [j.target, j.kind, stateCell(j.state), progressBar(j.progress), fixed(j.metrics.dice), fixed(j.metrics.iou), fixed(j.validationDice)]);
    fillTable('datasets', datasets, (d) => [d.site, d.version.slice(0, 12), stateCell(d.state),
      importedText(d.imported),
      d.problems.map((p) => `${p.reason} ${p.key}: ${p.message}`).join('\n'),
      d.warnings.map((w) => `ignored ${w.key}`).join('\n')]);
    document.getElementById('weights').textContent =
      `v${weights.version}: α=${weights.alpha}, β=${weights.beta}, c=${weights.c} (${weights.normalisation})`;
    document.getElementById('summary').textContent =
      `${graph.nodes.length} tasks · ${graph.clusters.length} clusters · ${plans.length} plans · ${jobs.length} jobs`;
    api('/api/withdrawals').then((ws) => fillTable('withdrawals', ws, (w) => [w.site, w.withdrawnAt, w.cause,
      w.tasks.join('\n'), [...w.tasksLeft, ...w.plansLeft.map((p) => `plan of ${p}`)].join('\n'),
      w.models.map((m) => `${m.jobId} (${m.kind} of ${m.target})`).join('\n')])).catch(() => {});
    api('/api/flow').then((flow) => fillTable('flow', flow, (f) => [f.service, f.group, f.lag])).catch(() => {});
    api('/api/audits').then(showAudits).catch(() => {});
    api('/api/targets').then(showTargets).catch(() => {});
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById('updated').textContent = 'API unreachable: ' + e.message;
  }
}

document.getElementById('target').addEventListener('change', refresh);
document.getElementById('knn').addEventListener('change', refresh);
document.getElementById('audit').addEventListener('change', refresh);
refresh();
setInterval(refresh, 3000);
