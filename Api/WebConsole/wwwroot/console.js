// OrleansKv web console: polls this node's own HTTP API and draws the ring, the nodes and, on
// request, every replica's copy of a key. No framework and nothing fetched from elsewhere, so
// it runs on a host without internet and is light enough to keep open all day.
"use strict";

const params = new URLSearchParams(location.search);
const refreshMs = Math.max(250, Number(params.get("refresh")) || 1000);
const palette = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#ca8a04", "#4b5563", "#dc2626", "#65a30d"];
const apiKeyStorage = "orleanskv.apiKey";
const $ = (id) => document.getElementById(id);

// ---- API calls: the API key (when the server asks for one) is sent as a bearer token. ----

let keyPrompt = null;

function askForApiKey() {
  if (!keyPrompt) {
    keyPrompt = new Promise((resolve) => {
      const form = $("auth");
      form.hidden = false;
      $("auth-key").focus();
      form.onsubmit = (e) => {
        e.preventDefault();
        sessionStorage.setItem(apiKeyStorage, $("auth-key").value);
        form.hidden = true;
        keyPrompt = null;
        resolve();
      };
    });
  }
  return keyPrompt;
}

async function api(path, options = {}) {
  for (;;) {
    const headers = Object.assign({}, options.headers);
    const key = sessionStorage.getItem(apiKeyStorage);
    if (key) headers["Authorization"] = "Bearer " + key;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status !== 401) {
      const text = await response.text();
      let body = null;
      try { body = text ? JSON.parse(text) : null; } catch { body = { error: text }; }
      return { status: response.status, ok: response.ok, body };
    }
    sessionStorage.removeItem(apiKeyStorage);
    await askForApiKey();
  }
}

// ---- Ring: each token owns the arc from the previous token (exclusive) to itself. ----

const svgNs = "http://www.w3.org/2000/svg";

function svg(name, attributes) {
  const element = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  return element;
}

// The first 13 hex digits (52 bits) keep a double exact; far finer than a pixel.
const tokenFraction = (hex) => parseInt(hex.slice(0, 13), 16) / 2 ** 52;

