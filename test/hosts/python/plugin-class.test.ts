import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPluginClass, scanPluginClasses } from '../../../core/hosts/python/plugin-class.ts';
import { AppError } from '../../../core/platform/errors/app-error.ts';
import { readManifest } from '../../../core/plugins/package/manifest.ts';
import { tempDir } from '../../support/temp.ts';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('the class of a LEDMatrix entry module, read from its source', () => {
  it.each([
    ['a direct subclass', lines('class Clock(BasePlugin):', '    pass'), ['Clock']],
    ['a conditional base', lines('class Soccer(BasePlugin if BasePlugin else object):', '    pass'), ['Soccer']],
    ['a dotted base', lines('import src.plugin_system.base_plugin as bp', 'class A(bp.BasePlugin): pass'), ['A']],
    ['an alias', lines('from src.plugin_system.base_plugin import BasePlugin as Base', 'class A(Base): pass'), ['A']],
    ['a mixin first', lines('class Odds(Mixin, BasePlugin):', '    pass'), ['Odds']],
    [
      'bases over several lines, a keyword and a comment',
      lines('class A(  # the plugin', '    BasePlugin,', '    metaclass=Meta,', '):', '    pass'),
      ['A'],
    ],
    [
      'the subclass of an intermediate class, not the intermediate',
      lines('class Common(BasePlugin):', '    pass', 'class Real(Common, Helper):', '    pass'),
      ['Real'],
    ],
    ['a base defined below', lines('class Real(Common): pass', 'class Common(BasePlugin): pass'), ['Real']],
    ['helpers and nested classes are not candidates', lines('class Font:', '    class Inner(BasePlugin): pass'), []],
    [
      'class lines inside strings and comments are not classes',
      lines('"""', 'class Fake(BasePlugin):', '"""', "s = 'class F(BasePlugin):'", '# class G(BasePlugin):'),
      [],
    ],
    ['two plugins', lines('class A(BasePlugin): pass', 'class B(BasePlugin): pass'), ['A', 'B']],
  ])('%s', (_, source, candidates) => {
    expect(scanPluginClasses(source).candidates).toEqual(candidates);
  });

  it('names the one candidate, or refuses naming the candidates or the classes it saw', () => {
    expect(findPluginClass(lines('class Font: pass', 'class P(BasePlugin): pass'), 'manager.py')).toBe('P');
    const several = (() => {
      try {
        findPluginClass(lines('class A(BasePlugin): pass', 'class B(BasePlugin): pass'), 'main.py');
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(several).toMatchObject({
      code: 'PLUGIN_MANIFEST_INVALID',
      message:
        "main.py has several classes deriving from BasePlugin: A, B; name the plugin's class in manifest.json's class_name",
      context: {
        problems: [
          { field: 'class_name', expected: 'one class deriving from BasePlugin in main.py', received: 'A, B' },
        ],
      },
    });
    expect(() => findPluginClass(lines('class Font: pass', 'class Clock(Base): pass'), 'manager.py')).toThrow(
      "manager.py has no class deriving from BasePlugin (its classes: Font, Clock); name the plugin's class in manifest.json's class_name",
    );
  });

  it("readManifest gives a LEDMatrix manifest without class_name its entry module's class", async () => {
    const dir = tempDir('plugin-class-');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ id: 'x', name: 'X', display_modes: ['x'] }));
    fs.writeFileSync(path.join(dir, 'manager.py'), lines('class X(BasePlugin):', '    pass'));
    expect(await readManifest(dir)).toMatchObject({ runtime: 'python', class_name: 'X', version: '0.0.0' });
    fs.writeFileSync(path.join(dir, 'manager.py'), lines('class X(BasePlugin): pass', 'class Y(BasePlugin): pass'));
    await expect(readManifest(dir)).rejects.toThrow(/several classes deriving from BasePlugin: X, Y/);
  });
});
