/* The dashboard: one page, no CDN — Chart.js is served from this app. */

const LABELS = {
  ko: { title: 'SafeWork 모니터', containers: '컨테이너', perHour: '시간별 오류 (24시간)', perDay: '일별 오류 (30일)', incidents: '최근 사고', restarts: '재시작', memory: '메모리', cpu: 'CPU', none: '없음', updated: '갱신', health: '상태', issue: '이슈', recovered: '복구됨', open: '진행 중', outages: '진행 중인 장애', issues: '최근 이슈', heldBack: '유지보수 · 음소거', pass: '정상', warn: '주의', fail: '장애', allPass: '모든 점검 통과', toLook: '건 확인 필요', errors: '오류', since: '경과', deploy: '배포', maintenance: '유지보수', silence: '음소거', until: '까지', everyContainer: '모든 컨테이너' },
  en: { title: 'SafeWork Monitor', containers: 'Containers', perHour: 'Errors per hour (24 h)', perDay: 'Errors per day (30 d)', incidents: 'Recent incidents', restarts: 'restarts', memory: 'Memory', cpu: 'CPU', none: 'none', updated: 'updated', health: 'health', issue: 'issue', recovered: 'recovered', open: 'open', outages: 'Open outages', issues: 'Last issues', heldBack: 'Maintenance and silences', pass: 'pass', warn: 'warn', fail: 'fail', allPass: 'every check passes', toLook: ' to look at', errors: 'errors', since: 'for', deploy: 'deploy', maintenance: 'maintenance', silence: 'silence', until: 'until', everyContainer: 'every container' },
} as const;