function point(fraction, radius) {
  const angle = fraction * 2 * Math.PI - Math.PI / 2; // token 0 at the top, clockwise
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

function arcPath(from, to, outer, inner) {
  const large = to - from > 0.5 ? 1 : 0;
  const [x1, y1] = point(from, outer), [x2, y2] = point(to, outer);
  const [x3, y3] = point(to, inner), [x4, y4] = point(from, inner);
  return `M${x1},${y1} A${outer},${outer} 0 ${large} 1 ${x2},${y2} L${x3},${y3} A${inner},${inner} 0 ${large} 0 ${x4},${y4} Z`;
}

const colourOf = (nodes) => new Map(nodes.map((n, i) => [n.node_id, palette[i % palette.length]]));

// The ring knows up and down; membership adds joining and leaving for nodes on their way.
function nodeStates(ring, membership) {
  const lifecycle = new Map((membership ? membership.nodes : []).map((n) => [n.node_id, n.state]));
  return new Map(ring.nodes.map((n) => {
    const state = lifecycle.get(n.node_id);
    return [n.node_id, state === "joining" || state === "leaving" ? state : n.status];
  }));
}

function drawRing(ring, states) {
  const root = $("ring");
  root.replaceChildren();
  const colours = colourOf(ring.nodes);
  const down = new Set(ring.nodes.filter((n) => states.get(n.node_id) === "down").map((n) => n.node_id));
  const fading = new Set(ring.nodes.filter((n) => ["joining", "leaving"].includes(states.get(n.node_id))).map((n) => n.node_id));
  const tokens = ring.nodes
    .flatMap((n) => n.token_values.map((t) => ({ node: n.node_id, at: tokenFraction(t) })))
    .sort((a, b) => a.at - b.at);

  root.appendChild(svg("circle", { r: 130, fill: "none", stroke: "#e5e7eb", "stroke-width": 30 }));
  tokens.forEach((token, i) => {
    const previous = i === 0 ? tokens[tokens.length - 1].at - 1 : tokens[i - 1].at;
    if (token.at - previous <= 0) return;
    const isDown = down.has(token.node);
    const arc = svg("path", {
      d: arcPath(previous, token.at, 145, 115),
      fill: isDown ? "#d1d5db" : colours.get(token.node),
      "fill-opacity": fading.has(token.node) ? 0.35 : 1,
      "data-node": token.node,
      "data-state": states.get(token.node),
    });
    root.appendChild(arc);
  });

  // Inside it, each node's share of the ring as one arc, so the proportions read at a glance
  // where 256 tokens per node blur into stripes.
  let start = 0;
  ring.nodes.forEach((n) => {
    if (n.share <= 0) return;
    const isDown = down.has(n.node_id);
    const isFading = fading.has(n.node_id);
    const end = Math.min(1, start + n.share);
    root.appendChild(svg("path", {
      d: arcPath(start, end - 1e-9, 108, 96),
      fill: isDown ? "#d1d5db" : colours.get(n.node_id),
      "fill-opacity": isFading ? 0.35 : 1,
      stroke: isDown ? "#b91c1c" : isFading ? "#b45309" : "none",
      "stroke-dasharray": isDown || isFading ? "3 2" : "none",
      "data-share-of": n.node_id,
    }));
    start = end;
  });

  const up = ring.nodes.filter((n) => states.get(n.node_id) === "up").length;
  const centre = svg("text", { "text-anchor": "middle", y: -4, "font-size": 18, "font-weight": 600, fill: "#1d2330" });
  centre.textContent = `${up} / ${ring.nodes.length} up`;
  root.appendChild(centre);
  const sub = svg("text", { "text-anchor": "middle", y: 16, "font-size": 11, fill: "#6b7280" });
  sub.textContent = `N = ${ring.replication_factor}, ${ring.virtual_nodes_per_node} tokens/node`;
  root.appendChild(sub);

  const legend = $("ring-legend");
  legend.replaceChildren(...ring.nodes.map((n) => {
    const item = document.createElement("li");
    item.dataset.node = n.node_id;
    const state = states.get(n.node_id);
    item.dataset.state = state;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = state === "down" ? "#d1d5db" : colours.get(n.node_id);
    swatch.style.opacity = state === "up" || state === "down" ? 1 : 0.4;
    swatch.style.outline = `2px solid ${colours.get(n.node_id)}`;
    const name = document.createElement("span");
    name.textContent = n.node_id;
    item.append(swatch, name, stateBadge(state));
    return item;
  }));
  $("ring-facts").textContent = "Outer ring: every token, 0 at the top, clockwise; each arc belongs to the node whose token ends it. Inner ring: each node's share as first replica. Grey: down; faded: joining or leaving.";
}

function stateBadge(state) {
  const badge = document.createElement("span");
  badge.className = `state state-${state}`;
  badge.textContent = state;
  return badge;
}

// ---- Node table: requests/s is the difference of two samples of /admin/requests. ----

let previousCounts = null;

function requestRates(counts) {
  const rates = new Map();
  if (previousCounts) {
    const seconds = (counts.sampled_at_unix_ms - previousCounts.sampled_at_unix_ms) / 1000;
    for (const n of counts.nodes) {
      const before = previousCounts.nodes.find((p) => p.node_id === n.node_id);
      if (seconds > 0 && before && before.requests_total != null && n.requests_total != null && n.requests_total >= before.requests_total) {
        rates.set(n.node_id, (n.requests_total - before.requests_total) / seconds);
      }
    }
  }
  previousCounts = counts;
  return rates;
}

// hints_pending comes with hinted handoff; until a node reports it, the column shows "-".
function hintsPending(status, nodeId) {
  if (!status) return "-";
  if (status.hints_pending_by_node && status.hints_pending_by_node[nodeId] != null) return String(status.hints_pending_by_node[nodeId]);
  if (status.node_id === nodeId && status.hints_pending != null) return String(status.hints_pending);
  return "-";
}

function drawNodes(ring, states, nodes, counts, status) {
  const rates = counts ? requestRates(counts) : new Map();
  const byId = new Map((nodes ? nodes.nodes : []).map((n) => [n.node_id, n]));
  const colours = colourOf(ring.nodes);
  const rows = ring.nodes.map((r) => {
    const n = byId.get(r.node_id) || {};
    const ringState = states.get(r.node_id);
    const state = ringState === "up" ? (n.status || "up") : ringState;
    const tr = document.createElement("tr");
    tr.dataset.node = r.node_id;
    tr.dataset.state = state;
    // ok, suspect or fenced: a fenced node serves nothing until its clock agrees with the majority.
    tr.dataset.clock = n.clock_state || "unknown";
    tr.className = state === "up" ? "" : state === "down" || state === "unreachable" ? "down" : "changing";
    const cells = [
      null,
      null,
      null,
      n.local_keys != null ? String(n.local_keys) : "-",
      rates.has(r.node_id) ? rates.get(r.node_id).toFixed(1) : "-",
      hintsPending(status, r.node_id),
      (r.share * 100).toFixed(1) + " %",
      n.clock_state || "-",
    ];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      if (i === 0) {
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = colours.get(r.node_id);
        td.append(swatch, " " + r.node_id);
      } else if (i === 1) {
        td.append(stateBadge(state));
      } else if (i === 2) {
        // Every node serves this console: a link opens the same view from that node.
        if (n.http_url) {
          const link = document.createElement("a");
          link.href = n.http_url + "/";
          link.textContent = n.http_url.replace(/^https?:\/\//, "");
          td.append(link);
        } else {
          td.textContent = n.address || "";
        }
      } else {
        td.textContent = text;
        if (i >= 3 && i <= 6) td.className = "num";
        if (i === 7 && text !== "ok") td.className = "clock-" + text;
      }
      if (i === 2) td.className = "mono";
      tr.appendChild(td);
    });
    return tr;
  });
  $("nodes").tBodies[0].replaceChildren(...rows);
}

