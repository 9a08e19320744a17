/* peristiwa: find the charts on a page, feed them their JSON, wire clicks. */
(function () {
  "use strict";
  var P = window.Peristiwa;

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* The dyad page: list the clusters behind a clicked bar (and remember it in the URL). */
  function showPoint(panel, bucket) {
    panel.textContent = "";
    P.html("h2", "", panel, "Events from " + bucket.bucket + " to " + bucket.end +
           " (" + bucket.clusters + ")");
    var list = P.html("ul", "point-list", panel);
    (bucket.items || []).forEach(function (c) {
      var li = P.html("li", "", list);
      var a = P.html("a", "", li, [c.date, (c.source || {}).code, c.cameo, (c.target || {}).code]
        .filter(Boolean).join(" "));
      a.href = "/cluster/" + encodeURIComponent(c.cluster_id);
      var q = P.html("span", "quad q" + c.quad_class, li, P.QUAD[c.quad_class] ?
                     P.QUAD[c.quad_class].name : "");
      q.title = "quad class " + c.quad_class;
      P.html("span", "point-meta", li, " " + c.num_articles + " article" +
             (c.num_articles === 1 ? "" : "s") + " — " + (c.sentence || ""));
    });
    var url = new URL(window.location.href);
    url.searchParams.set("point", bucket.bucket);
    window.history.replaceState(null, "", url.toString());
  }

  /* The overview: a bar opens the clusters of its period. */
  function openPeriod(bucket) {
    window.location.href = "/clusters?since=" + encodeURIComponent(bucket.bucket) +
      "&until=" + encodeURIComponent(bucket.end);
  }

  function draw(box) {
    var data = readJSON(box.getAttribute("data-source"));
    if (data === null) { return; }
    var kind = box.getAttribute("data-chart");
    if (kind === "quad-bars") {
      var panelId = box.getAttribute("data-points");
      var panel = panelId ? document.getElementById(panelId) : null;
      P.quadBars(box, data, {
        goldstein: box.getAttribute("data-goldstein") === "1",
        onSelect: panel ? function (i, b) { showPoint(panel, b); } : function (i, b) { openPeriod(b); }
      });
    } else if (kind === "network") {
      P.network(box, data, {});
    }
    box.setAttribute("data-drawn", "1");
  }

  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      try { draw(box); } catch (err) {
        box.textContent = "This chart could not be drawn: " + err.message;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    var width = window.innerWidth, timer = null;
    window.addEventListener("resize", function () {
      if (window.innerWidth === width) { return; }
      width = window.innerWidth;
      clearTimeout(timer);
      timer = setTimeout(drawAll, 200);
    });
  });
})();
