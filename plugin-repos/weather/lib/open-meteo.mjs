/**
 * Open-Meteo's forecast API (no key needed): the request for a location and the checks on its
 * answer. A body that does not have the expected shape is refused whole, never half-shown.
 */

export const DEFAULT_API = 'https://api.open-meteo.com/v1/forecast';

/** The request URL, and the key that says which data answers it (location, units, days). */
export function forecastRequest({ api, latitude, longitude, units, days, apiKey }) {
  const url = new URL(api || DEFAULT_API);
  const imperial = units === 'imperial';
  const params = {
    latitude: latitude.toFixed(4),
    longitude: longitude.toFixed(4),
    current: 'temperature_2m,weather_code,is_day',
    daily: 'weather_code,temperature_2m_max,temperature_2m_min',
    timezone: 'auto',
    forecast_days: String(days),
    temperature_unit: imperial ? 'fahrenheit' : 'celsius',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (apiKey) url.searchParams.set('apikey', apiKey);
  return { url, key: `${params.latitude},${params.longitude},${imperial ? 'F' : 'C'},${days}` };
}

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** The forecast as the plugin keeps it; throws a TypeError naming what is missing from the body. */
export function parseForecast(body, key, fetchedAt) {
  const fail = (what) => {
    throw new TypeError(`unexpected Open-Meteo answer: ${what}`);
  };
  const current = body?.current;
  if (!current || !isNum(current.temperature_2m) || !isNum(current.weather_code)) fail('current conditions missing');
  const d = body.daily;
  const dates = d?.time;
  if (!Array.isArray(dates) || dates.length === 0) fail('daily forecast missing');
  const daily = dates.map((date, i) => {
    const day = { date, code: d.weather_code?.[i], max: d.temperature_2m_max?.[i], min: d.temperature_2m_min?.[i] };
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || ![day.code, day.max, day.min].every(isNum))
      fail(`daily value ${i} incomplete`);
    return day;
  });
  return {
    key,
    fetched_at: fetchedAt,
    timezone: typeof body.timezone === 'string' ? body.timezone : 'UTC',
    current: { temperature: current.temperature_2m, code: current.weather_code, is_day: current.is_day !== 0 },
    daily,
  };
}
