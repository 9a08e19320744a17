/* peristiwa: stacked bar chart of events per time bucket by quad class, with a mean
   Goldstein line; hover for numbers, click for the bucket's events. Plain SVG, no library. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var QUAD = {
    1: { name: "verbal cooperation", color: "#8cc084" },
    2: { name: "material cooperation", color: "#2e7d32" },
    3: { name: "verbal conflict", color: "#f0a04b" },
    4: { name: "material conflict", color: "#c62828" }
  };

  function el(tag, attrs, parent) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function html(tag, cls, parent, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  /* The smallest whole tick step of 1, 1.2, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 x 10^n
     whose four steps reach v: the tallest bar fills most of the chart's height. */
  function niceStep(v) {
    if (v <= 4) { return 1; }
    var raw = v / 4, p = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 1.2, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10];
    for (var i = 0; i < steps.length; i++) {
      var s = steps[i] * p;
      if (s >= raw && Math.abs(s - Math.round(s)) < 1e-9) { return Math.round(s); }
    }
    return 10 * p;
  }

  function label(bucket, by) {
    if (by === "year") { return bucket.slice(0, 4); }
    if (by === "month") { return bucket.slice(0, 7); }
    return bucket;
  }

  function guessBy(buckets) {
    if (buckets.length < 2) { return "day"; }
    var days = (Date.parse(buckets[1].bucket) - Date.parse(buckets[0].bucket)) / 864e5;
    return days > 300 ? "year" : days > 25 ? "month" : days > 5 ? "week" : "day";
  }

  function tooltip(container) {
    var tip = container.querySelector(".tooltip");
    if (!tip) { tip = html("div", "tooltip", container); }
    tip.hidden = true;
    return tip;
  }

  function showTip(tip, container, evt, lines) {
    tip.textContent = "";
    lines.forEach(function (line, i) {
      var row = html("div", i === 0 ? "tip-head" : "tip-row", tip);
      if (line.color) {
        var sw = html("span", "swatch", row);
        sw.setAttribute("data-color", line.color);
        sw.style.background = line.color;
      }
      html("span", "", row, line.text);
    });
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = evt.clientX - box.left + 14;
    var y = evt.clientY - box.top + 10;
    if (x + tip.offsetWidth > box.width) { x = Math.max(0, x - tip.offsetWidth - 28); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  function legend(container, withLine) {
    var box = html("div", "legend", container);
    [1, 2, 3, 4].forEach(function (q) {
      var item = html("span", "legend-item", box);
      var sw = html("span", "swatch", item);
      sw.style.background = QUAD[q].color;
      html("span", "", item, QUAD[q].name);
    });
    if (withLine) {
      var item = html("span", "legend-item", box);
      html("span", "swatch line", item);
      html("span", "", item, "mean Goldstein (right axis, −10 to +10)");
    }
  }

  /* Draw buckets [{bucket, end, quad: {1: n, ...}, clusters, goldstein_mean}] into container. */
  function quadBars(container, buckets, opts) {
    opts = opts || {};
    container.textContent = "";
    if (!buckets.length) {
      html("p", "empty", container, "No dated events in this range.");
      return null;
    }
    var by = opts.by || guessBy(buckets);
    var W = Math.max(container.clientWidth || 800, 320);
    var H = opts.height || 280;
    var m = { l: 44, r: opts.goldstein ? 40 : 12, t: 12, b: 40 };
    var pw = W - m.l - m.r, ph = H - m.t - m.b;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H,
                          "class": "quad-bars" }, container);
    /* four whole-number ticks: at least 0..4 */
    var maxY = 4 * niceStep(Math.max.apply(null, buckets.map(function (b) {
      return b.clusters; })));
    var y = function (v) { return m.t + ph - (v / maxY) * ph; };
    var gy = function (g) { return m.t + ((10 - g) / 20) * ph; };
    var axis = el("g", { "class": "axis" }, svg);
    for (var t = 0; t <= 4; t++) {
      var v = (maxY * t) / 4;
      el("line", { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v), "class": "grid" }, axis);
      el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis).textContent = v;
    }
    if (opts.goldstein) {
      [-10, 0, 10].forEach(function (g) {
        el("text", { x: m.l + pw + 6, y: gy(g) + 4, "class": "gs-axis" }, axis).textContent =
          (g > 0 ? "+" : "") + g;
      });
      el("line", { x1: m.l, x2: m.l + pw, y1: gy(0), y2: gy(0), "class": "gs-zero" }, axis);
    }
    var n = buckets.length;
    var bw = pw / n;
    var gap = bw > 6 ? Math.min(3, bw * 0.15) : 0;
    var bars = el("g", { "class": "bars" }, svg);
    buckets.forEach(function (b, i) {
      var x = m.l + i * bw;
      var base = 0;
      [1, 2, 3, 4].forEach(function (q) {
        var c = (b.quad && (b.quad[q] || b.quad[String(q)])) || 0;
        if (!c) { return; }
        el("rect", { x: x + gap / 2, width: Math.max(bw - gap, 0.5), y: y(base + c),
                     height: y(base) - y(base + c), fill: QUAD[q].color, "class": "seg q" + q },
           bars);
        base += c;
      });
    });
    if (opts.goldstein) {
      var d = "";
      var pts = el("g", { "class": "gs-points" }, svg);
      var joined = false;  /* the line breaks at buckets without events */
      buckets.forEach(function (b, i) {
        if (b.goldstein_mean === null || b.goldstein_mean === undefined) {
          joined = false;
          return;
        }
        var cx = m.l + (i + 0.5) * bw, cy = gy(b.goldstein_mean);
        d += (joined ? " L" : " M") + cx.toFixed(1) + " " + cy.toFixed(1);
        joined = true;
        el("circle", { cx: cx, cy: cy, r: 2.5, "class": "gs-dot" }, pts);
      });
      if (d) { el("path", { d: d.trim(), "class": "gs-line" }, svg); }
    }
    var every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(pw / 72))));
    buckets.forEach(function (b, i) {
      if (i % every) { return; }
      var x = m.l + (i + 0.5) * bw;
      el("line", { x1: x, x2: x, y1: m.t + ph, y2: m.t + ph + 4, "class": "tick" }, axis);
      el("text", { x: x, y: m.t + ph + 18, "text-anchor": "middle" }, axis).textContent =
        label(b.bucket, by);
    });
    var tip = tooltip(container);
    var hits = el("g", { "class": "hits" }, svg);
    var hitRects = buckets.map(function (b, i) {
      var r = el("rect", { x: m.l + i * bw, width: Math.max(bw, 1), y: m.t, height: ph,
                           "class": "hit" + (b.clusters ? " has" : ""), "data-bucket": b.bucket,
                           "data-count": b.clusters, tabindex: b.clusters ? 0 : -1 }, hits);
      var lines = [{ text: label(b.bucket, by) + (by === "week" ? " (week)" : "") + ": " +
                     b.clusters + " event" + (b.clusters === 1 ? "" : "s") }];
      [1, 2, 3, 4].forEach(function (q) {
        var c = (b.quad && (b.quad[q] || b.quad[String(q)])) || 0;
        if (c) { lines.push({ color: QUAD[q].color, text: QUAD[q].name + ": " + c }); }
      });
      if (b.goldstein_mean !== null && b.goldstein_mean !== undefined) {
        lines.push({ text: "mean Goldstein " + (b.goldstein_mean > 0 ? "+" : "") +
                     b.goldstein_mean.toFixed(2) });
      }
      if (b.clusters && opts.onSelect) { lines.push({ text: "click for the events" }); }
      r.addEventListener("mousemove", function (evt) {
        hitRects.forEach(function (o) { o.classList.remove("hover"); });
        r.classList.add("hover");
        showTip(tip, container, evt, lines);
      });
      r.addEventListener("mouseleave", function () {
        r.classList.remove("hover");
        tip.hidden = true;
      });
      if (opts.onSelect && b.clusters) {
        var pick = function () {
          hitRects.forEach(function (o) { o.classList.remove("selected"); });
          r.classList.add("selected");
          opts.onSelect(i, b);
        };
        r.addEventListener("click", pick);
        r.addEventListener("keydown", function (evt) {
          if (evt.key === "Enter" || evt.key === " ") { evt.preventDefault(); pick(); }
        });
      }
      return r;
    });
    legend(container, opts.goldstein);
    return svg;
  }

  window.Peristiwa = window.Peristiwa || {};
  window.Peristiwa.QUAD = QUAD;
  window.Peristiwa.el = el;
  window.Peristiwa.html = html;
  window.Peristiwa.tooltip = tooltip;
  window.Peristiwa.showTip = showTip;
  window.Peristiwa.quadBars = quadBars;
  window.Peristiwa.niceStep = niceStep;
})();
