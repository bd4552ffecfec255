import * as v from 'valibot';
import { PROJECT_ROOT } from '../../../../hono.config.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { listSaved, removeRepository, saveRepository } from '../../../../core/registry/saved-repositories.ts';
import { normaliseSource } from '../../../../core/registry/sources.ts';

const EXPECTED = 'an https URL (http only on this machine), a GitHub repository or a local file path';

const repoUrl = v.pipe(
  v.string(EXPECTED),
  v.trim(),
  v.minLength(1, EXPECTED),
  v.maxLength(2048, 'at most 2048 characters'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      normaliseSource(dataset.value, PROJECT_ROOT);
    } catch (e) {
      addIssue({ message: (e as Error).message, expected: EXPECTED, received: JSON.stringify(dataset.value) });
    }
  }),
);

const repositories = v.object({
  repositories: v.array(v.object({ url: v.string(), name: v.string(), type: v.picklist(['registry', 'single']) })),
});

export const GET = defineRoute({
  summary: 'Saved repositories (user-added registry sources)',
  tags: ['store'],
  responses: { 200: { description: 'The saved repositories', data: repositories } },
  handler: (c) => ok(c, { repositories: listSaved(c.var.services) }),
});

export const POST = defineRoute({
  summary: 'Add a registry source',
  description: 'URLs are normalised (case of host, trailing slash, `.git`), so the same source typed twice is a 409.',
  tags: ['store'],
  body: v.object({ repo_url: repoUrl, name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))) }),
  responses: { 200: { description: 'Saved; the list after the change', data: repositories } },
  errors: ['REPOSITORY_ALREADY_SAVED'],
  handler: (c, { body }) =>
    ok(c, { repositories: saveRepository(c.var.services, body) }, { message: 'Repository saved successfully' }),
});

export const DELETE = defineRoute({
  summary: 'Remove a saved repository',
  tags: ['store'],
  body: v.object({
    repo_url: v.pipe(
      v.string('a repository URL'),
      v.trim(),
      v.minLength(1, 'a repository URL'),
      v.maxLength(2048, 'at most 2048 characters'),
    ),
  }),
  responses: { 200: { description: 'Removed; the list after the change', data: repositories } },
  errors: ['REPOSITORY_NOT_FOUND'],
  handler: (c, { body }) =>
    ok(
      c,
      { repositories: removeRepository(c.var.services, body.repo_url) },
      { message: 'Repository removed successfully' },
    ),
});
