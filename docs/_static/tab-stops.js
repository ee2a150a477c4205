// A block that a tab shows gets a keyboard tab stop if it scrolls.
//
// pydata-sphinx-theme 0.20 gives each scrollable <pre> (and table
// container) tabindex 0 at load and on resize, and -1 to the others. A
// block in a tab panel hidden at load (an output tab of another start
// method, a sphinx-tabs panel) measured as not scrollable then, so after a
// switch its wide lines could not be scrolled from the keyboard (axe:
// scrollable-region-focusable). This does the theme's measurement again
// whenever a panel is shown or hidden.
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

  // However a panel comes to be shown (a click, an arrow key, the reader's
  // choice applied from another block or page), it is shown by changing an
  // attribute: measure again, once, on the next frame after any such change.
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      requestAnimationFrame(function () { pending = false; measure(); });
    }
  }).observe(document.body, {subtree: true, attributes: true,
                             attributeFilter: ["hidden", "aria-selected", "class"]});
})();