export function dashboardHtml(lang: 'ko' | 'en', tokenRequired: boolean): string {
  const t = LABELS[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<style>
  :root { --bg:#0f172a; --panel:#111c33; --text:#e2e8f0; --muted:#94a3b8; --ok:#22c55e; --warn:#f59e0b; --bad:#ef4444; --bar:#38bdf8; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui, -apple-system, "Noto Sans KR", sans-serif; background:var(--bg); color:var(--text); }
  header { display:flex; justify-content:space-between; align-items:baseline; padding:18px 24px; border-bottom:1px solid #1e293b; }
  h1 { margin:0; font-size:20px; } h2 { font-size:15px; margin:0 0 12px; color:var(--muted); font-weight:600; }
  main { padding:20px 24px; display:grid; gap:20px; }
  .cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(240px, 1fr)); gap:14px; }
  .card { background:var(--panel); border:1px solid #1e293b; border-radius:10px; padding:14px; }
  .card h3 { margin:0 0 8px; font-size:15px; display:flex; justify-content:space-between; gap:8px; }
  .badge { font-size:12px; padding:2px 8px; border-radius:999px; background:#334155; }
  .badge.healthy, .badge.running { background:rgba(34,197,94,.18); color:var(--ok); }
  .badge.unhealthy, .badge.exited, .badge.dead { background:rgba(239,68,68,.18); color:var(--bad); }
  .badge.starting { background:rgba(245,158,11,.18); color:var(--warn); }
  .meter { margin:6px 0; } .meter span { color:var(--muted); font-size:12px; }
  .bar { height:8px; background:#1e293b; border-radius:4px; overflow:hidden; margin-top:3px; }
  .bar > div { height:100%; background:var(--bar); }
  .bar > div.hot { background:var(--warn); } .bar > div.full { background:var(--bad); }
  .charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(380px, 1fr)); gap:14px; }
  .panel { background:var(--panel); border:1px solid #1e293b; border-radius:10px; padding:14px; }
  .chart { position:relative; height:260px; }
  table { width:100%; border-collapse:collapse; } td, th { text-align:left; padding:6px 4px; border-bottom:1px solid #1e293b; font-size:13px; }
  a { color:var(--bar); } .muted { color:var(--muted); }
  .banner { padding:12px 24px; font-weight:600; border-bottom:1px solid #1e293b; }
  .banner.pass { background:rgba(34,197,94,.14); color:var(--ok); }
  .banner.warn { background:rgba(245,158,11,.16); color:var(--warn); }
  .banner.fail { background:rgba(239,68,68,.18); color:var(--bad); }
  .banner ul { margin:6px 0 0; padding-left:20px; font-weight:400; color:var(--text); }
  .lists { display:grid; grid-template-columns:repeat(auto-fit, minmax(380px, 1fr)); gap:14px; }
</style>
</head>
<body>
<header><h1>${t.title}</h1><span class="muted" id="updated"></span></header>
<div class="banner" id="banner"></div>
<main>
  <section class="lists">
    <div class="panel"><h2>${t.outages}</h2><table id="outages"></table></div>
    <div class="panel"><h2>${t.issues}</h2><table id="issues"></table></div>
  </section>
  <section><h2>${t.containers}</h2><div class="cards" id="cards"></div></section>
  <section class="charts">
    <div class="panel"><h2>${t.perHour}</h2><div class="chart"><canvas id="hourly"></canvas></div></div>
    <div class="panel"><h2>${t.perDay}</h2><div class="chart"><canvas id="daily"></canvas></div></div>
  </section>
  <section class="panel"><h2>${t.incidents}</h2><table id="incidents"></table></section>
  <section class="panel"><h2>${t.heldBack}</h2><table id="held"></table></section>
</main>
<script id="safework-config" type="application/json">${JSON.stringify({ labels: t, tokenRequired }).replace(/</g, '\\u003c')}</script>
<script src="/assets/chart.umd.js"></script>
<script src="/assets/dashboard.js"></script>
</body>
</html>`;
}

// Runs in the browser; kept as plain JavaScript text so it is served as is.
export const dashboardScript = String.raw`
(function () {
  // A data block, not a script: the Content-Security-Policy runs only the dashboard's own files.
  const L = JSON.parse(document.getElementById('safework-config').textContent).labels;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const headers = token ? { authorization: 'Bearer ' + token } : {};
  const get = (path) => fetch(path, { headers }).then((r) => r.json());
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const mb = (b) => (b / 1048576).toFixed(0) + ' MB';
  const COLORS = { database_connection: '#f97316', redis_connection: '#ef4444', application_error: '#38bdf8', survey_system: '#a855f7', authentication: '#eab308', container_crash_loop: '#f43f5e', container_oom: '#fb7185', container_unhealthy: '#f59e0b', container_down: '#dc2626' };
  const charts = {};

  function meter(label, used, limit, text) {
    if (used == null) return '';
    const pct = limit ? Math.min(100, (used / limit) * 100) : 0;
    const cls = pct > 90 ? 'full' : pct > 70 ? 'hot' : '';
    return '<div class="meter"><span>' + label + ' ' + text + '</span><div class="bar"><div class="' + cls + '" style="width:' + pct.toFixed(1) + '%"></div></div></div>';
  }

  function cards(list) {
    document.getElementById('cards').innerHTML = list.map((c) => {
      const badge = c.health !== 'none' ? c.health : c.state;
      const mem = meter(L.memory, c.memoryUsageBytes, c.memoryLimitBytes, c.memoryUsageBytes == null ? '' : mb(c.memoryUsageBytes) + (c.memoryLimitBytes ? ' / ' + mb(c.memoryLimitBytes) : ''));
      const cpuLimit = c.cpuLimitCores ? c.cpuLimitCores * 100 : 100;
      const cpu = meter(L.cpu, c.cpuPercent, cpuLimit, c.cpuPercent == null ? '' : c.cpuPercent.toFixed(1) + '% / ' + cpuLimit.toFixed(0) + '%');
      return '<div class="card" data-container="' + esc(c.name) + '"><h3>' + esc(c.name) + '<span class="badge ' + esc(badge) + '">' + esc(badge) + '</span></h3>' +
        '<div class="muted">' + L.restarts + ': <b>' + c.restartCount + '</b>' + (c.oomKilled ? ' · OOM' : '') + '</div>' + mem + cpu + '</div>';
    }).join('') || '<div class="muted">' + L.none + '</div>';
  }

  function chart(id, data, unit) {
    const types = [...new Set(data.series.flatMap((s) => Object.keys(s.byType)))];
    const labels = data.series.map((s) => unit === 'h' ? s.at.slice(11, 13) + ':00' : s.at.slice(5, 10));
    const datasets = types.map((t) => ({ label: t, data: data.series.map((s) => s.byType[t] || 0), backgroundColor: COLORS[t] || '#64748b', stack: 'e' }));
    const keys = data.series.map((s) => unit === 'h' ? s.at.slice(0, 13) : s.at.slice(0, 10));
    if (charts[id]) { charts[id].$keys = keys; charts[id].data.labels = labels; charts[id].data.datasets = datasets; charts[id].update(); return; }
    charts[id] = new Chart(document.getElementById(id), {
      type: 'bar',
      plugins: [deployMarkers],
      data: { labels, datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { labels: { color: '#cbd5e1' } } },
        scales: { x: { stacked: true, ticks: { color: '#94a3b8' }, grid: { color: '#1e293b' } }, y: { stacked: true, beginAtZero: true, ticks: { color: '#94a3b8', precision: 0 }, grid: { color: '#1e293b' } } } },
    });
    charts[id].$keys = keys;
    charts[id].$unit = unit;
    charts[id].update();
  }

  const ago = (iso) => {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : s < 172800 ? Math.round(s / 3600) + ' h' : Math.round(s / 86400) + ' d';
  };
  const link = (i) => i.url ? '<a href="' + esc(i.url) + '">#' + i.number + '</a>' : '';

  function banner(report) {
    const el = document.getElementById('banner');
    const status = report && report.status ? report.status : 'fail';
    const failing = Object.entries((report && report.checks) || {}).flatMap(([name, list]) => list.filter((c) => c.status !== 'pass').map((c) => ({ name, status: c.status, output: c.output || '' })));
    el.className = 'banner ' + status;
    el.dataset.status = status;
    el.innerHTML = esc(L[status] || status) + ' — ' + (failing.length === 0 ? L.allPass : failing.length + L.toLook) +
      (failing.length === 0 ? '' : '<ul>' + failing.map((c) => '<li data-check="' + esc(c.name) + '"><b>' + esc(c.name) + '</b> (' + esc(L[c.status] || c.status) + ')' + (c.output ? ': ' + esc(c.output) : '') + '</li>').join('') + '</ul>');
  }

  function overview(o) {
    document.getElementById('outages').innerHTML = o.outages.length === 0 ? '<tr><td class="muted">' + L.none + '</td></tr>' : o.outages.map((i) =>
      '<tr data-outage="' + esc(i.container) + '"><td>' + esc(i.container) + '</td><td>' + esc(i.type) + '</td><td>' + L.since + ' ' + ago(i.firstSeen) + '</td><td>' + i.total + ' ' + L.errors + '</td><td>' + link(i) + '</td></tr>').join('');
    document.getElementById('issues').innerHTML = o.issues.length === 0 ? '<tr><td class="muted">' + L.none + '</td></tr>' : o.issues.map((i) =>
      '<tr><td>' + link(i) + '</td><td>' + esc(i.container) + '</td><td>' + esc(i.type) + '</td><td>' + esc(i.status) + '</td><td>' + i.total + '×</td></tr>').join('');
    const held = o.maintenance.map((w) => '<tr data-held="maintenance"><td>' + L.maintenance + '</td><td>' + esc(w.containers ? w.containers.join(', ') : L.everyContainer) + '</td><td>' + L.until + ' ' + esc(w.endsAt.slice(0, 16).replace('T', ' ')) + '</td><td>' + esc(w.reason || '') + '</td></tr>')
      .concat(o.silences.map((x) => '<tr data-held="silence"><td>' + L.silence + '</td><td>' + esc(x.fingerprint) + (x.issueNumber ? ' (#' + x.issueNumber + ')' : '') + '</td><td>' + L.until + ' ' + esc(x.until.slice(0, 16).replace('T', ' ')) + '</td><td>' + esc(x.reason || '') + '</td></tr>'));
    document.getElementById('held').innerHTML = held.join('') || '<tr><td class="muted">' + L.none + '</td></tr>';
  }

  // Deploys as dashed lines on the charts, at the bar of their hour or day.
  let deploys = [];
  const deployMarkers = {
    id: 'deployMarkers',
    afterDatasetsDraw(chart) {
      const keys = chart.$keys || [];
      const { ctx, chartArea, scales } = chart;
      for (const d of deploys) {
        const i = keys.indexOf(chart.$unit === 'h' ? d.at.slice(0, 13) : d.at.slice(0, 10));
        if (i < 0) continue;
        const x = scales.x.getPixelForValue(i);
        ctx.save();
        ctx.strokeStyle = '#f0abfc'; ctx.lineWidth = 2; ctx.setLineDash([5, 3]); ctx.beginPath(); ctx.moveTo(x, chartArea.top); ctx.lineTo(x, chartArea.bottom); ctx.stroke();
        const text = L.deploy + ' ' + d.container;
        const left = x + 3 + ctx.measureText(text).width > chartArea.right;
        ctx.fillStyle = '#e879f9'; ctx.font = '11px system-ui'; ctx.textAlign = left ? 'right' : 'left';
        ctx.fillText(text, left ? x - 3 : x + 3, chartArea.top + 10);
        ctx.restore();
      }
    },
  };

  function incidents(list) {
    document.getElementById('incidents').innerHTML = list.length === 0 ? '<tr><td class="muted">' + L.none + '</td></tr>' : list.map((i) =>
      '<tr><td>' + esc(i.startedAt.slice(0, 19).replace('T', ' ')) + '</td><td>' + esc(i.container) + '</td><td>' + esc(i.type) + '</td><td>' + esc(i.message) + '</td><td>' +
      (i.recoveredAt ? L.recovered : L.open) + '</td><td>' + (i.issueUrl ? '<a href="' + esc(i.issueUrl) + '">#' + i.issueNumber + '</a>' : '') + '</td></tr>').join('');
  }

  async function refresh() {
    const [health, o, c, h, d, i] = await Promise.all([fetch('/health').then((r) => r.json()).catch(() => undefined), get('/api/overview'), get('/api/containers'), get('/api/errors?window=24h&bucket=1h'), get('/api/errors?window=30d&bucket=1d'), get('/api/incidents')]);
    banner(health);
    deploys = o.deploys || [];
    document.body.dataset.deploys = String(deploys.length);
    overview(o);
    cards(c.containers || []);
    chart('hourly', h, 'h');
    chart('daily', d, 'd');
    incidents(i.incidents || []);
    document.getElementById('updated').textContent = L.updated + ' ' + new Date().toLocaleTimeString();
    document.body.dataset.ready = 'true';
  }
  refresh();
  setInterval(refresh, 15000);
})();
`;
