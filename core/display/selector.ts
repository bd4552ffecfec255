/**
 * What goes on screen next: on-demand > live priority > the rotation. Pure decisions over the
 * candidates the loop passes in; the only memory is where the rotation is, where it was when live
 * content interrupted it, and whose turn it is among live plugins.
 */
export interface Slot {
  pluginId: string;
  mode: string;
}

export type DwellSource = 'rotation' | 'live' | 'on_demand';

export interface Dwell extends Slot {
  source: DwellSource;
  since: number;
  until: number;
}

export interface SelectInput {
  now: number;
  rotation: Slot[];
  live: Slot[];
  /** Slots of the on-demand session, and when it ends (null: until stopped). */
  onDemand: { slots: Slot[]; until: number | null } | null;
  /** Whether a slot's plugin can be asked for a frame now and has not just reported nothing to show. */
  usable(slot: Slot): boolean;
  durationMs(slot: Slot): number;
}

export const slotKey = (s: Slot) => `${s.pluginId}\u0000${s.mode}`;

/** The first usable slot of `list` starting at `from`, wrapping around; with its index. */
function firstUsable(list: Slot[], from: number, usable: (s: Slot) => boolean): [Slot, number] | null {
  for (let k = 0; k < list.length; k++) {
    const i = (((from + k) % list.length) + list.length) % list.length;
    if (usable(list[i]!)) return [list[i]!, i];
  }
  return null;
}

export function createSelector() {
  let lastRotation: Slot | null = null;
  let rotationIndex = -1;
  let resume: Slot | null = null;
  let liveLast: Slot | null = null;

  const indexOf = (list: Slot[], s: Slot | null) => (s ? list.findIndex((x) => slotKey(x) === slotKey(s)) : -1);
  const dwell = (s: Slot, source: DwellSource, input: SelectInput, cap: number | null = null): Dwell => {
    const until = input.now + input.durationMs(s);
    return { ...s, source, since: input.now, until: cap === null ? until : Math.min(until, cap) };
  };

  return {
    /**
     * The next dwell when the current one ends or is pre-empted (`current` is what was on screen).
     * Null when nothing can be shown: the loop shows its idle screen.
     */
    next(input: SelectInput, current: Dwell | null): Dwell | null {
      if (input.onDemand) {
        const { slots, until } = input.onDemand;
        const at = current?.source === 'on_demand' ? indexOf(slots, current) + 1 : 0;
        const found = firstUsable(slots, at, input.usable);
        if (current?.source === 'rotation') resume ??= current;
        return found ? dwell(found[0], 'on_demand', input, until) : null;
      }
      const live = input.live.filter(input.usable);
      if (live.length) {
        if (current?.source === 'rotation') resume ??= current;
        const at = indexOf(live, liveLast) + 1;
        const [slot] = firstUsable(live, at, () => true)!;
        liveLast = slot;
        return dwell(slot, 'live', input);
      }
      const { rotation } = input;
      if (!rotation.length) return null;
      let from: number;
      if (resume) {
        // Back from on-demand or live content: show the interrupted slot again, from its start.
        const i = indexOf(rotation, resume);
        from = i >= 0 ? i : Math.max(0, rotationIndex);
        resume = null;
      } else {
        const i = indexOf(rotation, lastRotation);
        // A slot that left the rotation (plugin disabled) is followed by whatever now has its index.
        from = i >= 0 ? i + (current ? 1 : 0) : Math.max(0, Math.min(rotationIndex, rotation.length - 1));
      }
      const found = firstUsable(rotation, from, input.usable);
      if (!found) return null;
      [lastRotation, rotationIndex] = found;
      return dwell(found[0], 'rotation', input);
    },
    /** Where the rotation stands (for status: what comes next). */
    peekRotation: (rotation: Slot[]) => {
      const i = indexOf(rotation, lastRotation);
      return rotation.length ? rotation[(i + 1) % rotation.length]! : null;
    },
  };
}

export type Selector = ReturnType<typeof createSelector>;
