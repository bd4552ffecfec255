/**
 * What plugin lifecycle needs from the config store: the plugin's own sections of config.json and
 * config_secrets.json (LEDMatrix layout: top-level keys named by plugin id). A snapshot is plain
 * JSON so an uninstall journal can hold it and crash recovery can restore it.
 */
export interface PluginConfigSnapshot {
  pluginId: string;
  /** The plugin's section of config.json; absent when it had none. */
  config?: unknown;
  /** The plugin's section of config_secrets.json; absent when it had none. */
  secrets?: unknown;
}

export interface PluginConfigPort {
  snapshot(pluginId: string): Promise<PluginConfigSnapshot>;
  /** Removes the plugin's sections from both files (atomically, backed up). Idempotent. */
  removeSection(pluginId: string): Promise<void>;
  /** Puts both sections back exactly as snapshotted (a section absent then is absent after). Idempotent. */
  restore(snapshot: PluginConfigSnapshot): Promise<void>;
}
