// What tests/test_browser.py measures in each page, in one call per page and
// colour mode:
//   json.loads(page.evaluate(<this file>, {scroll, chinese, downloads, copies,
//                                          contrast, linestarts, switch, figures,
//                                          replay, axe, settle}))
// Each option that is true adds its field to the returned object (settle
// adds none), which comes back as JSON text: one string crosses to Python
// much faster than Playwright's copy of an object with thousands of fields.
async (options) => {
  const found = {};

  // Bring running CSS transitions to their end first (a colour scheme
  // switched just before this call starts some): colours are measured as
  // they come to rest, at once instead of after waiting for them.
  // getAnimations() applies the styles changed so far, so it lists every
  // transition they start.
  if (options.settle) {
    for (const animation of document.getAnimations()) {
      if (animation instanceof CSSTransition) animation.finish();
    }
  }

  // The page's width against the window's: wider means it scrolls sideways.
  if (options.scroll) {
    const root = document.documentElement;
    found.scroll = [root.scrollWidth, root.clientWidth];
  }

  // Chinese text that no lang="zh..." element holds.
  if (options.chinese) {
    found.chinese = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/[\u3400-\u4dbf\u4e00-\u9fff]/.test(n.textContent)) continue;
      if (n.parentElement.closest("script, style")) continue;
      const lang = n.parentElement.closest("[lang]")?.getAttribute("lang") || "";
      if (!lang.toLowerCase().startsWith("zh")) found.chinese.push(n.textContent.trim().slice(0, 60));
    }
  }

  // Every download link, fetched, with the code shown above it (examples).
  if (options.downloads) {
    const links = [
      ...[...document.querySelectorAll("p.example-download a")].map((a) => [a, "example"]),
      ...[...document.querySelectorAll(".dropdown-download-buttons a[href]")].map((a) => [a, "page"]),
    ];
    // All fetched at once, listed in the page's order.
    found.downloads = await Promise.all(links.map(async ([link, kind]) => {
      const code = kind === "example"
        ? link.closest("p").previousElementSibling?.querySelector("pre")?.textContent ?? null
        : null;
      const response = await fetch(link.href);
      return {kind, href: link.href, status: response.status,
              body: await response.text(), shown: code};
    }));
  }

  // What each code block's copy button puts on the clipboard (hidden tabs
  // included: the button's click handler is the same).
  if (options.copies) {
    found.copies = [];
    for (const block of document.querySelectorAll("div.highlight")) {
      block.querySelector("button.copybtn").click();
      found.copies.push([block.querySelector("pre").textContent,
                         await navigator.clipboard.readText()]);
    }
  }

  // Contrast of every visible element with text of its own inside the
  // given containers, against the colours actually behind it.
  if (options.contrast) {
    const parse = (color) => {
      const m = color.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const over = (top, bottom) =>
      [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const luminance = (c) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // The colour behind an element: its own background over its parent's,
    // up to the first opaque one (white behind them all). Kept per element
    // for one measure(), as opacities: siblings share their parents'.
    const backgrounds = new Map();
    const background = (element) => {
      if (!element) return [255, 255, 255, 1];
      if (!backgrounds.has(element)) {
        const c = parse(getComputedStyle(element).backgroundColor);
        backgrounds.set(element, !c || c[3] <= 0 ? background(element.parentElement)
          : over(c, c[3] >= 1 ? [255, 255, 255, 1] : background(element.parentElement)));
      }
      return backgrounds.get(element);
    };
    const opacities = new Map();
    const opacity = (element) => {
      if (!element) return 1;
      if (!opacities.has(element)) {
        opacities.set(element, Number(getComputedStyle(element).opacity)
                               * opacity(element.parentElement));
      }
      return opacities.get(element);
    };
    found.contrast = [];
    const seen = new Set();  // elements measured already (visible ones)
    const shown = new Set();  // tab panels visible when measured
    const measure = () => {
      opacities.clear();
      backgrounds.clear();
      // The containers and all inside them, each once (containers nest).
      const scope = `${options.contrast}, :is(${options.contrast}) *`;
      for (const element of document.querySelectorAll(scope)) {
        if (seen.has(element)) continue;
        const own = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent).join("").trim();
        if (!own || !element.checkVisibility({opacityProperty: true, visibilityProperty: true}))
          continue;
        seen.add(element);
        const style = getComputedStyle(element);
        const what = `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`;
        const fg = parse(style.color);
        if (!fg) {  // a colour syntax this check cannot read counts as a failure
          found.contrast.push({what, text: own.slice(0, 40), ratio: 0, color: style.color});
          continue;
        }
        const bg = background(element);
        const text = over([...fg.slice(0, 3), fg[3] * opacity(element)], bg);
        const [l1, l2] = [luminance(text), luminance(bg)].sort((a, b) => b - a);
        found.contrast.push({what, text: own.slice(0, 40), ratio: (l1 + 0.05) / (l2 + 0.05),
                             color: style.color,
                             background: `rgb(${bg.slice(0, 3).map(Math.round).join(", ")})`});
      }
      for (const panel of document.querySelectorAll("[role=tabpanel]")) {
        if (panel.checkVisibility({opacityProperty: true, visibilityProperty: true}))
          shown.add(panel);
      }
    };
    measure();
    // Hidden tab panels are measured once their tab is chosen. A tab whose
    // panel was visible in a measure() is not clicked: clicking a tab shows
    // its panel, and what the panel holds was measured then (output tabs
    // choose for the whole page: most panels are shown before the loop
    // reaches their tab).
    for (const tab of document.querySelectorAll("[role=tab]")) {
      const panel = document.getElementById(tab.getAttribute("aria-controls"));
      if ((panel && shown.has(panel)) || !tab.checkVisibility()) continue;
      tab.click();
      measure();
    }
  }
  // Lines that start with a punctuation mark no line may start with
  // (、，。 in Chinese, , . ; : in English), wherever text wraps: prose,
  // titles, tables, navigation, captions and commands (not code blocks,
  // which do not wrap). A mark starts a line when it is drawn below the
  // character before it.
  if (options.linestarts) {
    found.linestarts = [];
    const marks = "、，。：；！？）》」』,.;:!?)";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let before = null;  // the box of the last character drawn
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest("script, style, pre")) continue;
      const text = n.textContent;
      for (let i = 0; i < text.length; i++) {
        if (/\s/.test(text[i])) continue;
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const boxes = range.getClientRects();
        const box = boxes[boxes.length - 1];
        if (!box || box.width === 0) continue;
        if (marks.includes(text[i]) && before && box.top > before.top + before.height / 2
            && box.left < before.left) {
          found.linestarts.push(`${n.parentElement.closest("[id]")?.id ?? ""}: ` +
            `…${(n.parentElement.parentElement?.textContent ?? text).trim().slice(0, 60)}`);
        }
        before = box;
      }
    }
  }

  // Another tab chosen in every tab list, as a reader does (the contrast
  // check above clicks through them all already).
  if (options.switch) {
    for (const list of document.querySelectorAll("[role=tablist]")) {
      const tab = list.querySelector("[role=tab][aria-selected=false]");
      if (tab && tab.checkVisibility()) tab.click();
    }
    await new Promise(requestAnimationFrame);  // tab-stops.js measures in one
    await new Promise(requestAnimationFrame);
  }

  // Every timeline figure (docs/_ext/timeline.py), those in hidden tab
  // panels too (shown for the measurement): the size its text is drawn at,
  // texts that overlap each other or a parent link, anything outside the
  // figure, and the contrast of its marks against the block behind them.
  if (options.figures) {
    const hidden = [...document.querySelectorAll("[role=tabpanel][hidden], .example-output-panel[hidden]")];
    hidden.forEach((panel) => { panel.hidden = false; });
    found.figures = [];
    const rgb = (color) => (color.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const behind = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c;
      }
      return [255, 255, 255];
    };
    const overlap = (a, b, slack = 0.5) => a.x + slack < b.x + b.width && b.x + slack < a.x + a.width
      && a.y + slack < b.y + b.height && b.y + slack < a.y + a.height;
    document.querySelectorAll("svg.tl").forEach((svg, n) => {
      const scale = svg.getScreenCTM().a;
      const [, , width, height] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
      const texts = [...svg.querySelectorAll("text")].map((t) => ({
        text: t.textContent, box: t.getBBox(),
        px: parseFloat(getComputedStyle(t).fontSize) * scale}));
      const figure = {n, panel: svg.closest("[data-tab]")?.dataset.tab || "",
                      run: svg.closest("[data-run]")?.dataset.run || "",
                      smallest: Math.min(...texts.map((t) => t.px)), problems: []};
      const say = (what) => figure.problems.push(what);
      const inside = (box, what) => {
        if (box.x < -0.5 || box.y < -0.5 || box.x + box.width > width + 0.5
            || box.y + box.height > height + 0.5) say(`outside the figure: ${what}`);
      };
      texts.forEach((t, i) => {
        inside(t.box, t.text);
        texts.slice(i + 1).forEach((u) => {
          if (overlap(t.box, u.box)) say(`text over text: ${t.text} / ${u.text}`);
        });
      });
      svg.querySelectorAll("path").forEach((path) => inside(path.getBBox(), path.getAttribute("class")));
      for (const link of svg.querySelectorAll("path.tl-link")) {
        for (const [, x, y1, y2] of link.getAttribute("d").matchAll(/M([\d.]+) ([\d.]+)V([\d.]+)/g)) {
          const segment = {x: +x - 0.5, y: Math.min(+y1, +y2), width: 1, height: Math.abs(y2 - y1)};
          for (const t of texts) {
            if (overlap(segment, t.box, 0)) say(`link crosses a label: ${t.text}`);
          }
        }
      }
      const ground = behind(svg);
      figure.marks = {};
      for (const cls of ["tl-run", "tl-out", "tl-adopt", "tl-zombie", "tl-link", "tl-axis"]) {
        const path = svg.querySelector(`path.${cls}`);
        if (!path) continue;
        const style = getComputedStyle(path);
        const paint = ["tl-run", "tl-adopt"].includes(cls) ? style.fill : style.stroke;
        const [a, b] = [lum(rgb(paint)), lum(ground)].sort((p, q) => q - p);
        figure.marks[cls] = (a + 0.05) / (b + 0.05);
      }
      found.figures.push(figure);
    });
    hidden.forEach((panel) => { panel.hidden = true; });
  }

  // A replay running (docs/_static/replay.js) while axe looks.
  const replaying = options.replay
    ? [...document.querySelectorAll(".example-replay button:first-child")]
      .find((button) => button.checkVisibility()) : null;
  replaying?.click();

  // axe-core (injected by the test before the page's scripts): every
  // WCAG 2.1 A/AA and best-practice rule, violations only.
  if (options.axe) {
    // As a reader sees the page: once its scripts have reacted to what was
    // shown and hidden above (tab-stops.js measures on the next frame).
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    const results = await axe.run(document, {
      runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
      resultTypes: ["violations"]});
    found.axe = results.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((node) => node.target.join(" "))}));
  }
  if (replaying) {
    replaying.parentElement.querySelector("button:nth-of-type(2)")?.click();  // skip to end
  }
  return JSON.stringify(found);
}
