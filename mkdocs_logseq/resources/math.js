// mkdocs-logseq: render Logseq's $…$ and $$…$$ math (emitted by pymdownx.arithmatex) with KaTeX,
// again after every instant-navigation page change of Material.
(function () {
  function render() {
    if (!window.renderMathInElement) return;
    document.querySelectorAll(".arithmatex").forEach(function (el) {
      window.renderMathInElement(el, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true },
        ],
        throwOnError: false,
      });
    });
  }
  if (window.document$) window.document$.subscribe(render);
  else document.addEventListener("DOMContentLoaded", render);
})();
