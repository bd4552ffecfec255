/**
 * Installed before any page script (as plain JavaScript, so no test transform can touch it):
 * counts what a view could leak — open EventSources, listeners on long-lived targets (window,
 * document, event sources, media queries), pending timeouts (and those due within a second),
 * active intervals and fetches in flight. `window.__leaks()` reads the counts.
 */
export const INSTRUMENT_SCRIPT = `(() => {
  const NativeES = window.EventSource;
  const sources = new Set();
  window.EventSource = class extends NativeES {
    constructor(url, init) { super(url, init); sources.add(this); }
  };

  const entries = [];
  const longLived = (t) => t === window || t === document || t instanceof NativeES || t instanceof MediaQueryList;
  const captureOf = (o) => (typeof o === 'boolean' ? o : !!(o && o.capture));
  const find = (target, type, fn, capture) =>
    entries.findIndex((e) => e.target === target && e.type === type && e.fn === fn && e.capture === capture);
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (fn && longLived(this) && !(opts && opts.once) && find(this, type, fn, captureOf(opts)) < 0)
      entries.push({ target: this, type, fn, capture: captureOf(opts) });
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const i = find(this, type, fn, captureOf(opts));
    if (i >= 0) entries.splice(i, 1);
    return remove.call(this, type, fn, opts);
  };

  const timeouts = new Map();
  const intervals = new Set();
  const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, (...a) => { timeouts.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
    timeouts.set(id, Number(ms) || 0);
    return id;
  };
  window.clearTimeout = function (id) { timeouts.delete(id); return ct.call(window, id); };
  window.setInterval = function (fn, ms, ...args) { const id = si.call(window, fn, ms, ...args); intervals.add(id); return id; };
  window.clearInterval = function (id) { intervals.delete(id); return ci.call(window, id); };

  let fetches = 0;
  const nativeFetch = window.fetch;
  window.fetch = function (...a) { fetches++; return nativeFetch.apply(window, a).finally(() => { fetches--; }); };

  window.__leaks = () => ({
    eventSources: [...sources].filter((s) => s.readyState !== NativeES.CLOSED).length,
    listeners: entries.length,
    listenersOnWindow: entries.filter((e) => e.target === window || e.target === document).length,
    listenerTypes: entries.map((e) => (e.target === window ? 'window:' : e.target === document ? 'document:' : 'source:') + e.type).sort(),
    timeouts: timeouts.size,
    soon: [...timeouts.values()].filter((ms) => ms < 1000).length,
    intervals: intervals.size,
    fetches,
  });
})();`;

export interface LeakCounts {
  eventSources: number;
  listeners: number;
  listenersOnWindow: number;
  listenerTypes: string[];
  timeouts: number;
  /** Timeouts due within a second: work about to start (a debounced reload), not yet idle. */
  soon: number;
  intervals: number;
  fetches: number;
}
