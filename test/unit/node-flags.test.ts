import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { WEB_NODE_ENV, WEB_NODE_FLAGS } from '../../core/app/node-flags.ts';

describe('the web process is started with its Node flags everywhere', () => {
  it('npm start runs the bundle with them and the malloc setting', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const env = Object.entries(WEB_NODE_ENV).map(([k, v]) => `${k}=${v}`);
    expect(scripts.start).toContain(`${env.join(' ')} node ${WEB_NODE_FLAGS.join(' ')} dist/server.mjs`);
  });

  it('the systemd unit too', () => {
    const unit = fs.readFileSync(path.join(PROJECT_ROOT, 'deploy/systemd/marquee-web.service'), 'utf8');
    expect(unit).toContain(`\nExecStart=@NODE@ ${WEB_NODE_FLAGS.join(' ')} /opt/marquee/dist/server.mjs\n`);
    for (const [k, v] of Object.entries(WEB_NODE_ENV)) expect(unit).toContain(`\nEnvironment=${k}=${v}\n`);
  });

  it("the display's unit has the malloc settings the display inherits when the web process starts it", () => {
    const unit = fs.readFileSync(path.join(PROJECT_ROOT, 'deploy/systemd/marquee-display.service'), 'utf8');
    for (const [k, v] of Object.entries(WEB_NODE_ENV)) expect(unit).toContain(`\nEnvironment=${k}=${v}\n`);
  });
});
