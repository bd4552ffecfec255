/**
 * A LEDMatrix-format (Python) plugin as its monorepo serves it: `plugins/ledmatrix-<id>/` holding
 * manifest.json (id `ledmatrix-<id>`, `class_name`, `manager.py`), config_schema.json and,
 * optionally, requirements.txt. Written for these tests; no LEDMatrix plugin's code.
 */
import { archiveEntries } from '../support/zip.ts';
import { CODE_HOST, rawArchive, codeEntry } from '../support/lifecycle.ts';

export interface PythonPluginSpec {
  id: string;
  version?: string;
  requirements?: string;
  manifest?: Record<string, unknown>;
}

export const folderOf = (id: string) => `plugins/ledmatrix-${id}`;

export function pythonManifest(spec: PythonPluginSpec) {
  return {
    id: `ledmatrix-${spec.id}`,
    name: `Python ${spec.id}`,
    version: spec.version ?? '1.0.0',
    author: 'Marquee tests',
    class_name: 'FixturePlugin',
    entry_point: 'manager.py',
    display_modes: [spec.id],
    compatible_versions: ['>=2.0.0'],
    ...spec.manifest,
  };
}

export function pythonFiles(spec: PythonPluginSpec): Record<string, string> {
  const files: Record<string, string> = {
    'manifest.json': JSON.stringify(pythonManifest(spec), null, 2),
    'manager.py': [
      'from src.plugin_system.base_plugin import BasePlugin',
      '',
      'class FixturePlugin(BasePlugin):',
      '    def update(self):',
      '        pass',
      '',
      '    def display(self, force_clear=False):',
      '        self.display_manager.clear()',
      '        self.display_manager.update_display()',
      '',
    ].join('\n'),
    'config_schema.json': JSON.stringify({
      type: 'object',
      properties: {
        enabled: { type: 'boolean', default: false },
        city: { type: 'string', default: 'Paris' },
        api_key: { type: 'string', 'x-secret': true, default: '' },
      },
    }),
  };
  if (spec.requirements !== undefined) files['requirements.txt'] = spec.requirements;
  return files;
}

/** The monorepo's branch archive holding the plugin under `plugins/ledmatrix-<id>/`. */
export const monorepoArchive = (spec: PythonPluginSpec) =>
  rawArchive(archiveEntries(pythonFiles(spec), { top: 'repo-main', under: folderOf(spec.id) }));

/** The registry entry LEDMatrix's registry has for it: registry id `<id>`, folder `ledmatrix-<id>`. */
export const pythonEntry = (id: string, extra: Record<string, unknown> = {}) =>
  codeEntry(id, { plugin_path: folderOf(id), branch: 'main', ...extra });

/** Where the install's pre-check reads the manifest for an entry made by `pythonEntry`. */
export const rawManifestOf = (id: string, branch = 'main') =>
  `${CODE_HOST}/${id}/raw/${branch}/${folderOf(id)}/manifest.json`;
