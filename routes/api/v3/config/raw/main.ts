import { rawRoute } from './_raw.ts';

export const POST = rawRoute(
  'main',
  'config.json',
  'Validated and backed up like any save. A mask copied from a GET keeps the stored value; secret fields move to config_secrets.json.',
);
