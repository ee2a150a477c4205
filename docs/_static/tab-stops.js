// A block that a tab shows gets a keyboard tab stop if it scrolls.
//
// pydata-sphinx-theme 0.20 gives each scrollable <pre> (and table
// container) tabindex 0 at load and on resize, and -1 to the others. A
// block in a tab panel hidden at load (an output tab of another start
// method, a sphinx-tabs panel) measured as not scrollable then, so after a
// switch its wide lines could not be scrolled from the keyboard (axe:
// scrollable-region-focusable). This does the theme's measurement again
// once a tab has been chosen, by click or by arrow key.
"use strict";
(function () {
  var SCROLLABLE = "pre, .pst-scrollable-table-container";

  function measure() {
    document.querySelectorAll(SCROLLABLE).forEach(function (block) {
      var scrolls = block.scrollWidth > block.clientWidth ||
        block.scrollHeight > block.clientHeight;
      block.tabIndex = scrolls ? 0 : -1;
    });
  }

  function chosen(event) {
    if (event.target.closest && event.target.closest("[role=tab]")) {
      requestAnimationFrame(measure);  // after the tab's own handler
    }
  }

  document.addEventListener("click", chosen);
  document.addEventListener("keydown", chosen);
})();