// ---- Live refresh: one poll at a time; a slow node never stacks requests up. ----

async function refresh() {
  try {
    const [ring, nodes, counts, status, membership] = await Promise.all([
      api("/admin/ring"), api("/admin/nodes"), api("/admin/requests"), api("/admin/status"), api("/admin/membership"),
    ]);
    if (!ring.ok) throw new Error(`/admin/ring answered ${ring.status}`);
    const states = nodeStates(ring.body, membership.ok ? membership.body : null);
    drawRing(ring.body, states);
    drawNodes(ring.body, states, nodes.ok ? nodes.body : null, counts.ok ? counts.body : null, status.ok ? status.body : null);
    if (status.ok) $("served-by").textContent = `served by ${status.body.node_id}`;
    if (inspectedKey !== null) await inspect(inspectedKey, true);
    $("refresh-status").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    $("refresh-status").textContent = `refresh failed: ${e.message}`;
  } finally {
    setTimeout(refresh, refreshMs);
  }
}

// ---- Key inspector ----

const keyPath = (key) => encodeURIComponent(key);

function parseValue(text) {
  try { return JSON.parse(text); } catch { return text; }
}

function showResponse(title, reply) {
  $("response").hidden = false;
  const heading = $("response-title");
  heading.textContent = `${title}: HTTP ${reply.status}`;
  heading.className = reply.ok ? "" : "http-error";
  const rows = Object.entries(reply.body || {}).map(([name, value]) => {
    const tr = document.createElement("tr");
    tr.dataset.field = name;
    const k = document.createElement("td");
    k.textContent = name;
    const v = document.createElement("td");
    v.className = "mono";
    v.textContent = typeof value === "string" ? value : JSON.stringify(value);
    tr.append(k, v);
    return tr;
  });
  $("response-fields").tBodies[0].replaceChildren(...rows);
}

