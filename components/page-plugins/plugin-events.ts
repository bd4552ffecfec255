/** Events a plugin card sends to the Plugins page. */

/** Move the plugin to position `to` in the rotation (keyboard and buttons). */
export class PluginMoveEvent extends CustomEvent<{ id: string; to: number; focus: 'up' | 'down' | 'handle' }> {
  constructor(id: string, to: number, focus: 'up' | 'down' | 'handle') {
    super('mq-plugin-move', { detail: { id, to, focus }, bubbles: true, composed: true });
  }
}

/** Something about the plugin changed on the server: load the list again. */
export class PluginsStaleEvent extends Event {
  constructor() {
    super('mq-plugins-stale', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'mq-plugin-move': PluginMoveEvent;
    'mq-plugins-stale': PluginsStaleEvent;
  }
}
