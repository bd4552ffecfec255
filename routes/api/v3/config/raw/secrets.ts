import { rawRoute } from './_raw.ts';

export const POST = rawRoute(
  'secrets',
  'config_secrets.json',
  'Validated and backed up like any save. A mask or blank keeps the stored value; null removes it.',
);
