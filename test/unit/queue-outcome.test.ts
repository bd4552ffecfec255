import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { QUEUE_BACKOFF } from '../../core/queue/backoff.ts';
import type { Operation } from '../../core/queue/index.ts';
import { afterCrash, endOfAttempt, recordedError, type AttemptEnd } from '../../core/queue/outcome.ts';

const NOW = 1_000_000;
const op = (attempts: number, maxAttempts = 3, cancelRequestedAt: number | null = null) =>
  ({ id: 'o', key: 'k', attempts, maxAttempts, cancelRequestedAt }) as Operation;
const end = (over: Partial<AttemptEnd>): AttemptEnd => ({
  op: op(1),
  ok: false,
  abortedFor: null,
  abandoned: false,
  timeoutMs: 1_000,
  cancelRequested: false,
  pendingSibling: null,
  now: NOW,
  backoff: QUEUE_BACKOFF,
  random: 0,
  ...over,
});

describe('recordedError', () => {
  it.each([
    [new AppError('NETWORK_ERROR', { message: 'reset' }), { code: 'NETWORK_ERROR', message: 'reset', transient: true }],
    [
      new AppError('PLUGIN_INCOMPATIBLE'),
      {
        code: 'PLUGIN_INCOMPATIBLE',
        message: 'Plugin is not compatible with this version of Marquee',
        transient: false,
      },
    ],
    [
      new AppError('API_ERROR', { transient: false }),
      { code: 'API_ERROR', message: 'Upstream service error', transient: false },
    ],
    [
      new TypeError('x is undefined'),
      { code: 'UNKNOWN_ERROR', message: 'TypeError: x is undefined', transient: false },
    ],
    [new DOMException('slow', 'TimeoutError'), { code: 'TIMEOUT', message: 'TimeoutError: slow', transient: true }],
    [
      new AppError('NETWORK_ERROR', { message: 'GET https://u:hunter2@h.invalid/ failed' }),
      { code: 'NETWORK_ERROR', message: 'GET https://u:<redacted>@h.invalid/ failed', transient: true },
    ],
  ])('%s', (e, expected) => {
    expect(recordedError(e)).toEqual(expected);
  });
});

describe('endOfAttempt', () => {
  it('a result completes, even if an abort raced it', () => {
    expect(endOfAttempt(end({ ok: true, result: '{"a":1}', abortedFor: 'cancel' }))).toEqual({
      status: 'completed',
      progress: 1,
      result: '{"a":1}',
      message: 'Operation completed successfully',
    });
  });

  it('transient error with attempts left → pending after the backoff, error kept', () => {
    expect(endOfAttempt(end({ error: new AppError('NETWORK_ERROR', { message: 'reset' }) }))).toEqual({
      status: 'pending',
      runAt: NOW + 5_000,
      errorCode: 'NETWORK_ERROR',
      errorMessage: 'reset',
      message: 'Attempt 1 of 3 failed (NETWORK_ERROR); retrying in 5 s',
    });
    expect(endOfAttempt(end({ op: op(2), error: new AppError('NETWORK_ERROR') })).runAt).toBe(NOW + 15_000);
  });

  it('transient error on the last attempt → failed with that error', () => {
    expect(endOfAttempt(end({ op: op(3), error: new AppError('NETWORK_ERROR', { message: 'reset' }) }))).toMatchObject({
      status: 'failed',
      errorCode: 'NETWORK_ERROR',
      message: 'Operation failed: reset',
    });
  });

  it('terminal error → failed at once', () => {
    expect(endOfAttempt(end({ error: new AppError('PLUGIN_NOT_FOUND') })).status).toBe('failed');
  });

  it('timeout → TIMEOUT, retried; abandoned after a timeout → failed without retry', () => {
    expect(endOfAttempt(end({ abortedFor: 'timeout', error: new Error('aborted') }))).toMatchObject({
      status: 'pending',
      errorCode: 'TIMEOUT',
      errorMessage: 'Timed out after 1000 ms',
    });
    expect(endOfAttempt(end({ abortedFor: 'timeout', abandoned: true }))).toMatchObject({
      status: 'failed',
      errorCode: 'TIMEOUT',
    });
  });

  it('cancel → cancelled (also when the cancel was asked from elsewhere)', () => {
    expect(endOfAttempt(end({ abortedFor: 'cancel' })).status).toBe('cancelled');
    expect(endOfAttempt(end({ cancelRequested: true, error: new AppError('NETWORK_ERROR') })).status).toBe('cancelled');
  });

  it('shutdown → pending now with the attempt given back; superseded by a follow-up → failed', () => {
    expect(endOfAttempt(end({ abortedFor: 'shutdown' }))).toEqual({
      status: 'pending',
      runAt: NOW,
      refundAttempt: true,
      message: 'Interrupted by shutdown; resumes after restart',
    });
    expect(endOfAttempt(end({ abortedFor: 'shutdown', pendingSibling: 'p2' }))).toMatchObject({
      status: 'failed',
      errorCode: 'OPERATION_INTERRUPTED',
      message: 'Operation failed: Interrupted by shutdown; superseded by queued operation p2',
    });
  });

  it('a pending follow-up supersedes a retry', () => {
    expect(endOfAttempt(end({ error: new AppError('NETWORK_ERROR'), pendingSibling: 'p2' })).status).toBe('failed');
  });
});

describe('afterCrash', () => {
  it.each([
    ['attempts left', op(1), null, { status: 'pending', runAt: NOW }],
    ['last attempt', op(3), null, { status: 'failed', errorCode: 'OPERATION_INTERRUPTED' }],
    ['cancel asked', op(1, 3, 5), null, { status: 'cancelled' }],
    ['follow-up queued', op(1), 'p2', { status: 'failed', errorCode: 'OPERATION_INTERRUPTED' }],
  ] as const)('%s', (_n, o, sibling, expected) => {
    expect(afterCrash(o, sibling, NOW)).toMatchObject(expected);
  });
});
