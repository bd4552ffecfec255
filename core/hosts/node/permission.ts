/**
 * Which flag turns on Node's permission model, by version:
 *
 * | Node                  | flag                                                      |
 * | --------------------- | --------------------------------------------------------- |
 * | before 20.0.0         | none: the model does not exist                            |
 * | 20.0.0 – 22.12.x, 23.0 – 23.4 | `--experimental-permission`                       |
 * | 22.13.0+, 23.5.0+     | `--permission` (the old name still accepted as an alias)  |
 * | 24.0.0+               | `--permission` only                                       |
 *
 * The version is not trusted alone: a flag is used only when this Node also lists it among the
 * options it knows (`process.allowedNodeEnvironmentFlags`), which covers backports either way.
 * Node 25 adds network permissions (`--allow-net`); where it exists it is passed, because plugins
 * fetch weather and scores.
 */
export interface PermissionFlags {
  /** The flag enabling the model. */
  enable: string;
  /**
   * Extra flags this Node knows: the grant plugins need to keep outbound network where the model
   * covers it, and silence for the model's own "experimental" warning in the host's log.
   */
  extra: string[];
}

const parse = (v: string) => v.replace(/^v/, '').split('.').map(Number) as [number, number, number];
const atLeast = (v: [number, number, number], major: number, minor = 0) =>
  v[0] > major || (v[0] === major && v[1] >= minor);

/** The permission model's flags for Node `version` knowing `known` flags; null when it has none. */
export function permissionFlags(version: string, known: (flag: string) => boolean): PermissionFlags | null {
  const v = parse(version);
  if (!atLeast(v, 20)) return null;
  const stable = atLeast(v, 24) || (v[0] === 23 && atLeast(v, 23, 5)) || (v[0] === 22 && atLeast(v, 22, 13));
  const candidates = stable ? ['--permission', '--experimental-permission'] : ['--experimental-permission'];
  const enable = candidates.find(known);
  if (!enable) return null;
  const extra = [
    ...(known('--allow-net') ? ['--allow-net'] : []),
    ...(known('--disable-warning') ? ['--disable-warning=ExperimentalWarning'] : []),
  ];
  return { enable, extra };
}

/** This Node's own flags. */
export const currentPermissionFlags = () =>
  permissionFlags(process.version, (f) => process.allowedNodeEnvironmentFlags.has(f));
