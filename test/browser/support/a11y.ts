import type { Page } from 'playwright-core';

/** A piece of text whose contrast with what is behind it is below the WCAG AA minimum. */
export interface ContrastFailure {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

/** A control a screen reader would announce without a name. */
export interface Unnamed {
  tag: string;
  html: string;
}

export interface A11yReport {
  /** Text nodes checked. */
  texts: number;
  /** Controls checked. */
  controls: number;
  lowContrast: ContrastFailure[];
  unnamed: Unnamed[];
  /** The lowest ratio found, for the record. */
  minRatio: number;
}

/**
 * Checks the rendered page as Lighthouse's contrast and names audits do, offline, in Chromium:
 * every visible text (shadow roots included) against the colour actually behind it (the nearest
 * opaque background of its ancestors, translucent layers blended over it), with WCAG AA limits
 * (4.5:1, large text 3:1); and every control (buttons, links, form fields, switches, summaries)
 * for an accessible name (aria-label, aria-labelledby, a label, its text, a title). Disabled
 * controls are exempt from contrast, as WCAG says.
 */
export async function checkA11y(page: Page): Promise<A11yReport> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3] + under[3] * (1 - top[3]);
      if (!a) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + under[i]! * under[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const lum = ([r, g, b]: Rgba) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
      return (x! + 0.05) / (y! + 0.05);
    };
    const parentOf = (el: Element): Element | null =>
      el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    const page = parse(getComputedStyle(document.body).backgroundColor);
    const backdrop = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let at: Element | null = el; at; at = parentOf(at)) {
        const bg = parse(getComputedStyle(at).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let out: Rgba = page[3] > 0 ? page : [255, 255, 255, 1];
      for (const l of layers.reverse()) out = over(l, out);
      return out;
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0.1;
    };
    const hiddenByClip = (el: Element) => {
      for (let at: Element | null = el; at; at = parentOf(at)) {
        const s = getComputedStyle(at);
        if (
          s.clip === 'rect(0px, 0px, 0px, 0px)' ||
          (s.position === 'absolute' && at.classList.contains('visually-hidden'))
        )
          return true;
      }
      return false;
    };
    const disabledWithin = (el: Element) => !!el.closest(':disabled, [aria-disabled="true"]');

    const texts: Element[] = [];
    const controls: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.matches('button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="switch"]'))
          controls.push(el);
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
        if (own && !el.closest('svg, script, style, option, canvas')) texts.push(el);
      }
    };
    walk(document);

    const lowContrast: ContrastFailure[] = [];
    let minRatio = 21;
    let checked = 0;
    for (const el of texts) {
      if (!visible(el) || hiddenByClip(el) || disabledWithin(el)) continue;
      const s = getComputedStyle(el);
      const bg = backdrop(el);
      const fg = over(parse(s.color), bg);
      const r = ratio(fg, bg);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      checked++;
      minRatio = Math.min(minRatio, r);
      if (r < needed)
        lowContrast.push({
          text: (el.textContent ?? '').trim().slice(0, 60),
          ratio: Math.round(r * 100) / 100,
          needed,
          color: s.color,
          background: `rgba(${bg.map((v, i) => (i < 3 ? Math.round(v) : v)).join(', ')})`,
        });
    }

    const nameOf = (el: Element): string => {
      const root = el.getRootNode() as Document | ShadowRoot;
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria;
      const by = el.getAttribute('aria-labelledby');
      if (by)
        return by
          .split(/\s+/)
          .map((id) => root.getElementById?.(id)?.textContent ?? '')
          .join(' ');
      const id = el.id;
      const forLabel = id ? root.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
      const wrapping = el.closest('label');
      const labelText = (forLabel ?? wrapping)?.textContent ?? '';
      if (labelText.trim()) return labelText;
      const svgName = [...el.querySelectorAll('svg[aria-label]')].map((s) => s.getAttribute('aria-label')).join(' ');
      const text = ((el as HTMLElement).innerText ?? el.textContent ?? '') + svgName;
      if (text.trim() && !el.matches('input, select, textarea')) return text;
      if (el.matches('select')) return '';
      return el.getAttribute('title') ?? '';
    };
    const unnamed: Unnamed[] = controls
      .filter((el) => visible(el) || el.matches('input, select'))
      .filter((el) => !nameOf(el).trim())
      .map((el) => ({ tag: el.localName, html: el.outerHTML.slice(0, 160) }));
    return {
      texts: checked,
      controls: controls.length,
      lowContrast,
      unnamed,
      minRatio: Math.round(minRatio * 100) / 100,
    };
  });
}
