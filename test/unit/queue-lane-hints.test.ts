import { describe, expect, it } from 'vitest';
import { createLaneHints } from '../../core/queue/lane-hints.ts';

describe('lane hints', () => {
  it('the first claim asks every lane; later ones only lanes marked since, until the poll interval passes', () => {
    const hints = createLaneHints(60_000);
    expect(hints.askAll()).toBe(true);
    expect(hints.askAll()).toBe(false);
    expect(hints.isMarked('')).toBe(false);
    hints.mark('store-refresh');
    expect(hints.isMarked('store-refresh')).toBe(true);
    expect(hints.isMarked('')).toBe(false);
    // No lane named: any lane may have work (recovery handed rows back).
    hints.mark();
    expect(hints.askAll()).toBe(true);
    expect(hints.askAll(true)).toBe(true);
    expect(createLaneHints(0).askAll() && createLaneHints(0).askAll()).toBe(true);
  });

  it('a lane that got fewer operations than its free slots is cleared; one that filled them stays marked', () => {
    const hints = createLaneHints(60_000);
    hints.mark('');
    hints.mark('reconcile');
    hints.claimed({ '': 2, reconcile: 1 }, new Map([['', 2]]));
    expect(hints.isMarked('')).toBe(true);
    expect(hints.isMarked('reconcile')).toBe(false);
  });
});
