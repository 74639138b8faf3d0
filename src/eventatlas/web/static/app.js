/* eventatlas web page: an offline map, a timeline with a date brush, filters, event and
 * actor views. Article text is untrusted: every string from the API reaches the page
 * through textContent or attribute setters, never through innerHTML. */
(function () {
  "use strict";

  var MAX_EVENTS = 5000;
  var PAGE = 1000;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var state = { since: null, until: null, type: "", certainty: "", actor: "", historical: false };
  var map, cluster, days = [], loadSeq = 0;

  // -- DOM helpers (text only) ------------------------------------------------------------

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function typeClass(type) {
    var t = (type || "").toLowerCase();
    if (t.indexOf("battle") === 0) { return "t-battles"; }
    if (t.indexOf("explosion") === 0) { return "t-explosions"; }
    if (t.indexOf("violence") === 0) { return "t-violence"; }
    if (t.indexOf("protest") === 0) { return "t-protests"; }
    if (t.indexOf("riot") === 0) { return "t-riots"; }
    if (t.indexOf("strategic") === 0) { return "t-strategic"; }
    return "t-other";
  }

  // -- API ---------------------------------------------------------------------------------

  function query(extra, withDates) {
    var p = new URLSearchParams();
    if (state.type) { p.set("type", state.type); }
    if (state.certainty) { p.set("certainty", state.certainty); }
    if (state.actor) { p.set("actor", state.actor); }
    if (state.historical) { p.set("include_historical", "true"); }
    if (withDates && state.since) { p.set("since", state.since); }
    if (withDates && state.until) { p.set("until", state.until); }
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p;
  }

  function api(path, params) {
    var url = path + (params ? "?" + params.toString() : "");
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) {
        return r.json().then(function (b) { throw new Error(b.message || b.detail || r.status); });
      }
      return r.json();
    });
  }

  function setStatus(text) { document.getElementById("status").textContent = text; }

  // -- map ---------------------------------------------------------------------------------

  function initMap() {
    map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12, zoomSnap: 0.5 }).setView([30, 40], 3);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas · places: GeoNames (CC-BY 4.0)");
    cluster = L.markerClusterGroup({ maxClusterRadius: 36, showCoverageOnHover: false });
    map.addLayer(cluster);
    return fetch("/static/vendor/world-atlas/countries-110m.json").then(function (r) {
      return r.json();
    }).then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#7d8c99", weight: 0.7, fillColor: "#f3efe4", fillOpacity: 1 }
      }).addTo(map).bringToBack();
    });
  }

  function markerFor(ev) {
    var icon = L.divIcon({ className: "ea-marker " + typeClass(ev.type), iconSize: [14, 14] });
    var marker = L.marker([ev.lat, ev.lon], { icon: icon, keyboard: true, title: ev.type });
    marker.on("click", function () { openEvent(ev.id); });
    marker.on("add", function () {
      var node = marker.getElement();
      if (node) { node.setAttribute("data-event-id", ev.id); }
    });
    return marker;
  }

  function drawEvents(events, total) {
    cluster.clearLayers();
    var markers = [], list = document.getElementById("event-list");
    clear(list);
    events.forEach(function (ev) {
      if (ev.lat !== null && ev.lon !== null) { markers.push(markerFor(ev)); }
      var item = el("li", "ea-event-item");
      item.setAttribute("data-event-id", ev.id);
      item.appendChild(el("span", "swatch " + typeClass(ev.type)));
      item.appendChild(el("span", null, (ev.date_start || "undated") + " · " + ev.type +
        (ev.place ? " · " + ev.place : "") + (ev.actor1 ? " · " + ev.actor1 : "")));
      item.addEventListener("click", function () { openEvent(ev.id); });
      list.appendChild(item);
    });
    cluster.addLayers(markers);
    var shown = events.length < total ? events.length + " of " + total : String(total);
    setStatus(shown + " events · " + markers.length + " on the map");
    if (markers.length && !drawEvents.fitted) {
      map.fitBounds(cluster.getBounds(), { padding: [40, 40], maxZoom: 7 });
      drawEvents.fitted = true;
    }
  }

  function loadEvents() {
    var seq = ++loadSeq, events = [];
    function next(offset) {
      return api("/api/events", query({ limit: PAGE, offset: offset }, true)).then(function (page) {
        if (seq !== loadSeq) { return null; }
        events = events.concat(page.items);
        if (page.next_offset !== null && events.length < MAX_EVENTS) { return next(page.next_offset); }
        drawEvents(events, page.total);
        document.body.setAttribute("data-loaded", String(seq));
        return null;
      });
    }
    return next(0).catch(function (err) { setStatus("error: " + err.message); });
  }

  // -- timeline with a brush ------------------------------------------------------------------

  function dayIndex(day) { return Math.round(Date.parse(day + "T00:00:00Z") / 86400000); }
  function dayString(index) { return new Date(index * 86400000).toISOString().slice(0, 10); }

  function drawTimeline() {
    var box = document.getElementById("timeline");
    clear(box);
    var width = box.clientWidth || 800, height = 120, pad = 18;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    if (!days.length) { return; }
    var first = dayIndex(days[0].day), last = dayIndex(days[days.length - 1].day);
    var span = Math.max(1, last - first + 1), step = (width - 2 * pad) / span;
    var top = Math.max.apply(null, days.map(function (d) { return d.count; }));
    var x = function (i) { return pad + (i - first) * step; };
    box._scale = { first: first, last: last, step: step, pad: pad };
    days.forEach(function (d) {
      var i = dayIndex(d.day), h = (height - 32) * d.count / top;
      var inRange = state.since && d.day >= state.since && d.day <= state.until;
      var bar = svg("rect", { x: x(i) + 0.5, y: height - 16 - h, width: Math.max(1, step - 1),
        height: h, "class": "bar" + (inRange ? " in" : ""), "data-day": d.day });
      var tip = svg("title");
      tip.textContent = d.day + ": " + d.count;
      bar.appendChild(tip);
      box.appendChild(bar);
    });
    [first, last].forEach(function (i, k) {
      var label = svg("text", { x: k ? width - pad : pad, y: height - 3,
        "text-anchor": k ? "end" : "start" });
      label.textContent = dayString(i);
      box.appendChild(label);
    });
    if (state.since) {
      var a = x(dayIndex(state.since)), b = x(dayIndex(state.until) + 1);
      box.appendChild(svg("rect", { x: a, y: 2, width: Math.max(2, b - a), height: height - 18,
        "class": "brush" }));
    }
  }

  function dayAt(box, clientX) {
    var s = box._scale, rect = box.getBoundingClientRect();
    var vx = (clientX - rect.left) * (box.viewBox.baseVal.width / rect.width);
    var i = s.first + Math.floor((vx - s.pad) / s.step);
    return Math.min(s.last, Math.max(s.first, i));
  }

  function initBrush() {
    var box = document.getElementById("timeline"), start = null;
    box.addEventListener("pointerdown", function (e) {
      if (!box._scale) { return; }
      start = dayAt(box, e.clientX);
      box.setPointerCapture(e.pointerId);
    });
    box.addEventListener("pointermove", function (e) {
      if (start === null) { return; }
      var end = dayAt(box, e.clientX);
      state.since = dayString(Math.min(start, end));
      state.until = dayString(Math.max(start, end));
      drawTimeline();
    });
    box.addEventListener("pointerup", function (e) {
      if (start === null) { return; }
      var end = dayAt(box, e.clientX);
      state.since = dayString(Math.min(start, end));
      state.until = dayString(Math.max(start, end));
      start = null;
      showRange();
      drawTimeline();
      loadEvents();
    });
    document.getElementById("brush-clear").addEventListener("click", function () {
      state.since = state.until = null;
      showRange();
      drawTimeline();
      loadEvents();
    });
  }

  function showRange() {
    var text = state.since ? state.since + " → " + state.until : "";
    document.getElementById("range").textContent = text;
    document.getElementById("brush-clear").hidden = !state.since;
  }

  function loadTimeline() {
    return api("/api/timeline", query({}, false)).then(function (body) {
      days = body.days;
      drawTimeline();
    });
  }

  // -- filters -----------------------------------------------------------------------------

  function initFilters() {
    var type = document.getElementById("f-type");
    api("/api/facets", new URLSearchParams({ include_historical: "true" })).then(function (f) {
      f.types.forEach(function (t) {
        var opt = el("option", null, t.value + " (" + t.count + ")");
        opt.value = t.value;
        type.appendChild(opt);
      });
    });
    function apply() {
      state.type = type.value;
      state.certainty = document.getElementById("f-certainty").value;
      state.actor = document.getElementById("f-actor").value.trim();
      state.historical = document.getElementById("f-historical").checked;
      loadTimeline();
      loadEvents();
    }
    ["f-type", "f-certainty", "f-historical", "f-actor"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", apply);
    });
    document.getElementById("f-reset").addEventListener("click", function () {
      type.value = "";
      document.getElementById("f-certainty").value = "";
      document.getElementById("f-actor").value = "";
      document.getElementById("f-historical").checked = false;
      state.since = state.until = null;
      showRange();
      apply();
    });
  }

  // -- views -------------------------------------------------------------------------------

  function show(view) {
    document.querySelectorAll(".view").forEach(function (v) { v.hidden = v.id !== "view-" + view; });
    document.querySelectorAll(".tabs button").forEach(function (b) {
      b.classList.toggle("active", b.getAttribute("data-view") === view);
    });
  }

  function actorLink(name, id) {
    if (!id) { return el("span", null, name || "—"); }
    var button = el("button", "linkish actor-link", name);
    button.type = "button";
    button.addEventListener("click", function () { openActor(id); });
    return button;
  }

  function meta(pairs) {
    var dl = el("dl", "meta");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") { return; }
      dl.appendChild(el("dt", null, p[0]));
      var dd = el("dd");
      dd.appendChild(p[1] instanceof Node ? p[1] : document.createTextNode(String(p[1])));
      dl.appendChild(dd);
    });
    return dl;
  }

  function highlighted(ev) {
    var block = el("blockquote", "evidence");
    block.appendChild(el("span", "ctx", ev.before ? "…" + ev.before : ""));
    var sentence = el("mark", "ea-evidence"), pos = 0;
    ev.marks.forEach(function (m) {
      sentence.appendChild(document.createTextNode(ev.sentence.slice(pos, m.start)));
      sentence.appendChild(el("mark", "ea-" + m.kind, ev.sentence.slice(m.start, m.end)));
      pos = m.end;
    });
    sentence.appendChild(document.createTextNode(ev.sentence.slice(pos)));
    block.appendChild(sentence);
    block.appendChild(el("span", "ctx", ev.after ? ev.after + "…" : ""));
    return block;
  }

  function sourceItem(src) {
    var li = el("li");
    var label = (src.title || src.source) + (src.site ? " — " + src.site : "") +
      (src.published ? " (" + src.published + ")" : "");
    var safeUrl = null;
    if (src.url) {
      try { safeUrl = new URL(src.url); } catch (e) { safeUrl = null; }
    }
    if (safeUrl && (safeUrl.protocol === "https:" || safeUrl.protocol === "http:")) {
      var a = el("a", null, label);
      a.href = safeUrl.href;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      li.appendChild(a);
    } else {
      li.appendChild(document.createTextNode(label));
    }
    if (src.certainty) {
      li.appendChild(el("span", "source-certainty", " · " + src.certainty));
    }
    if (src.sentence) {
      li.appendChild(el("blockquote", "source-sentence", src.sentence));
    }
    if (src.attribution) { li.appendChild(el("div", "hint", "attributed to: " + src.attribution)); }
    return li;
  }

  function renderEvent(body) {
    var ev = body.event, view = document.getElementById("view-detail");
    clear(view);
    view.appendChild(el("h3", "event-title", ev.type + (ev.subtype ? " / " + ev.subtype : "")));
    var certainty = el("span", "certainty c-" + ev.certainty, ev.certainty);
    var cues = body.evidence.map(function (e) { return e.cue; }).filter(Boolean);
    var when = (ev.date_start || "undated") +
      (ev.date_end && ev.date_end !== ev.date_start ? " → " + ev.date_end : "") +
      " (" + ev.date_precision + ")";
    view.appendChild(meta([
      ["When", when], ["Where", ev.place ? ev.place + (ev.country ? ", " + ev.country : "") : null],
      ["Actor 1", actorLink(ev.actor1, ev.actor1_id)],
      ["Actor 2", ev.actor2 ? actorLink(ev.actor2, ev.actor2_id) : null],
      ["Certainty", certainty], ["Cue", cues.length ? cues.join(", ") : null],
      ["Historical", ev.historical ? "yes (background)" : null],
      ["Fatalities", ev.fatalities], ["PLOVER", ev.plover]
    ]));
    view.appendChild(el("h4", null, "Evidence"));
    body.evidence.forEach(function (e) { view.appendChild(highlighted(e)); });
    view.appendChild(el("h4", null, "Sources"));
    var list = el("ul", "sources");
    body.sources.forEach(function (s) { list.appendChild(sourceItem(s)); });
    view.appendChild(list);
    show("detail");
  }

  function openEvent(id) {
    return api("/api/events/" + encodeURIComponent(id)).then(renderEvent).catch(function (err) {
      setStatus("error: " + err.message);
    });
  }

  function relationGraph(actor, relations) {
    var size = 380, mid = size / 2, radius = 140;
    var box = svg("svg", { viewBox: "0 0 " + size + " " + size, "class": "graph", width: "100%" });
    var others = {};
    relations.forEach(function (r) {
      var other = r.source_id === actor.id ? [r.target_id, r.target] : [r.source_id, r.source];
      others[other[0]] = others[other[0]] || { name: other[1], types: [] };
      others[other[0]].types.push(r.type);
    });
    var ids = Object.keys(others);
    ids.forEach(function (id, k) {
      var angle = 2 * Math.PI * k / ids.length - Math.PI / 2;
      var x = mid + radius * Math.cos(angle), y = mid + radius * Math.sin(angle);
      box.appendChild(svg("line", { x1: mid, y1: mid, x2: x, y2: y,
        "class": "rel-" + others[id].types[0] }));
      box.appendChild(svg("circle", { cx: x, cy: y, r: 6, "class": "node" }));
      var label = svg("text", { x: x, y: y - 10, "text-anchor": "middle" });
      label.textContent = others[id].name + " (" + others[id].types.join(", ") + ")";
      box.appendChild(label);
    });
    box.appendChild(svg("circle", { cx: mid, cy: mid, r: 9, "class": "node" }));
    var centre = svg("text", { x: mid, y: mid + 22, "text-anchor": "middle" });
    centre.textContent = actor.name;
    box.appendChild(centre);
    return box;
  }

  function renderActor(body) {
    var a = body.actor, view = document.getElementById("view-actor");
    clear(view);
    view.appendChild(el("h3", "actor-name", a.name));
    view.appendChild(meta([["Kind", a.kind], ["Country", a.country],
      ["Also", a.aliases.join("; ")], ["Roles", a.roles.join("; ")],
      ["Counts", a.mentions + " mentions · " + a.documents + " documents · " + a.events + " events"]]));
    view.appendChild(el("h4", null, "Relations (" + body.relations.length + ")"));
    if (body.relations.length) { view.appendChild(relationGraph(a, body.relations)); }
    var list = el("ul", "relations");
    body.relations.forEach(function (r) {
      var li = el("li", "relation");
      li.appendChild(actorLink(r.source, r.source_id));
      li.appendChild(el("span", null, " — " + r.type + " → "));
      li.appendChild(actorLink(r.target, r.target_id));
      li.appendChild(el("span", "certainty c-" + r.certainty, " " + r.certainty +
        (r.historical ? " (historical)" : "")));
      r.evidence.forEach(function (e) { li.appendChild(el("div", "hint", e.sentence)); });
      list.appendChild(li);
    });
    view.appendChild(list);
    var filter = el("button", "linkish", "Show this actor's events on the map");
    filter.type = "button";
    filter.addEventListener("click", function () {
      document.getElementById("f-actor").value = a.name;
      document.getElementById("f-actor").dispatchEvent(new Event("change"));
      show("list");
    });
    view.appendChild(filter);
    show("actor");
  }

  function openActor(id) {
    return api("/api/actors/" + encodeURIComponent(id)).then(renderActor).catch(function (err) {
      setStatus("error: " + err.message);
    });
  }

  // -- territorial control (only when the server offers it) ---------------------------------

  function initControl() {
    return fetch("/api/control/days").then(function (r) {
      if (!r.ok) { return; }
      return r.json().then(function (body) {
        if (!body.days || !body.days.length) { return; }
        var tab = document.getElementById("tab-control"), view = document.getElementById("view-control");
        tab.hidden = false;
        var pick = el("input");
        pick.type = "date";
        pick.min = body.days[0];
        pick.max = body.days[body.days.length - 1];
        pick.value = pick.max;
        var out = el("ul", "control-list");
        view.appendChild(el("label", null, "Control on "));
        view.appendChild(pick);
        view.appendChild(out);
        var layer = L.layerGroup().addTo(map);
        function load() {
          api("/api/control", new URLSearchParams({ day: pick.value })).then(function (c) {
            clear(out);
            layer.clearLayers();
            c.items.forEach(function (it) {
              out.appendChild(el("li", null, it.place + ": " + (it.actor || "contested") +
                " (" + it.certainty + ", since " + (it.since || "?") + ")"));
              if (it.lat !== null && it.lon !== null) {
                L.circle([it.lat, it.lon], { radius: 15000, color: "#24303d", weight: 1,
                  fillOpacity: 0.25 }).addTo(layer);
              }
            });
          });
        }
        pick.addEventListener("change", load);
        load();
      });
    }).catch(function () { return null; });
  }

  // -- start -------------------------------------------------------------------------------

  function start() {
    document.querySelectorAll(".tabs button").forEach(function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-view")); });
    });
    initFilters();
    initBrush();
    window.addEventListener("resize", drawTimeline);
    initMap().then(function () {
      return Promise.all([loadTimeline(), loadEvents(), initControl()]);
    }).catch(function (err) { setStatus("error: " + err.message); });
  }

  start();
}());
