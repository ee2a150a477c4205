// The language switch (docs/_templates/language-switch.html) leads to the
// same page in the other tree; section ids are the same in both languages,
// so it keeps the reader's place: the #section, and on the search page the
// query (?q=...), including text typed into the search box but not sent yet.
"use strict";
(() => {
  const links = document.querySelectorAll("a.language-switch");
  if (!links.length) return;
  const pageOf = (link) => link.href.split(/[?#]/)[0];
  const pages = new Map([...links].map((link) => [link, pageOf(link)]));
  const update = () => {
    const query = new URLSearchParams(location.search);
    // The search page's own box; the one in the sidebar starts a new search.
    const box = document.querySelector(".bd-search-container input[name=q]");
    if (box && box.value.trim()) query.set("q", box.value.trim());
    const search = query.toString();
    for (const [link, page] of pages) {
      link.href = page + (search ? "?" + search : "") + location.hash;
    }
  };
  update();
  window.addEventListener("hashchange", update);
  // Right before leaving (click, middle click, keyboard), take what is
  // current, e.g. a query typed on the search page.
  for (const link of links) {
    link.addEventListener("pointerdown", update);
    link.addEventListener("keydown", update);
    link.addEventListener("click", update);
  }
})();
