// mkdocs-logseq: render Logseq's $…$ and $$…$$ math (emitted by pymdownx.arithmatex) with KaTeX,
// again after every instant-navigation page change of Material. `lsqTypeset(root)` is also
// what the reader's preview cards call for the math they show.
(function () {
  function typeset(root) {
    if (!window.renderMathInElement) return;
    root.querySelectorAll(".arithmatex").forEach(function (el) {
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
