/**
 * Weather: current conditions and a short daily forecast from Open-Meteo for a location. Offline
 * or upstream trouble is expected, not a failure: update() logs it once, keeps what it had and
 * tries again at its next interval, or sooner (30 s, doubling) while it has nothing to show, so a
 * panel that started offline shows the weather soon after the network is back. Data too old to
 * trust is not shown (the rotation skips the plugin). While the cached data is fresh, update()
 * makes no request at all.
 */
import { forecastRequest, parseForecast } from './lib/open-meteo.mjs';
import { drawCurrent, drawDaily } from './lib/views.mjs';

export const DEFAULTS = {
  latitude: null,
  longitude: null,
  location_name: '',
  units: 'imperial',
  forecast_days: 3,
  update_interval: 900,
  api_url: 'https://api.open-meteo.com/v1/forecast',
  api_key: '',
  temperature_color: [255, 200, 0],
  text_color: [255, 255, 255],
};

const CACHE_KEY = 'forecast';
/** Data this close to the end of its interval is refreshed by the update at that interval. */
const SLACK_MS = 5_000;
const MAX_REQUEST_MS = 10_000;
/** First retry while there is nothing to show; doubles up to the update interval. */
const FIRST_RETRY_S = 30;

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export default class Weather {
  constructor(ctx) {
    this.ctx = ctx;
    this.data = ctx.cache.get(CACHE_KEY) ?? null;
    this.failing = null;
    this.retries = 0;
    this.onConfigChange(ctx.config);
  }

  onConfigChange(config) {
    this.settings = { ...DEFAULTS, ...config };
  }

  /** The request for the configured (else the device's) location; null without one. */
  request() {
    const s = this.settings;
    const loc = this.ctx.host?.location ?? {};
    const own = num(s.latitude) !== null && num(s.longitude) !== null;
    const latitude = own ? s.latitude : num(loc.lat);
    const longitude = own ? s.longitude : num(loc.lon);
    if (latitude === null || longitude === null) return null;
    const days = Math.min(7, Math.max(1, Math.round(Number(s.forecast_days) || 3)));
    return forecastRequest({ api: s.api_url, latitude, longitude, units: s.units, days, apiKey: s.api_key });
  }

  intervalMs() {
    return Math.max(60, Number(this.settings.update_interval) || DEFAULTS.update_interval) * 1000;
  }

  /** Shown until it is two intervals old (at least 30 minutes): longer than that, it may mislead. */
  staleMs() {
    return Math.max(2 * this.intervalMs(), 30 * 60_000);
  }

  async update({ signal, deadline }) {
    const req = this.request();
    if (!req) return this.trouble('no location: set latitude and longitude, or the device location');
    const now = Date.now();
    if (this.data?.key === req.key && now - this.data.fetched_at < this.intervalMs() - SLACK_MS) return;
    const budget = Math.min(MAX_REQUEST_MS, (deadline ?? now + MAX_REQUEST_MS) - now - 1_000);
    try {
      const res = await fetch(req.url, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(Math.max(100, budget))]),
        headers: { accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`Open-Meteo answered HTTP ${res.status}`);
      this.data = parseForecast(await res.json(), req.key, now);
      this.ctx.cache.set(CACHE_KEY, this.data);
      if (this.failing) this.ctx.log.info('weather data is back');
      this.failing = null;
      this.retries = 0;
    } catch (e) {
      this.trouble(e?.name === 'TimeoutError' ? 'Open-Meteo did not answer in time' : String(e?.message ?? e));
      return this.retryHint(req, now);
    }
  }

  /** With nothing worth showing, asks the display for an earlier try than the interval. */
  retryHint(req, now) {
    if (this.data?.key === req.key && now - this.data.fetched_at < this.staleMs()) return undefined;
    const seconds = Math.min(FIRST_RETRY_S * 2 ** this.retries, this.intervalMs() / 1000);
    this.retries += 1;
    return { retryInSeconds: seconds };
  }

  /** Logs a problem when it starts or changes, not at every retry. */
  trouble(reason) {
    if (this.failing !== reason) this.ctx.log.warn('weather unavailable, retrying at the next update', { reason });
    this.failing = reason;
  }

  /** Still: new data (update) redraws it; otherwise only when the data it shows turns stale. */
  nextFrameIn(info) {
    if (!this.data) return null;
    return Math.max(1000, this.data.fetched_at + this.staleMs() - info.now + 1);
  }

  render(frame, info) {
    const req = this.request();
    const data = this.data;
    if (!req || !data || data.key !== req.key || info.now - data.fetched_at > this.staleMs()) return false;
    const s = { ...this.settings, location_label: this.settings.location_name || this.ctx.host?.location?.city || '' };
    return info.mode === 'daily_forecast' ? drawDaily(frame, data, s) : drawCurrent(frame, data, s);
  }
}
