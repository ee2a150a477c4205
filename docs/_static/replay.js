/* Replay each example's output at the pace its lines arrived.
 *
 * Every output panel (docs/engine/render/example.py) gets a small bar:
 * "Replay" hides the lines and shows each one again when its time (the
 * "+N.NN s" column) comes, with a clock; it can be paused, resumed and
 * skipped to the end. Without JavaScript the output stays as it is. Under
 * prefers-reduced-motion the clock does not run: it moves only when a line
 * arrives. Labels follow the page's language (<html lang>).
 */
(function () {
  "use strict";

  var WORDS = {
    en: {replay: "Replay", pause: "Pause", resume: "Resume", skip: "Skip to end",
         group: "Replay the output at the pace it arrived"},
    zh: {replay: "重放", pause: "暂停", resume: "继续", skip: "跳到结尾",
         group: "按输出到达的节奏重放"}
  };
  var lang = (document.documentElement.lang || "en").toLowerCase();
  var words = lang.indexOf("zh") === 0 ? WORDS.zh : WORDS.en;
  var reduced = window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function seconds(line) {
    var time = line.querySelector(".example-output-time");
    var value = time ? parseFloat(time.textContent.replace("+", "")) : NaN;
    return isNaN(value) ? 0 : value;
  }

  function button(text) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = text;
    return element;
  }

  function attach(block) {
    var lines = Array.prototype.slice.call(
      block.querySelectorAll(".example-output-line"));
    if (!lines.length) return;
    var times = lines.map(seconds);
    var total = times[times.length - 1];
    var bar = document.createElement("div");
    bar.className = "example-replay";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", words.group);
    var play = button(words.replay), skip = button(words.skip);
    var clock = document.createElement("span");
    clock.className = "example-replay-clock";
    skip.hidden = true;
    bar.appendChild(play);
    bar.appendChild(skip);
    bar.appendChild(clock);
    var pre = block.querySelector("pre");
    pre.parentNode.insertBefore(bar, pre.nextSibling);

    // state: "idle" (all shown), "playing", "paused"
    var state = "idle", elapsed = 0, startedAt = 0, timer = null, next = 0;

    function now() { return elapsed + (performance.now() - startedAt) / 1000; }
    function show(t) { clock.textContent = "+" + t.toFixed(2) + " s / " + total.toFixed(2) + " s"; }

    function tick() {
      var t = now();
      while (next < lines.length && times[next] <= t) {
        lines[next].classList.remove("example-replay-hidden");
        next += 1;
        if (reduced) show(times[next - 1]);
      }
      if (!reduced) show(Math.min(t, total));
      if (next >= lines.length) { finish(); return; }
      // Whole milliseconds, rounded up, at least one: a timer due a fraction
      // of a millisecond early would find the line not yet due and set
      // itself again at once, without end.
      timer = reduced
        ? window.setTimeout(tick, Math.max(1, Math.ceil((times[next] - t) * 1000)))
        : window.setTimeout(tick, 50);
    }
    function finish() {
      window.clearTimeout(timer);
      lines.forEach(function (line) { line.classList.remove("example-replay-hidden"); });
      state = "idle";
      play.textContent = words.replay;
      skip.hidden = true;
      show(total);
    }
    play.addEventListener("click", function () {
      if (state === "playing") {
        elapsed = now();
        window.clearTimeout(timer);
        state = "paused";
        play.textContent = words.resume;
        return;
      }
      if (state === "idle") {
        lines.forEach(function (line) { line.classList.add("example-replay-hidden"); });
        elapsed = 0;
        next = 0;
        show(0);
      }
      state = "playing";
      play.textContent = words.pause;
      skip.hidden = false;
      startedAt = performance.now();
      tick();
    });
    skip.addEventListener("click", finish);
  }

  function attachAll() {
    // One control per panel (a start method's output, output-tabs.js), or
    // per block where a block has no panels.
    var blocks = document.querySelectorAll("div.example-output");
    Array.prototype.forEach.call(blocks, function (block) {
      var panels = block.querySelectorAll(".example-output-panel");
      Array.prototype.forEach.call(panels.length ? panels : [block], attach);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
})();
