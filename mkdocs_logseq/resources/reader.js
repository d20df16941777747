// mkdocs-logseq reader features: hover previews of page links and block references, a local
// graph beside every page and the global graph page. One shared, cached file; the build
// prepends `window.LSQ_READER = {previews, graph}`. Works with Material's instant
// navigation (events are delegated to the document; page set-up runs on every `document$`).
// Without JavaScript nothing is lost: pages and links are plain HTML.
(function () {
  "use strict";
  var options = window.LSQ_READER || { previews: true, graph: true };
  var script = document.currentScript;
  // This file is <site root>/_logseq/reader.js: the root follows from its own address.
  var ROOT = new URL("../", script ? script.src : location.href);
  var MAX_DEPTH = 4;
  var SHOW_DELAY = 120;
  var HIDE_DELAY = 300;

  function inSite(url) {
    return url.origin === ROOT.origin && url.pathname.indexOf(ROOT.pathname) === 0;
  }

  function sitePath(url) {
    return decodeURIComponent(url.pathname.slice(ROOT.pathname.length));
  }

  // ------------------------------------------------------------------ previews

  var pages = new Map(); // page URL without hash -> Promise<Document>

  function fetchPage(url) {
    var key = url.href.split("#")[0];
    if (!pages.has(key)) {
      pages.set(
        key,
        fetch(key, { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.text();
          })
          .then(function (text) {
            return new DOMParser().parseFromString(text, "text/html");
          })
          .catch(function (error) {
            pages.delete(key);
            throw error;
          })
      );
    }
    return pages.get(key);
  }

  function previewable(link) {
    if (!link.closest("article, .lsq-preview") || link.closest(".headerlink, .lsq-graph")) {
      return null;
    }
    var href = link.getAttribute("href");
    if (!href || link.hasAttribute("download")) return null;
    var url = new URL(href, location.href);
    if (!inSite(url)) return null;
    var path = sitePath(url);
    if (path.indexOf("_logseq/") === 0 || path.indexOf("assets/") === 0) return null;
    if (!(path === "" || /\/$/.test(path) || /\.html$/.test(path))) return null;
    var samePage = url.href.split("#")[0] === location.href.split("#")[0];
    if (samePage && !url.hash) return null;
    return url;
  }

  // Make a copy of fetched nodes safe to show here: absolute links, no duplicate ids.
  function adopt(node, base) {
    var copy = document.importNode(node, true);
    var all = [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*")));
    all.forEach(function (el) {
      if (!el.getAttribute) return;
      ["href", "src", "data"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value !== null) el.setAttribute(name, new URL(value, base).href);
      });
      if (el.id) {
        el.removeAttribute("id");
      }
    });
    copy.querySelectorAll(".headerlink").forEach(function (el) {
      el.remove();
    });
    return copy;
  }

  function blockPreview(doc, url) {
    var id = decodeURIComponent(url.hash.slice(1));
    var target = id && doc.getElementById(id);
    if (!target) return null;
    var out = document.createDocumentFragment();
    if (target.tagName === "LI") {
      var list = document.createElement("ul");
      list.className = "lsq-outline";
      list.appendChild(adopt(target, url));
      out.appendChild(list);
    } else {
      out.appendChild(adopt(target, url));
      var next = target.nextElementSibling;
      if (next && !/^H\d$/.test(next.tagName)) out.appendChild(adopt(next, url));
    }
    return out;
  }

  function pagePreview(doc, url) {
    var article = doc.querySelector("article");
    if (!article) return null;
    var out = document.createDocumentFragment();
    var title = article.querySelector("h1");
    if (title) {
      var heading = document.createElement("p");
      heading.className = "lsq-preview-title";
      heading.textContent = title.textContent.replace(/¶$/, "").trim();
      out.appendChild(heading);
    }
    var taken = 0;
    var length = 0;
    for (var el = title ? title.nextElementSibling : article.firstElementChild; el; ) {
      if (el.classList.contains("lsq-backlinks-title") || taken >= 3 || length > 1200) break;
      if (el.id !== "page-properties" && !el.classList.contains("lsq-namespace-path")) {
        out.appendChild(adopt(el, url));
        taken += 1;
        length += el.textContent.length;
      }
      el = el.nextElementSibling;
    }
    return out;
  }

  var stack = []; // open cards, outermost first: {link, card, timer}
  var cardId = 0;

  function typeset(card) {
    // math.js (loaded on sites with math) typesets the math a card shows.
    if (window.lsqTypeset) window.lsqTypeset(card);
  }

  function levelOf(link) {
    var card = link.closest(".lsq-preview");
    if (!card) return 0;
    for (var i = 0; i < stack.length; i++) if (stack[i].card === card) return i + 1;
    return -1;
  }

  function closeFrom(level) {
    while (stack.length > level) {
      var entry = stack.pop();
      clearTimeout(entry.timer);
      entry.link.removeAttribute("aria-expanded");
      entry.link.removeAttribute("aria-controls");
      entry.card.remove();
    }
  }

  function place(card, link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(480, window.innerWidth - 16);
    var left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    card.style.width = width + "px";
    card.style.left = left + "px";
    var below = window.innerHeight - rect.bottom;
    if (below >= 220 || below >= rect.top) {
      card.style.top = rect.bottom + 6 + "px";
      card.style.maxHeight = Math.min(400, Math.max(120, below - 16)) + "px";
    } else {
      card.style.bottom = window.innerHeight - rect.top + 6 + "px";
      card.style.maxHeight = Math.min(400, Math.max(120, rect.top - 16)) + "px";
    }
  }

  function open(link, url) {
    var level = levelOf(link);
    if (level < 0 || level >= MAX_DEPTH) return;
    if (stack[level] && stack[level].link === link) {
      clearTimeout(stack[level].timer);
      return;
    }
    closeFrom(level);
    var card = document.createElement("div");
    card.className = "lsq-preview md-typeset";
    card.id = "lsq-preview-" + ++cardId;
    card.setAttribute("role", "dialog");
    card.tabIndex = -1;
    card.setAttribute("aria-label", link.textContent.trim());
    card.setAttribute("aria-busy", "true");
    var entry = { link: link, card: card, timer: 0 };
    stack.push(entry);
    link.setAttribute("aria-controls", card.id);
    link.setAttribute("aria-expanded", "true");
    // Right after the link, so that Tab moves from the link into its card.
    link.insertAdjacentElement("afterend", card);
    place(card, link);
    fetchPage(url)
      .then(function (doc) {
        if (stack.indexOf(entry) < 0) return;
        var body = (url.hash && blockPreview(doc, url)) || pagePreview(doc, url);
        if (!body || !body.childNodes.length) throw new Error("empty");
        card.appendChild(body);
        card.removeAttribute("aria-busy");
        typeset(card);
      })
      .catch(function () {
        if (stack.indexOf(entry) >= 0) closeFrom(stack.indexOf(entry));
      });
  }

  function scheduleClose(level) {
    var entry = stack[level];
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(function () {
      var i = stack.indexOf(entry);
      if (i >= 0) closeFrom(i);
    }, HIDE_DELAY);
  }

  function keep(node) {
    // The pointer is on a card or on the link that opened it: keep it and its parents open.
    for (var i = 0; i < stack.length; i++) {
      if (stack[i].card.contains(node) || stack[i].link === node || stack[i].link.contains(node)) {
        for (var j = 0; j <= i; j++) clearTimeout(stack[j].timer);
      }
    }
  }

  var pending = 0;
  var hoverable = window.matchMedia("(hover: hover)");

  function onOver(event) {
    if (event.pointerType && event.pointerType !== "mouse") return;
    if (!hoverable.matches) return;
    keep(event.target);
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link) return;
    var url = previewable(link);
    if (!url) return;
    clearTimeout(pending);
    pending = setTimeout(function () {
      if (link.matches(":hover")) open(link, url);
    }, SHOW_DELAY);
    fetchPage(url).catch(function () {});
  }

  function onOut(event) {
    if (event.pointerType && event.pointerType !== "mouse") return;
    var to = event.relatedTarget;
    for (var i = stack.length - 1; i >= 0; i--) {
      var entry = stack[i];
      var inside = to && (entry.card.contains(to) || entry.link.contains(to));
      var inChild = to && stack.slice(i + 1).some(function (e) {
        return e.card.contains(to);
      });
      if (!inside && !inChild) scheduleClose(i);
    }
    clearTimeout(pending);
  }

  var refocused = null; // the link Escape gave the focus back to: not opened again

  function onFocus(event) {
    var target = event.target;
    if (target === refocused) {
      refocused = null;
      return;
    }
    refocused = null;
    // Close the cards the focus left.
    for (var i = stack.length - 1; i >= 0; i--) {
      if (!stack[i].card.contains(target) && stack[i].link !== target) {
        var child = stack.slice(i).some(function (e) {
          return e.card.contains(target) || e.link === target;
        });
        if (!child) closeFrom(i);
      }
    }
    if (target.tagName !== "A" || !target.matches(":focus-visible")) return;
    var url = previewable(target);
    if (url) open(target, url);
  }

  function onKey(event) {
    if (event.key !== "Escape" || !stack.length) return;
    var entry = stack[stack.length - 1];
    closeFrom(stack.length - 1);
    refocused = entry.link;
    entry.link.focus();
    event.preventDefault();
  }

  if (options.previews) {
    document.addEventListener("pointerover", onOver);
    document.addEventListener("pointerout", onOut);
    document.addEventListener("focusin", onFocus);
    document.addEventListener("keydown", onKey);
    window.addEventListener("scroll", function () {
      closeFrom(0);
    }, { passive: true });
  }

  // ------------------------------------------------------------------ graph view

  var library = null;

  function loadLibrary() {
    if (window.ForceGraph) return Promise.resolve(window.ForceGraph);
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL("_logseq/vendor/force-graph.min.js", ROOT).href;
        tag.onload = function () {
          resolve(window.ForceGraph);
        };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  function colours() {
    // From reader.css, so the legend of the Graph page and the drawing agree.
    var style = getComputedStyle(document.body);
    function get(name, fallback) {
      return style.getPropertyValue(name).trim() || fallback;
    }
    return {
      page: get("--lsq-graph-page", "#888"),
      current: get("--lsq-graph-current", "#526cfe"),
      tag: get("--lsq-graph-tag", "#4051b5"),
      journal: get("--lsq-graph-journal", "#8d6e63"),
      link: get("--lsq-graph-link", "#ccc"),
      text: get("--md-default-fg-color", "#222"),
    };
  }

  function navigate(url) {
    // An anchor click, so that Material's instant navigation (when on) takes it.
    var a = document.createElement("a");
    a.href = new URL(url, ROOT).href;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  window.lsqGraphs = window.lsqGraphs || {};

  function draw(container, data, currentUrl, name) {
    return loadLibrary().then(function (ForceGraph) {
      var c = colours();
      data.nodes.forEach(function (n, i) {
        n.id = i;
        n.neighbours = new Set();
      });
      var links = data.links.map(function (pair) {
        var a = data.nodes[pair[0]];
        var b = data.nodes[pair[1]];
        a.neighbours.add(b);
        b.neighbours.add(a);
        return { source: a, target: b };
      });
      var hovered = null;
      var width = container.clientWidth || 300;
      var height = container.clientHeight || 240;
      var graph = ForceGraph()(container)
        .width(width)
        .height(height)
        .graphData({ nodes: data.nodes, links: links })
        .nodeId("id")
        .nodeLabel(function (n) {
          // force-graph shows the label as HTML; a title is text ("Vec<T>" stays that)
          var box = document.createElement("span");
          box.textContent = n.title;
          return box.innerHTML;
        })
        .nodeRelSize(3)
        .nodeVal(function (n) {
          return 1 + Math.min(8, n.neighbours.size / 2);
        })
        .nodeColor(function (n) {
          if (n.url === currentUrl) return c.current;
          if (hovered && n !== hovered && !hovered.neighbours.has(n)) return c.link;
          return n.kind === "tag" ? c.tag : n.kind === "journal" ? c.journal : c.page;
        })
        .linkColor(function (l) {
          return hovered && (l.source === hovered || l.target === hovered) ? c.current : c.link;
        })
        .nodeCanvasObjectMode(function () {
          return "after";
        })
        .nodeCanvasObject(function (n, ctx, scale) {
          var show = n === hovered || n.url === currentUrl || (hovered && hovered.neighbours.has(n));
          // Labels: the hovered node and its neighbours, the current page, and more of
          // the best-linked pages the further one zooms in.
          if (!show && data.nodes.length > 40 && n.neighbours.size * scale * scale < 40) return;
          var size = 11 / scale;
          ctx.font = size + "px sans-serif";
          ctx.textAlign = "center";
          ctx.textBaseline = "top";
          ctx.fillStyle = c.text;
          ctx.fillText(n.title, n.x, n.y + 4);
        })
        .onNodeHover(function (n) {
          hovered = n || null;
          container.style.cursor = n ? "pointer" : "";
        })
        .onNodeClick(function (n) {
          navigate(n.url);
        })
        .cooldownTime(data.nodes.length > 1000 ? 4000 : 2500);
      var fitted = false;
      graph.onEngineStop(function () {
        if (!fitted) graph.zoomToFit(300, 16);
        fitted = true;
        container.dataset.settled = "true";
      });
      window.lsqGraphs[name] = graph;
      container.dataset.nodes = String(data.nodes.length);
      return graph;
    });
  }

  function fetchJson(path) {
    return fetch(new URL(path, ROOT).href).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  function localGraph() {
    var old = document.querySelector(".lsq-graph-local");
    if (old) old.remove();
    if (!document.querySelector("article h1.lsq-title")) return;
    var path = sitePath(new URL(location.href));
    var file = "_logseq/graph/" + (path === "" || /\/$/.test(path) ? path + "index.json" : path + ".json");
    var box = document.createElement("nav");
    box.className = "lsq-graph lsq-graph-local";
    box.setAttribute("aria-label", (options.labels && options.labels.page) || "Graph of this page");
    var head = document.createElement("div");
    head.className = "lsq-graph-head";
    var label = document.createElement("span");
    label.textContent = (options.labels && options.labels.graph) || "Graph";
    var expand = document.createElement("button");
    expand.type = "button";
    expand.className = "lsq-graph-expand";
    expand.title = (options.labels && options.labels.expand) || "Larger";
    expand.setAttribute("aria-label", expand.title);
    expand.textContent = "⤢";
    head.appendChild(label);
    head.appendChild(expand);
    var canvas = document.createElement("div");
    canvas.className = "lsq-graph-canvas";
    box.appendChild(head);
    box.appendChild(canvas);
    var sidebar = document.querySelector(".md-sidebar--secondary .md-sidebar__inner");
    if (sidebar && getComputedStyle(sidebar.closest(".md-sidebar")).display !== "none") {
      sidebar.insertBefore(box, sidebar.firstChild);
    } else {
      var article = document.querySelector("article");
      var backlinks = article.querySelector(".lsq-backlinks-title");
      article.insertBefore(box, backlinks || null);
    }
    var current = path;
    fetchJson(file)
      .then(function (data) {
        if (data.nodes.length < 2) {
          box.remove();
          return;
        }
        expand.addEventListener("click", function () {
          openDialog(data, current);
        });
        return draw(canvas, data, current, "local");
      })
      .catch(function () {
        box.remove();
      });
  }

  function openDialog(data, current) {
    var dialog = document.createElement("dialog");
    dialog.className = "lsq-graph lsq-graph-dialog";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "lsq-graph-close";
    close.textContent = "×";
    close.setAttribute("aria-label", (options.labels && options.labels.close) || "Close");
    close.addEventListener("click", function () {
      dialog.close();
    });
    var canvas = document.createElement("div");
    canvas.className = "lsq-graph-canvas";
    dialog.appendChild(close);
    dialog.appendChild(canvas);
    dialog.addEventListener("close", function () {
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    // A copy: force-graph keeps positions on the node objects.
    var copy = JSON.parse(JSON.stringify({ nodes: data.nodes.map(strip), links: data.links }));
    draw(canvas, copy, current, "dialog");
  }

  function strip(n) {
    return { title: n.title, url: n.url, kind: n.kind };
  }

  function globalGraph() {
    var holder = document.getElementById("lsq-graph-global");
    if (!holder) return;
    holder.hidden = false;
    var note = document.querySelector(".lsq-graph-nojs");
    if (note) note.hidden = true;
    var canvas = holder.querySelector(".lsq-graph-canvas");
    var toggle = holder.querySelector("input[name=journals]");
    fetchJson("_logseq/graph.json").then(function (all) {
      function render() {
        canvas.textContent = "";
        var keep = all.nodes.map(function (n) {
          return toggle.checked || n.kind !== "journal";
        });
        var index = [];
        var nodes = [];
        all.nodes.forEach(function (n, i) {
          if (keep[i]) {
            index[i] = nodes.length;
            nodes.push(strip(n));
          }
        });
        var links = all.links
          .filter(function (p) {
            return keep[p[0]] && keep[p[1]];
          })
          .map(function (p) {
            return [index[p[0]], index[p[1]]];
          });
        draw(canvas, { nodes: nodes, links: links }, null, "global");
      }
      toggle.addEventListener("change", render);
      render();
    });
  }

  function setUp() {
    closeFrom(0);
    if (!options.graph) return;
    localGraph();
    globalGraph();
  }

  if (window.document$) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
