/** WMO weather codes (as Open-Meteo reports them) → the icon drawn and the words shown. */

const TABLE = [
  [[0], 'clear', ['Clear']],
  [[1, 2], 'partly', ['Partly cloudy', 'Partly']],
  [[3], 'cloudy', ['Cloudy']],
  [[45, 48], 'fog', ['Fog']],
  [[51, 53, 55, 56, 57], 'drizzle', ['Drizzle']],
  [[61, 63, 65, 66, 67, 80, 81, 82], 'rain', ['Rain']],
  [[71, 73, 75, 77, 85, 86], 'snow', ['Snow']],
  [[95, 96, 99], 'thunder', ['Thunderstorm', 'Storm']],
];

const BY_CODE = new Map(TABLE.flatMap(([codes, kind, words]) => codes.map((c) => [c, { kind, words }])));

/** `{ kind, words }` for a code; an unknown code draws a cloud and says so plainly. */
export function condition(code) {
  return BY_CODE.get(code) ?? { kind: 'cloudy', words: ['Unknown'] };
}
