// mkdocs-logseq: render Logseq's $…$ and $$…$$ math (emitted by pymdownx.arithmatex) with KaTeX,
// again after every instant-navigation page change of Material. `lsqTypeset(root)` is also
// what the reader's preview cards call for the math they show.
(function () {
  function typeset(root) {
    if (!window.renderMathInElement) return;
    // math in a heading reaches Material's table of contents as the text \(…\)
    var toc = root.querySelectorAll ? root.querySelectorAll(".md-nav--secondary .md-ellipsis") : [];
    var found = [].filter.call(toc, function (el) {
      return el.textContent.indexOf("\\(") >= 0;
    });
    found.concat([].slice.call(root.querySelectorAll(".arithmatex"))).forEach(function (el) {
      window.renderMathInElement(el, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true },
        ],
        throwOnError: false,
      });
    });
  }
  window.lsqTypeset = typeset;
  function render() {
    typeset(document);
  }
  if (window.document$) window.document$.subscribe(render);
  else document.addEventListener("DOMContentLoaded", render);
})();
