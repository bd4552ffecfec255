import * as v from 'valibot';
import { parseSize } from '../../../../../../../core/previews/size.ts';

const fits = (s: string) => {
  try {
    parseSize(s);
    return true;
  } catch {
    return false;
  }
};

/** The store entry's id, as the entry's own route takes it. */
export const previewParams = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a plugin id'), v.toLowerCase()),
});

/** `?size=128x32` (8 to 1024 pixels each way); the panel's size when left out. */
export const previewQuery = v.object({
  size: v.optional(
    v.pipe(
      v.string(),
      v.check(fits, 'a panel size WIDTHxHEIGHT with 8 to 1024 pixels each, such as 128x32'),
      v.transform(parseSize),
    ),
  ),
});
