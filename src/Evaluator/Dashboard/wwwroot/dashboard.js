// Live dashboard: polls api/series once a second and draws each chart with uPlot; the session panel polls api/session.
"use strict";
const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];
const charts = {};
window.dashboard = { charts, samples: 0, session: null };

function chartFor(def) {
  let entry = charts[def.id];
  const names = Object.keys(def.series).sort();
  if (entry && entry.names.join("\u0001") === names.join("\u0001")) return entry;
  if (!entry) {
    const box = document.createElement("div");
    box.className = "chart";
    box.id = "chart-" + def.id;
    box.innerHTML = `<h2>${def.title} <small>(${def.unit})</small></h2><div class="plot"></div>`;
    document.getElementById("charts").appendChild(box);
    entry = { box, plot: null, names: [] };
    charts[def.id] = entry;
  }
  if (entry.plot) entry.plot.destroy();
  entry.names = names;
  const series = [{}].concat(names.map((name, i) => ({ label: name, stroke: palette[i % palette.length], width: 1.5, spanGaps: true })));
  entry.plot = new uPlot({ width: 560, height: 240, series, axes: [{}, { size: 60 }], legend: { live: false } }, [[]], entry.box.querySelector(".plot"));
  return entry;
}

async function refreshSeries() {
  const response = await fetch("api/series");
  if (!response.ok) throw new Error("api/series: " + response.status);
  const snapshot = await response.json();
  for (const def of snapshot.charts) {
    const entry = chartFor(def);
    entry.plot.setData([snapshot.time].concat(entry.names.map(name => def.series[name])));
  }
  window.dashboard.samples = snapshot.time.length;
  document.getElementById("status").textContent = `${snapshot.time.length} samples, updated ${new Date().toLocaleTimeString()}`;
}

function itemList(items, next) {
  return "<ol>" + items.map(item =>
    `<li class="${item.itemId === next ? "hit" : ""}">${escape(item.title ?? "(no title)")} <span class="id">${escape(item.itemId)}</span></li>`).join("") + "</ol>";
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]));
}

async function refreshSession() {
  const input = document.getElementById("session-id");
  const follow = document.getElementById("session-follow").checked;
  const id = follow ? "" : input.value.trim();
  const response = await fetch("api/session" + (id ? "?id=" + encodeURIComponent(id) : ""));
  const panel = document.getElementById("session-panel");
  if (!response.ok) {
    panel.textContent = id ? `no recent answer for session '${id}'` : "no answer yet";
    return;
  }
  const session = await response.json();
  window.dashboard.session = session;
  if (follow) input.value = session.sessionId;
  const clicks = `<div><h3>session ${escape(session.sessionId)}: last clicks</h3>${itemList(session.clicks, null)}</div>`;
  const answers = session.answers.map(answer => {
    const next = session.clicks.find(click => click.version === answer.sessionVersion + 1);
    return `<div><h3>${answer.kind} for version ${answer.sessionVersion} (model ${escape(answer.modelVersion)})</h3>${itemList(answer.items, next?.itemId)}</div>`;
  }).join("");
  panel.innerHTML = clicks + answers;
}

document.getElementById("session-form").addEventListener("submit", event => {
  event.preventDefault();
  document.getElementById("session-follow").checked = false;
  refreshSession().catch(showError);
});

function showError(error) { document.getElementById("status").textContent = "error: " + error.message; }

async function tick() {
  try {
    await refreshSeries();
    await refreshSession();
  } catch (error) {
    showError(error);
  }
  setTimeout(tick, 1000);
}
tick();
