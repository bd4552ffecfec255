import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PluginItem } from './plugin-item.ts';

interface Drag {
  item: PluginItem;
  handle: Element;
  pointerId: number;
  startY: number;
  /** Vertical middle of the dragged card at the start: the card's middle decides where it lands. */
  startMiddle: number;
  from: number;
  /** Vertical middle of every other card at the start, in list order. */
  middles: number[];
  others: PluginItem[];
  to: number;
}

/**
 * Reordering by dragging a card's handle, with pointer events (mouse, pen and touch alike; HTML
 * drag and drop does not work with touch). The card follows the pointer and a line marks where it
 * will land (where the card's middle is); nothing moves in the DOM until the drop, so the pointer
 * capture is never lost. The handle takes the arrow keys, and each card has up and down buttons.
 */
export class RotationDrag implements ReactiveController {
  private drag: Drag | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly items: () => PluginItem[],
    private readonly onDrop: (id: string, to: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.end(false);
  }

  readonly down = (e: PointerEvent): void => {
    if (this.drag || e.button !== 0) return;
    const path = e.composedPath() as Element[];
    const handle = path.find((el) => el.classList?.contains('handle'));
    const item = path.find((el): el is PluginItem => el.localName === 'mq-plugin-item');
    if (!handle || !item) return;
    e.preventDefault();
    const all = this.items();
    const others = all.filter((x) => x !== item);
    const middles = others.map((x) => {
      const r = x.getBoundingClientRect();
      return r.top + r.height / 2;
    });
    handle.setPointerCapture(e.pointerId);
    const from = all.indexOf(item);
    const r = item.getBoundingClientRect();
    const startMiddle = r.top + r.height / 2;
    this.drag = {
      item,
      handle,
      pointerId: e.pointerId,
      startY: e.clientY,
      startMiddle,
      from,
      middles,
      others,
      to: from,
    };
    item.dragging = true;
  };

  readonly move = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    const dy = e.clientY - d.startY;
    d.item.style.transform = `translateY(${dy}px)`;
    d.to = d.middles.filter((m) => m < d.startMiddle + dy).length;
    d.others.forEach((x, i) => {
      x.drop = d.to === d.from ? '' : i === d.to ? 'before' : i === d.to - 1 && d.to === d.others.length ? 'after' : '';
    });
  };

  readonly up = (e: PointerEvent): void => {
    if (this.drag && e.pointerId === this.drag.pointerId) this.end(true);
  };

  readonly cancel = (e: PointerEvent): void => {
    if (this.drag && e.pointerId === this.drag.pointerId) this.end(false);
  };

  private end(commit: boolean): void {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    d.item.dragging = false;
    d.item.style.transform = '';
    for (const x of d.others) x.drop = '';
    if (d.handle.hasPointerCapture(d.pointerId)) d.handle.releasePointerCapture(d.pointerId);
    if (commit && d.to !== d.from) this.onDrop(d.item.plugin.id, d.to);
  }
}
