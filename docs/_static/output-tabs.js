/* Output blocks as tabs: one panel per start method and system
 * (docs/engine/render/example.py). Without this script every panel stays
 * visible under its own label.
 *
 * The reader's choice applies to every block of the page and is remembered
 * across pages (localStorage); a first visit starts from the reader's system.
 */
(function () {
  "use strict";
  var KEY = "notes-output-tab";

  function readerSystem() {
    var platform = (navigator.userAgentData && navigator.userAgentData.platform) ||
      navigator.platform || navigator.userAgent || "";
    if (/win/i.test(platform)) return "windows";
    if (/mac|iphone|ipad/i.test(platform)) return "macos";
    return "linux";
  }

  function remembered() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(id) {
    try { localStorage.setItem(KEY, id); } catch (e) { /* private mode */ }
  }

  function preferred(panels) {
    var chosen = remembered();
    var system = readerSystem();
    var found = panels.filter(function (p) { return p.dataset.tab === chosen; })[0] ||
      panels.filter(function (p) {
        return (p.dataset.for || "").split(" ").indexOf(system) >= 0;
      })[0];
    return (found || panels[0]).dataset.tab;
  }

  var blocks = [];

  function select(id, focus) {
    blocks.forEach(function (block) {
      var has = block.panels.some(function (p) { return p.dataset.tab === id; });
      var shown = has ? id : preferred(block.panels);
      block.panels.forEach(function (panel, i) {
        var on = panel.dataset.tab === shown;
        panel.hidden = !on;
        block.buttons[i].setAttribute("aria-selected", on ? "true" : "false");
        block.buttons[i].tabIndex = on ? 0 : -1;
        if (on && focus === block) block.buttons[i].focus();
      });
    });
  }

  document.querySelectorAll(".example-output").forEach(function (block, n) {
    var panels = Array.prototype.slice.call(
      block.querySelectorAll(":scope > .example-output-panel"));
    if (panels.length < 2) return;
    var list = document.createElement("div");
    list.className = "example-output-tabs";
    list.setAttribute("role", "tablist");
    var entry = { panels: panels, buttons: [] };
    panels.forEach(function (panel, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "example-output-tab";
      button.id = "example-output-" + n + "-tab-" + i;
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", panel.id = "example-output-" + n + "-panel-" + i);
      button.textContent = panel.dataset.label;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", button.id);
      button.addEventListener("click", function () {
        remember(panel.dataset.tab);
        select(panel.dataset.tab);
      });
      button.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        var next = panels[(i + step + panels.length) % panels.length].dataset.tab;
        remember(next);
        select(next, entry);
        event.preventDefault();
      });
      entry.buttons.push(button);
      list.appendChild(button);
    });
    block.insertBefore(list, panels[0]);
    block.classList.add("example-output-tabbed");
    blocks.push(entry);
  });
  if (blocks.length) select(preferred(blocks[0].panels));
})();
