/* Peerfolio research-graph explorer: camera, keyboard and swaps for a server-drawn SVG.
 *
 * The server lays out and draws the whole graph (graph/layout.py, graph/svg.py) and
 * every state is a URL, so without this file the explorer still works as links and
 * forms. This adds: pan (drag, arrow keys on the canvas) and zoom (wheel, pinch, +/-/0,
 * buttons) by moving the SVG's viewBox; arrow-key moves between nodes (a roving
 * tabindex: Tab enters the graph at the focus and leaves it in one step); Enter opens
 * a node's card, E expands it, Escape closes the card. Clicks become htmx requests
 * for the next view; the server answers with the #explorer fragment and the new URL
 * (HX-Push-Url), and the camera is kept when the same nodes come back.
 * No dependency besides htmx, which base.html already loads from our static files.
 */
(function () {
  "use strict";

  var MIN_ZOOM = 0.12; // the view box may shrink to 12% of the picture (zoomed in) ...
  var MAX_ZOOM = 2.5; // ... or grow to 250% of it (zoomed out)
  var saved = null; // {signature, camera, nodeId} across a swap

  function root() { return document.getElementById("explorer"); }
  function canvas() { var r = root(); return r && r.querySelector(".explorer-canvas"); }
  function svg() { var c = canvas(); return c && c.querySelector("svg.graph-svg"); }
  function nodes() { var s = svg(); return s ? Array.prototype.slice.call(s.querySelectorAll(".g-node")) : []; }

  function box(text) {
    var v = text.split(/[\s,]+/).map(Number);
    return { x: v[0], y: v[1], w: v[2], h: v[3] };
  }
  function home() { return box(svg().dataset.viewBox); }
  function camera() { return box(svg().getAttribute("viewBox")); }
  function show(c) {
    svg().setAttribute("viewBox", [c.x, c.y, c.w, c.h].map(function (n) { return n.toFixed(1); }).join(" "));
    relabelSoon();
  }

  // Zoomed out below a readable scale (a phone shows the whole picture at a third of
  // its size), labels are printed larger by the same factor and, most important first
  // (the server's order: the focus, people by strength, topics, institutions), only
  // those that do not cover one already kept; paper titles wait for a closer look.
  // Zoomed in again, every label the server placed is back.
  var READABLE = 0.8; // screen pixels per drawing unit
  var MAX_TEXT = 3; // labels grow at most threefold
  var relabelPending = false;
  function relabelSoon() {
    if (relabelPending) return;
    relabelPending = true;
    window.requestAnimationFrame(function () { relabelPending = false; relabel(); });
  }
  function pixelsPerUnit() {
    var c = canvas(), v = camera();
    return Math.min(c.clientWidth / v.w, c.clientHeight / v.h);
  }
  function flip(label) {
    var anchor = label.getAttribute("text-anchor");
    var node = svg().querySelector(".g-node[data-id='" + CSS.escape(label.dataset.for) + "']");
    if (!node || anchor === "middle") return null;
    label.dataset.x = label.dataset.x || label.getAttribute("x");
    label.dataset.anchor = label.dataset.anchor || anchor;
    label.setAttribute("x", (2 * +node.dataset.x - +label.getAttribute("x")).toFixed(1));
    label.setAttribute("text-anchor", anchor === "start" ? "end" : "start");
    return label.getBBox();
  }
  function relabel() {
    var s = svg();
    if (!s) return;
    var labels = Array.prototype.slice.call(s.querySelectorAll(".g-label"));
    var ppu = pixelsPerUnit(), far = ppu > 0 && ppu < READABLE;
    s.classList.toggle("g-far", far);
    s.style.setProperty("--g-text", far ? Math.min(READABLE / ppu, MAX_TEXT).toFixed(2) : "1");
    labels.forEach(function (label) {
      label.classList.remove("g-crowded");
      if (label.dataset.x) { // back where the server put it
        label.setAttribute("x", label.dataset.x);
        label.setAttribute("text-anchor", label.dataset.anchor);
      }
    });
    if (!far) return;
    var kept = [], view = camera();
    labels.forEach(function (label) {
      if (label.classList.contains("g-label-paper")) return; // hidden by the stylesheet
      var b = label.getBBox();
      if (b.x < view.x || b.x + b.width > view.x + view.w) {
        b = flip(label) || b; // grown past the edge: to the node's other side
      }
      if (b.x < view.x || b.x + b.width > view.x + view.w) { label.classList.add("g-crowded"); return; }
      var clash = kept.some(function (k) {
        return b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height;
      });
      if (clash) label.classList.add("g-crowded"); else kept.push(b);
    });
  }

  // Screen point -> drawing point, through the SVG's own transform (handles letterboxing).
  function toDrawing(clientX, clientY) {
    var s = svg(), m = s.getScreenCTM();
    if (!m) return null;
    var p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }
  function unitsPerPixel() {
    var m = svg().getScreenCTM();
    return m ? 1 / m.a : 1;
  }

  function zoom(factor, at) {
    var c = camera(), h = home();
    var w = Math.min(Math.max(c.w * factor, h.w * MIN_ZOOM), h.w * MAX_ZOOM);
    var f = w / c.w;
    at = at || { x: c.x + c.w / 2, y: c.y + c.h / 2 };
    show({ x: at.x - (at.x - c.x) * f, y: at.y - (at.y - c.y) * f, w: w, h: c.h * f });
  }
  function pan(dx, dy) {
    var c = camera();
    show({ x: c.x + dx, y: c.y + dy, w: c.w, h: c.h });
  }
  function fit() { show(home()); }

  // Keep a node in sight when the keyboard moves to it.
  function reveal(node) {
    var c = camera(), x = +node.dataset.x, y = +node.dataset.y, pad = c.w * 0.08;
    if (x < c.x + pad || x > c.x + c.w - pad || y < c.y + pad || y > c.y + c.h - pad) {
      show({ x: x - c.w / 2, y: y - c.h / 2, w: c.w, h: c.h });
    }
  }

  // Roving tabindex: one node is in the Tab order, arrows move between all of them.
  function rove(target) {
    nodes().forEach(function (n) { n.setAttribute("tabindex", n === target ? "0" : "-1"); });
  }
  function nearest(from, dx, dy) {
    var x0 = +from.dataset.x, y0 = +from.dataset.y, best = null, bestScore = Infinity;
    nodes().forEach(function (n) {
      if (n === from) return;
      var vx = +n.dataset.x - x0, vy = +n.dataset.y - y0, d = Math.hypot(vx, vy);
      if (!d) return;
      var along = (vx * dx + vy * dy) / d; // cosine to the arrow's direction
      if (along < 0.35) return;
      var score = d * (2 - along);
      if (score < bestScore) { best = n; bestScore = score; }
    });
    return best;
  }
  function moveTo(node) {
    if (!node) return;
    rove(node);
    node.focus();
    reveal(node);
  }

  function request(url) {
    if (!url) return;
    window.htmx.ajax("GET", url, { target: "#explorer", swap: "outerHTML" });
  }

  var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var node = event.target.closest && event.target.closest(".g-node");
    var key = event.key;
    if (key === "+" || key === "=") { zoom(0.8); event.preventDefault(); return; }
    if (key === "-" || key === "_") { zoom(1.25); event.preventDefault(); return; }
    if (key === "0") { fit(); event.preventDefault(); return; }
    if (ARROWS[key]) {
      event.preventDefault();
      if (node) { moveTo(nearest(node, ARROWS[key][0], ARROWS[key][1])); return; }
      var step = camera().w * 0.1;
      pan(ARROWS[key][0] * step, ARROWS[key][1] * step);
      return;
    }
    if (!node) return;
    if (key === "Enter" || key === " ") { event.preventDefault(); request(node.getAttribute("href")); }
    else if (key === "e" || key === "E") { event.preventDefault(); request(node.dataset.expand); }
    else if (key === "Escape") {
      var close = root().querySelector("[data-action=close]");
      if (close) { event.preventDefault(); request(close.getAttribute("href")); }
    }
  }

  // Drag to pan, two fingers to pinch; a drag never counts as a click on a node.
  var pointers = new Map(), dragged = false, pinch = null;
  function onPointerDown(event) {
    if (event.button !== 0 && event.pointerType === "mouse") return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    dragged = false;
    if (pointers.size === 2) {
      var p = Array.from(pointers.values());
      pinch = { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) };
    }
  }
  function onPointerMove(event) {
    var last = pointers.get(event.pointerId);
    if (!last) return;
    var dx = event.clientX - last.x, dy = event.clientY - last.y;
    if (pointers.size === 1) {
      if (!dragged && Math.hypot(dx, dy) < 4) return;
      if (!dragged) { svg().setPointerCapture(event.pointerId); }
      dragged = true;
      var u = unitsPerPixel();
      pan(-dx * u, -dy * u);
    }
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2 && pinch) {
      var p = Array.from(pointers.values());
      var d = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
      if (d > 0) {
        zoom(pinch.d / d, toDrawing((p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2));
        pinch.d = d;
        dragged = true;
      }
    }
  }
  function onPointerUp(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
  }

  function onClick(event) {
    var tool = event.target.closest("[data-zoom]");
    if (tool) {
      var how = tool.dataset.zoom;
      if (how === "in") zoom(0.8); else if (how === "out") zoom(1.25); else fit();
      return;
    }
    var node = event.target.closest(".g-node");
    if (!node || !canvas().contains(node)) return;
    event.preventDefault();
    if (dragged) { dragged = false; return; }
    rove(node);
    request(node.getAttribute("href"));
  }

  function onWheel(event) {
    event.preventDefault();
    zoom(Math.exp(event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), toDrawing(event.clientX, event.clientY));
  }

  // Highlight a node's lines while it is pointed at or focused.
  function light(node, on) {
    var id = node.dataset.id;
    svg().querySelectorAll("line[data-source='" + CSS.escape(id) + "'], line[data-target='" + CSS.escape(id) + "']")
      .forEach(function (line) { line.classList.toggle("g-lit", on); });
    svg().classList.toggle("g-lighting", on);
  }
  function onOver(event) { var n = event.target.closest(".g-node"); if (n) light(n, event.type === "pointerover" || event.type === "focusin"); }

  // On a narrow screen the picture starts whole (nothing cut off at the edges, labels
  // thinned out as above), or framing a path when one was asked for.
  function closeUp(c, s) {
    var h = home(), width = c.clientWidth, height = c.clientHeight;
    if (!width || width / h.w >= READABLE) return;
    var path = s.querySelectorAll(".g-node.g-on-path");
    if (path.length > 1) {
      var xs = [], ys = [];
      path.forEach(function (n) { xs.push(+n.dataset.x); ys.push(+n.dataset.y); });
      var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
      var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
      var pad = 60, scale = Math.min(width / (x1 - x0 + 2 * pad), height / (y1 - y0 + 2 * pad), READABLE);
      var pw = width / scale, ph = height / scale;
      show({ x: (x0 + x1) / 2 - pw / 2, y: (y0 + y1) / 2 - ph / 2, w: pw, h: ph });
      return;
    }
    // A landscape picture in a portrait canvas: no taller than the picture needs.
    c.style.height = Math.max(340, Math.round(width * h.h / h.w * 1.25)) + "px";
    fit();
  }

  function setUp() {
    var c = canvas(), s = svg();
    // A property, not an attribute: htmx's history snapshots copy attributes, and a
    // canvas restored by Back must be wired up again.
    if (!c || !s || c.graphReady) return;
    c.graphReady = true;
    c.classList.add("js");
    var selected = s.querySelector(".g-selected") || s.querySelector(".g-focus");
    rove(selected);
    if (saved && saved.signature === c.dataset.signature) show(saved.camera);
    else closeUp(c, s);
    if (saved && saved.nodeId) {
      var again = s.querySelector(".g-node[data-id='" + CSS.escape(saved.nodeId) + "']");
      if (again) { rove(again); again.focus({ preventScroll: true }); }
    }
    saved = null;
    c.addEventListener("keydown", onKey);
    c.addEventListener("click", onClick);
    c.addEventListener("wheel", onWheel, { passive: false });
    s.addEventListener("pointerdown", onPointerDown);
    s.addEventListener("pointermove", onPointerMove);
    s.addEventListener("pointerup", onPointerUp);
    s.addEventListener("pointercancel", onPointerUp);
    ["pointerover", "pointerout", "focusin", "focusout"].forEach(function (type) { s.addEventListener(type, onOver); });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    // A 400 from the explorer's forms (a name nobody has, a bad year) is a message to
    // show above the picture, which stays as it was.
    if (event.detail.xhr.status === 400 && root() && event.detail.target === root()) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      event.detail.target = document.getElementById("graph-errors");
      return;
    }
    var c = canvas();
    if (!c || event.detail.target !== root()) return;
    var active = document.activeElement && document.activeElement.closest && document.activeElement.closest(".g-node");
    saved = { signature: c.dataset.signature, camera: camera(), nodeId: active ? active.dataset.id : null };
  });
  document.addEventListener("htmx:afterSettle", setUp);
  document.addEventListener("htmx:historyRestore", setUp);
  document.addEventListener("DOMContentLoaded", setUp);
  if (document.readyState !== "loading") setUp();
})();
