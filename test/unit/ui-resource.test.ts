import { describe, expect, it } from 'vitest';
import { Resource } from '../../components/lib/resource.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A Resource on a bare host whose loads wait until the test answers them, in order. */
function harness(setSupersedesLoad: boolean) {
  const answers: Array<ReturnType<typeof deferred<string>>> = [];
  const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
  const resource = new Resource<string>(host, {
    load: () => {
      const d = deferred<string>();
      answers.push(d);
      return d.promise;
    },
    setSupersedesLoad,
  });
  return { resource, answers };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Resource', () => {
  it('with setSupersedesLoad, a pushed value is not overwritten by a load answered before it', async () => {
    const { resource, answers } = harness(true);
    resource.hostConnected();
    resource.set('pushed: idle');
    answers[0]!.resolve('loaded: showing');
    await settle();
    expect(resource.value).toBe('pushed: idle');
    expect(resource.state).toBe('done');
    void resource.reload();
    answers[1]!.resolve('loaded: later');
    await settle();
    expect(resource.value).toBe('loaded: later');
    resource.hostDisconnected();
  });

  it('without it, a load under way still lands (a patched list must not cancel a new query)', async () => {
    const { resource, answers } = harness(false);
    resource.hostConnected();
    resource.set('patched');
    answers[0]!.resolve('loaded');
    await settle();
    expect(resource.value).toBe('loaded');
    resource.hostDisconnected();
  });
});
