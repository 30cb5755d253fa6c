// ostflow dashboard: reads the planner's REST API every few seconds and draws the task graph
// with d3-force. No framework, no CDN: d3 comes from the planner's own jar.
const api = (path) => fetch(path).then((r) => (r.ok ? r.json() : Promise.reject(new Error(path + ': ' + r.status))));
const colours = d3.schemeTableau10;
const state = { target: null, graphVersion: -1, simulation: null };

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

function drawGraph(graph, plan) {
  const svg = d3.select('#graph');
  const width = svg.node().clientWidth || 900;
  const height = 520;
  const onPath = new Set();
  if (plan) {
    const stops = plan.path.concat([plan.target]);
    for (let i = 0; i + 1 < stops.length; i++) onPath.add([stops[i], stops[i + 1]].sort().join('|'));
    onPath.add([plan.path[0], plan.target].sort().join('|'));
  }
  if (graph.version !== state.graphVersion) {
    state.graphVersion = graph.version;
    svg.selectAll('*').remove();
    const nodes = graph.nodes.map((n) => ({ ...n }));
    const index = new Map(nodes.map((n) => [n.id, n]));
    const links = graph.edges.filter((e) => index.has(e.a) && index.has(e.b)).map((e) => ({ source: e.a, target: e.b, weight: e.weight }));
    state.simulation = d3.forceSimulation(nodes)
      .force('link', d3.forceLink(links).id((d) => d.id).distance((d) => 60 + 80 * (d.weight || 1)).strength(0.08))
      .force('charge', d3.forceManyBody().strength(-240))
      .force('center', d3.forceCenter(width / 2, height / 2))
      .force('collide', d3.forceCollide(14));
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
    const legend = document.getElementById('legend');
    legend.innerHTML = '';
    for (const c of graph.clusters) {
      const chip = document.createElement('span');
      chip.className = 'cluster-chip';
      chip.dataset.cluster = c.id;
      chip.innerHTML = `<i style="background:${colours[c.id % colours.length]}"></i>cluster ${c.id}: ${c.members.length} tasks, representative ${c.representative}`;
      legend.appendChild(chip);
    }
  }
  svg.selectAll('line.edge').classed('on-path', function () { return onPath.has(this.dataset.key); });
  document.getElementById('graph-version').textContent =
    `version ${graph.version}, ${graph.clusters.length} clusters, modularity ${fixed(graph.modularity)}`;
}

function showPlan(plan) {
  const box = document.getElementById('plan');
  if (!plan) {
    box.textContent = 'No plan yet.';
    return;
  }
  const rows = plan.terms.map((t) => `<tr><td>w(${t.from}, ${t.to})</td><td>${fixed(t.weight, 4)}</td></tr>`).join('');
  const alternatives = plan.alternatives.map((a) => `<li>${a.path.join(' → ')} → ${plan.target} <b>${fixed(a.cost, 4)}</b></li>`).join('');
  box.innerHTML = `
    <p class="path" data-target="${plan.target}"><b>${plan.path.join(' → ')} → ${plan.target}</b> (version ${plan.version})</p>
    <table class="terms">${rows}<tr><th>cost</th><th>${fixed(plan.cost, 4)}</th></tr></table>
    <p>Best direct source: ${plan.direct ? plan.direct.source + ' (' + fixed(plan.direct.cost, 4) + ')' : '—'}</p>
    <p>Alternatives:</p><ol>${alternatives}</ol>`;
}

async function refresh() {
  try {
    const [graph, plans, jobs, datasets, weights] = await Promise.all([
      api('/api/graph'), api('/api/plans'), api('/api/jobs'), api('/api/datasets'), api('/api/weights')]);
    const select = document.getElementById('target');
    const targets = plans.map((p) => p.target);
    if (select.options.length !== targets.length) {
      select.innerHTML = targets.map((t) => `<option>${t}</option>`).join('');
    }
    state.target = select.value || targets[0] || null;
    const plan = plans.find((p) => p.target === state.target);
    drawGraph(graph, plan);
    showPlan(plan);
    fillTable('jobs', jobs, (j) => [j.target, j.kind, stateCell(j.state), progressBar(j.progress), fixed(j.metrics.dice), fixed(j.metrics.iou)]);
    fillTable('datasets', datasets, (d) => [d.site, d.version.slice(0, 12), stateCell(d.state),
      d.problems.map((p) => `${p.reason} ${p.key}: ${p.message}`).join('\n')]);
    document.getElementById('weights').textContent =
      `v${weights.version}: α=${weights.alpha}, β=${weights.beta}, c=${weights.c} (${weights.normalisation})`;
    document.getElementById('summary').textContent =
      `${graph.nodes.length} tasks · ${graph.clusters.length} clusters · ${plans.length} plans · ${jobs.length} jobs`;
    api('/api/flow').then((flow) => fillTable('flow', flow, (f) => [f.service, f.group, f.lag])).catch(() => {});
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById('updated').textContent = 'API unreachable: ' + e.message;
  }
}

document.getElementById('target').addEventListener('change', refresh);
refresh();
setInterval(refresh, 3000);
