// Search results show a sentence of the page, not the theme's buttons.
//
// Sphinx's searchtools.js cuts each result's snippet from the text of the
// page's [role="main"] element.  In pydata-sphinx-theme that is <main>,
// which also holds the article header (colour mode menu: "System Settings
// Light Dark"), the print-only table of contents and the "Contents"
// sidebar, so most snippets were theme text.  Hand Sphinx the article only.
"use strict";
(() => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const pageText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article");
    if (!article) return pageText(htmlString, anchor);
    const main = page.createElement("div");
    main.setAttribute("role", "main");
    main.append(article);
    return pageText(main.outerHTML, anchor);
  };
})();
