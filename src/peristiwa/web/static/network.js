/* peristiwa: who interacts with whom. A small force-directed layout in plain SVG; edges
   are coloured by mean Goldstein (red conflict, grey neutral, green cooperation). */
(function () {
  "use strict";
  var P = window.Peristiwa;

  function mix(a, b, t) {
    var pa = [1, 3, 5].map(function (i) { return parseInt(a.slice(i, i + 2), 16); });
    var pb = [1, 3, 5].map(function (i) { return parseInt(b.slice(i, i + 2), 16); });
    return "#" + pa.map(function (v, i) {
      var c = Math.round(v + (pb[i] - v) * t).toString(16);
      return c.length < 2 ? "0" + c : c;
    }).join("");
  }

  /* -10 red, 0 grey, +10 green */
  function gsColor(g) {
    if (g === null || g === undefined) { return "#9e9e9e"; }
    var t = Math.max(-1, Math.min(1, g / 10));
    return t < 0 ? mix("#9e9e9e", "#c62828", -t) : mix("#9e9e9e", "#2e7d32", t);
  }

  /* Fruchterman-Reingold, deterministic: same data, same picture. The actor stays in the
     middle; afterwards the picture is stretched to fill the box and overlaps pushed apart. */
  function layout(nodes, edges, W, H, radius) {
    var n = nodes.length;
    var cx = W / 2, cy = H / 2;
    var R = Math.min(W, H) * 0.38;
    nodes.forEach(function (nd, i) {
      if (nd.center) { nd.x = cx; nd.y = cy; return; }
      var a = (2 * Math.PI * i) / Math.max(1, n - 1);
      nd.x = cx + R * Math.cos(a);
      nd.y = cy + R * Math.sin(a);
    });
    if (n < 3) { return; }
    var k = Math.sqrt((W * H) / n);
    var byId = {};
    nodes.forEach(function (nd) { byId[nd.id] = nd; });
    var maxE = Math.max.apply(null, edges.map(function (e) { return e.events; }).concat([1]));
    var temp = W / 10;
    for (var it = 0; it < 300; it++) {
      nodes.forEach(function (nd) { nd.dx = 0; nd.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          var d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
          var f = (k * k) / d;
          a.dx += (dx / d) * f; a.dy += (dy / d) * f;
          b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
        }
      }
      edges.forEach(function (e) {
        var a = byId[e.a], b = byId[e.b];
        if (!a || !b) { return; }
        var dx = a.x - b.x, dy = a.y - b.y;
        var d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
        var f = ((d * d) / k) * (0.2 + 0.8 * Math.log(1 + e.events) / Math.log(1 + maxE));
        a.dx -= (dx / d) * f; a.dy -= (dy / d) * f;
        b.dx += (dx / d) * f; b.dy += (dy / d) * f;
      });
      nodes.forEach(function (nd) {
        if (nd.center) { return; }
        var d = Math.max(Math.sqrt(nd.dx * nd.dx + nd.dy * nd.dy), 0.01);
        nd.x += (nd.dx / d) * Math.min(d, temp);
        nd.y += (nd.dy / d) * Math.min(d, temp);
      });
      temp = Math.max(temp * 0.98, 1);
    }
    var mx = 1, my = 1;
    nodes.forEach(function (nd) {
      mx = Math.max(mx, Math.abs(nd.x - cx));
      my = Math.max(my, Math.abs(nd.y - cy));
    });
    var sx = (W / 2 - 50) / mx, sy = (H / 2 - 36) / my;
    nodes.forEach(function (nd) {
      nd.x = cx + (nd.x - cx) * sx;
      nd.y = cy + (nd.y - cy) * sy;
    });
    for (var pass = 0; pass < 60; pass++) {
      var moved = false;
      for (var p = 0; p < n; p++) {
        for (var q = p + 1; q < n; q++) {
          var u = nodes[p], v = nodes[q];
          var ddx = v.x - u.x, ddy = v.y - u.y;
          var dist = Math.max(Math.sqrt(ddx * ddx + ddy * ddy), 0.01);
          var want = radius(u) + radius(v) + 18;
          if (dist >= want) { continue; }
          var push = (want - dist) / 2, ux = ddx / dist, uy = ddy / dist;
          if (!u.center) { u.x -= ux * push; u.y -= uy * push; }
          if (!v.center) { v.x += ux * push; v.y += uy * push; }
          moved = true;
        }
      }
      nodes.forEach(function (nd) {
        nd.x = Math.max(30, Math.min(W - 30, nd.x));
        nd.y = Math.max(22, Math.min(H - 30, nd.y));
      });
      if (!moved) { break; }
    }
  }

  function network(container, data, opts) {
    opts = opts || {};
    container.textContent = "";
    var nodes = (data.nodes || []).map(function (nd) { return Object.assign({}, nd); });
    var edges = data.edges || [];
    if (nodes.length < 2 || !edges.length) {
      P.html("p", "empty", container, "No ties between actors to draw.");
      return null;
    }
    var W = Math.max(container.clientWidth || 600, 320);
    var H = opts.height || 440;
    var maxE = Math.max.apply(null, edges.map(function (e) { return e.events; }));
    var maxN = Math.max.apply(null, nodes.map(function (nd) { return nd.events; }).concat([1]));
    var radius = function (nd) { return 5 + 12 * Math.sqrt(nd.events / maxN); };
    layout(nodes, edges, W, H, radius);
    var byId = {};
    nodes.forEach(function (nd) { byId[nd.id] = nd; });
    var svg = P.el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H,
                            "class": "network-svg" }, container);
    var tip = P.tooltip(container);
    var lines = P.el("g", { "class": "edges" }, svg);
    var edgeEls = edges.map(function (e) {
      var a = byId[e.a], b = byId[e.b];
      var line = P.el("line", {
        x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: gsColor(e.goldstein_mean),
        "stroke-width": (1 + 6 * Math.log(1 + e.events) / Math.log(1 + maxE)).toFixed(2),
        "class": "edge", "data-a": e.a, "data-b": e.b
      }, lines);
      var text = [{ text: e.a + " – " + e.b }, { text: e.events + " events" },
                  { color: gsColor(e.goldstein_mean),
                    text: "mean Goldstein " + (e.goldstein_mean === null ? "?" :
                          (e.goldstein_mean > 0 ? "+" : "") + e.goldstein_mean.toFixed(2)) }];
      line.addEventListener("mousemove", function (evt) { P.showTip(tip, container, evt, text); });
      line.addEventListener("mouseleave", function () { tip.hidden = true; });
      return line;
    });
    var group = P.el("g", { "class": "nodes" }, svg);
    nodes.forEach(function (nd) {
      var g = P.el("g", { "class": "node" + (nd.center ? " center" : ""), tabindex: 0,
                          transform: "translate(" + nd.x.toFixed(1) + "," + nd.y.toFixed(1) + ")",
                          "data-id": nd.id }, group);
      var r = radius(nd);
      P.el("circle", { r: r.toFixed(1) }, g);
      P.el("text", { y: (r + 13).toFixed(1), "text-anchor": "middle" }, g).textContent = nd.id;
      var text = [{ text: nd.id }, { text: nd.events + " events in this network" },
                  { text: nd.center ? "this actor" : "click to open" }];
      g.addEventListener("mousemove", function (evt) {
        edgeEls.forEach(function (l) {
          var on = l.getAttribute("data-a") === nd.id || l.getAttribute("data-b") === nd.id;
          l.classList.toggle("dim", !on);
        });
        P.showTip(tip, container, evt, text);
      });
      g.addEventListener("mouseleave", function () {
        edgeEls.forEach(function (l) { l.classList.remove("dim"); });
        tip.hidden = true;
      });
      var go = function () {
        if (!nd.center) { window.location.href = "/actor/" + encodeURIComponent(nd.id); }
      };
      g.addEventListener("click", go);
      g.addEventListener("keydown", function (evt) { if (evt.key === "Enter") { go(); } });
    });
    var leg = P.html("div", "legend", container);
    [-10, -5, 0, 5, 10].forEach(function (g) {
      var item = P.html("span", "legend-item", leg);
      var sw = P.html("span", "swatch", item);
      sw.style.background = gsColor(g);
      P.html("span", "", item, (g > 0 ? "+" : "") + g);
    });
    P.html("span", "legend-item", leg, "mean Goldstein of the events on a line");
    return svg;
  }

  P.gsColor = gsColor;
  P.network = network;
})();
