import * as v from 'valibot';
import { LEFT_BY } from './state.ts';

/** `data` of `GET /api/v3/system/safe-mode`. */
export const safeModeSchema = v.object({
  active: v.boolean(),
  process: v.nullable(v.picklist(['web', 'display'])),
  reason: v.nullable(v.string()),
  entered_at: v.nullable(v.string()),
  ends_at: v.nullable(v.string()),
  left_at: v.nullable(v.string()),
  left_by: v.nullable(v.picklist(LEFT_BY)),
  paused_plugins: v.array(v.string()),
});