// The key last inspected; each refresh reads its replicas again, so the view stays live.
let inspectedKey = null;

async function inspect(key = $("key").value, quiet = false) {
  if (!key) return;
  inspectedKey = key;
  const reply = await api(`/admin/replicas/${keyPath(key)}?values=true`);
  if (!reply.ok) {
    if (!quiet) showResponse("inspect", reply);
    return;
  }
  const view = reply.body;
  $("replicas").hidden = false;
  $("replicas-key").textContent = view.key;
  $("replicas-token").textContent = view.token;
  $("replicas-newest").textContent = view.newest_version || "none";
  const rows = view.replicas.map((r) => {
    const tr = document.createElement("tr");
    tr.dataset.node = r.node_id;
    tr.dataset.copy = r.state;
    tr.className = r.state;
    const copy = r.error ? `${r.state} (${r.error})` : r.state;
    const value = r.deleted ? "(deleted)" : r.value === null || r.value === undefined ? "" : JSON.stringify(r.value);
    [String(r.position), r.node_id, null, copy, r.version || "", value].forEach((text, i) => {
      const td = document.createElement("td");
      if (i === 2) td.append(stateBadge(r.status));
      else td.textContent = text;
      if (i === 3) td.className = "copy";
      if (i >= 4) td.className = "mono";
      tr.appendChild(td);
    });
    return tr;
  });
  $("replica-table").tBodies[0].replaceChildren(...rows);
}

async function keyRequest(method) {
  const key = $("key").value;
  if (!key) { $("key").focus(); return; }
  const level = $("level").value;
  let reply;
  if (method === "PUT") {
    reply = await api(`/keys/${keyPath(key)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ value: parseValue($("value").value), consistency: level }),
    });
  } else {
    reply = await api(`/keys/${keyPath(key)}?consistency=${level}`, { method });
  }
  showResponse(`${method} ${key} at ${level}`, reply);
  await inspect();
}

// ---- Key browser: GET /keys by prefix, a page at a time; a key opens in the inspector. ----

const browsePage = 50;
let browseCursor = null;

async function browse(more) {
  const prefix = $("prefix").value;
  if (!more) {
    browseCursor = null;
    $("key-list").replaceChildren();
  }
  const query = `prefix=${encodeURIComponent(prefix)}&limit=${browsePage}` + (browseCursor ? `&cursor=${encodeURIComponent(browseCursor)}` : "");
  const reply = await api(`/keys?${query}`);
  if (!reply.ok) {
    $("browser-facts").textContent = (reply.body && reply.body.error) || `error ${reply.status}`;
    return;
  }
  const items = reply.body.keys.map((key) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#";
    link.textContent = key;
    link.dataset.key = key;
    link.addEventListener("click", (e) => { e.preventDefault(); $("key").value = key; inspect(key); });
    li.append(link);
    return li;
  });
  $("key-list").append(...items);
  browseCursor = reply.body.next_cursor || null;
  $("browse-more").hidden = !browseCursor;
  const shown = $("key-list").children.length;
  $("browser-facts").textContent = `${shown} key${shown === 1 ? "" : "s"}${browseCursor ? ", more on the next page" : ""} (in the cluster's listing order: by ring token)`;
}

$("browser").addEventListener("submit", (e) => { e.preventDefault(); browse(false); });
$("browse-more").addEventListener("click", () => browse(true));
$("inspector").addEventListener("submit", (e) => { e.preventDefault(); inspect(); });
$("put").addEventListener("click", () => keyRequest("PUT"));
$("get").addEventListener("click", () => keyRequest("GET"));
$("delete").addEventListener("click", () => keyRequest("DELETE"));

refresh();
