// Make every sidebar button work, not only the first one of its kind.
//
// pydata-sphinx-theme 0.20 binds its sidebar handlers to
// document.querySelector(".primary-toggle") and (".secondary-toggle"): the
// first such button in the page, which sphinx-book-theme 1.4 keeps hidden in
// the top bar whenever the top bar has items.  The buttons readers see, in
// the article header, had no handler, so on a phone the page list could not
// be opened at all (upstream: sphinx-book-theme PR #1000).  conf.py leaves
// the top bar empty, so today there are no hidden copies; this keeps the
// buttons working should a top-bar item come back.
//
// A click on a button without a handler is passed on to the one the theme
// bound.  A theme that handles the button itself stops the click there
// (pydata-sphinx-theme calls preventDefault and stopPropagation, the book
// theme's wide-screen handler stopImmediatePropagation), so this listener
// does nothing once upstream binds every button.
"use strict";
document.addEventListener("click", (event) => {
  if (event.defaultPrevented) return;
  const button = event.target.closest(".primary-toggle, .secondary-toggle");
  if (!button) return;
  const kind = button.classList.contains("primary-toggle")
    ? ".primary-toggle"
    : ".secondary-toggle";
  const bound = document.querySelector(kind);
  if (!bound || bound === button) return;
  event.preventDefault();
  bound.click();
});
