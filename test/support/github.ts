import fs from 'node:fs';
import path from 'node:path';
import { delay, http, HttpResponse, type JsonBodyType } from 'msw';

export const API = 'https://api.github.com';

export function writeSecrets(configDir: string, github: Record<string, unknown>): void {
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(path.join(configDir, 'config_secrets.json'), JSON.stringify({ github }));
}

/**
 * A mock GitHub API for repositories and commits: answers with ETags (304 on a match), rate-limit
 * headers, and records what it saw (paths, Authorization, the most calls in flight at once).
 */
export function githubApi(opts: { latencyMs?: number; remaining?: () => number; resetAt?: number } = {}) {
  const seen = { paths: [] as string[], auth: [] as Array<string | null>, inflight: 0, maxInflight: 0, notModified: 0 };
  const headers = () => ({
    etag: '"gh1"',
    'x-ratelimit-limit': '60',
    'x-ratelimit-remaining': String(opts.remaining?.() ?? 50),
    'x-ratelimit-used': '10',
    'x-ratelimit-reset': String(Math.floor((opts.resetAt ?? Date.now() + 3_600_000) / 1000)),
  });
  const answer = async (request: Request, body: JsonBodyType) => {
    const url = new URL(request.url);
    seen.paths.push(url.pathname + url.search);
    seen.auth.push(request.headers.get('authorization'));
    seen.inflight++;
    seen.maxInflight = Math.max(seen.maxInflight, seen.inflight);
    await delay(opts.latencyMs ?? 0);
    seen.inflight--;
    if (request.headers.get('if-none-match') === '"gh1"') {
      seen.notModified++;
      return new HttpResponse(null, { status: 304, headers: headers() });
    }
    return HttpResponse.json(body, { headers: headers() });
  };
  const handlers = [
    http.get(`${API}/repos/:owner/:repo`, ({ request, params }) =>
      answer(request, {
        full_name: `${params.owner}/${params.repo}`,
        stargazers_count: String(params.repo).length * 10,
        forks_count: 3,
        default_branch: 'main',
        pushed_at: '2026-03-01T10:00:00Z',
      }),
    ),
    http.get(`${API}/repos/:owner/:repo/commits`, ({ request }) => {
      const p = new URL(request.url).searchParams.get('path') ?? 'root';
      return answer(request, [
        {
          sha: `abcdef1234567890${p.length}`,
          commit: {
            message: `Update ${p}\n\nlong body`,
            author: { name: 'Dev' },
            committer: { date: '2026-02-03T04:05:06Z' },
          },
        },
      ]);
    }),
  ];
  return { handlers, seen };
}
