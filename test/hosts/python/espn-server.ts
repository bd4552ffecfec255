/**
 * An ESPN-shaped server on loopback for the Python host's tests: a scoreboard with one live, one
 * final and one upcoming NHL game (dates around now), the odds of the live game, team logos as
 * PNGs (BOS red, NYR blue, the others green), a headline, a quote, a college poll, paths under
 * /slow that never answer and paths under /html that answer HTML. Requests are recorded by path.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PNG } from 'pngjs';

export interface EspnServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

const COLORS: Record<string, [number, number, number]> = { BOS: [255, 0, 0], NYR: [0, 0, 255] };

export function logoPng(abbr: string, size = 20): Buffer {
  const png = new PNG({ width: size, height: size });
  const [r, g, b] = COLORS[abbr] ?? [0, 255, 0];
  for (let i = 0; i < png.data.length; i += 4) png.data.set([r, g, b, 255], i);
  return PNG.sync.write(png);
}

function team(abbr: string, id: string, score: string, homeAway: string, base: string) {
  return {
    homeAway,
    score,
    records: [{ summary: '10-5-2' }],
    team: { id, abbreviation: abbr, displayName: abbr, logo: `${base}/logos/${abbr}.png` },
  };
}

function game(id: string, state: string, hoursFromNow: number, away: string, home: string, base: string) {
  const detail = { in: '2nd 12:34', post: 'Final', pre: 'Scheduled' }[state];
  return {
    id,
    date: new Date(Date.now() + hoursFromNow * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    competitions: [
      {
        status: { period: 2, displayClock: '12:34', type: { state, shortDetail: detail, name: `STATUS_${state}` } },
        competitors: [team(home, `${id}1`, '3', 'home', base), team(away, `${id}2`, '2', 'away', base)],
      },
    ],
  };
}

export function scoreboard(base: string) {
  return {
    events: [
      game('401', 'in', -1, 'BOS', 'NYR', base),
      game('402', 'post', -26, 'TOR', 'MTL', base),
      game('403', 'pre', 30, 'DAL', 'VGK', base),
    ],
  };
}

const ODDS = { items: [{ details: 'NYR -1.5', overUnder: 6.5, spread: -1.5, homeTeamOdds: { moneyLine: -150 } }] };
const POLL = {
  rankings: [{ name: 'AP', ranks: [3, 1, 2].map((n) => ({ current: n, team: { abbreviation: `T${n}` } })) }],
};

export async function startEspnServer(): Promise<EspnServer> {
  const hits: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    hits.push(pathname);
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (pathname === '/site/hockey/nhl/scoreboard') return json(scoreboard(url));
    if (/^\/core\/hockey\/leagues\/nhl\/events\/401\/competitions\/401\/odds$/.test(pathname)) return json(ODDS);
    if (pathname.startsWith('/core/')) return json({ count: 0, items: [] });
    const logo = /^\/logos\/([A-Z]+)\.png$/.exec(pathname);
    if (logo) return res.writeHead(200, { 'content-type': 'image/png' }).end(logoPng(logo[1]!));
    if (pathname === '/headline') return json({ title: 'Hi' });
    if (pathname === '/quote') return json({ text: 'Fitted quote' });
    if (pathname === '/rankings') return json(POLL);
    if (pathname.startsWith('/slow')) return; // never answers: the client's deadline must end it
    if (pathname.startsWith('/html'))
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>');
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
