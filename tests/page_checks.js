// What tests/test_browser.py measures in each page, in one call per page and
// colour mode:
//   json.loads(page.evaluate(<this file>, {scroll, chinese, downloads, copies,
//                                          contrast, settle}))
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
  return JSON.stringify(found);
}
