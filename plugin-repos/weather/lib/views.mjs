/** The two weather screens: current conditions, and a few days of forecast side by side. */
import { drawIcon } from './icons.mjs';
import { condition } from './conditions.mjs';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const deg = (t) => `${Math.round(t)}°`;
const weekday = (date) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];

/** Icon on the left, temperature, conditions and today's high and low on the right. */
export function drawCurrent(frame, data, s) {
  const { current } = data;
  const today = data.daily[0];
  const cond = condition(current.code);
  const pad = Math.max(1, Math.floor(frame.height / 16));
  const size = Math.min(frame.height - 2 * pad, Math.floor(frame.width * 0.4));
  drawIcon(frame, cond.kind, pad, Math.floor((frame.height - size) / 2), size, current.is_day);
  const left = pad + size + pad;
  const lines = [
    { text: deg(current.temperature), color: s.temperature_color, weight: 2 },
    { text: cond.words[0], shorter: cond.words.slice(1), color: s.text_color, weight: 1 },
  ];
  if (today) {
    const [hi, lo] = [Math.round(today.max), Math.round(today.min)];
    lines.push({ text: `H${hi} L${lo}`, shorter: [`${hi}/${lo}`], color: s.text_color, weight: 1 });
  }
  if (s.location_label && frame.height >= 64)
    lines.unshift({ text: s.location_label, color: s.text_color, weight: 0.8 });
  return frame.stackText(lines, { x: left, y: 0, width: frame.width - left, height: frame.height });
}

/** One column per day: the weekday, an icon and high/low (icon beside the text on wide, short panels). */
export function drawDaily(frame, data, s) {
  const days = data.daily.slice(0, Math.max(1, Math.min(s.forecast_days, Math.floor(frame.width / 20))));
  const colW = Math.floor(frame.width / days.length);
  days.forEach((day, i) => drawDay(frame, day, { x: i * colW, width: colW, height: frame.height }, s));
  return days.length > 0;
}

function drawDay(frame, day, col, s) {
  const cond = condition(day.code);
  const [hi, lo] = [Math.round(day.max), Math.round(day.min)];
  const temps = [`${hi}/${lo}`, `${hi}`];
  if (col.width >= 2 * col.height) {
    const size = col.height - 2;
    drawIcon(frame, cond.kind, col.x + 1, 1, size, true);
    const left = col.x + size + 2;
    frame.stackText(
      [
        { text: weekday(day.date), color: s.text_color, weight: 1 },
        { text: temps[0], shorter: temps.slice(1), color: s.temperature_color, weight: 1 },
      ],
      { x: left, y: 0, width: col.x + col.width - left, height: col.height },
    );
    return;
  }
  const maxW = frame.innerWidth(col.width);
  const label = frame.fitFirstText([weekday(day.date)], maxW, Math.floor(col.height * 0.22));
  const temp = frame.fitFirstText(temps, maxW, Math.floor(col.height * 0.22));
  const gap = Math.max(1, Math.floor(col.height / 32));
  const size = Math.min(maxW, col.height - (label?.height ?? 0) - (temp?.height ?? 0) - 2 * gap);
  let y = Math.floor((col.height - (label?.height ?? 0) - size - (temp?.height ?? 0) - 2 * gap) / 2);
  const centre = (w) => col.x + Math.floor((col.width - w) / 2);
  if (label) frame.drawPlaced(label, centre(label.width), y, s.text_color);
  y += (label?.height ?? 0) + gap;
  if (size >= 6) drawIcon(frame, cond.kind, centre(size), y, size, true);
  y += size + gap;
  if (temp) frame.drawPlaced(temp, centre(temp.width), y, s.temperature_color);
}
