/** Input pieces the lifecycle routes share (LEDMatrix clients send JSON, forms or query strings). */
import * as v from 'valibot';
import { validatePart } from '../../../../core/http/input.ts';

const TRUE = ['true', '1', 'on', 'yes'];
const FALSE = ['false', '0', 'off', 'no', ''];
const flagText = 'true or false (also 1/0, on/off, yes/no)';

/** A boolean, or LEDMatrix's spellings of one in a form or query string. */
export const flagSchema = v.union(
  [
    v.boolean(),
    v.pipe(
      v.string(),
      v.transform((s) => s.trim().toLowerCase()),
      v.picklist([...TRUE, ...FALSE], flagText),
      v.transform((s) => TRUE.includes(s)),
    ),
  ],
  flagText,
);

/** Query and body merged (the body wins), validated as one against the required shape, so a missing field is named. */
export async function fromBodyOrQuery<S extends v.GenericSchema>(
  schema: S,
  query: Record<string, unknown> | undefined,
  body: Record<string, unknown> | undefined,
): Promise<v.InferOutput<S>> {
  const given = Object.entries(body ?? {}).filter(([, x]) => x !== undefined);
  return (await validatePart('body', schema, { ...query, ...Object.fromEntries(given) })) as v.InferOutput<S>;
}

/** Any JSON object: the shape is checked after merging with the query string. */
export const anyObject = v.optional(v.record(v.string(), v.unknown()));
export const anyQuery = v.record(v.string(), v.union([v.string(), v.array(v.string())]));

/** For documentation: the 202 answer. */
export const queuedData = v.object({ operation_id: v.string(), status: v.string() });
