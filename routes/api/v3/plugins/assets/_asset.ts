/** The record of one uploaded image, as the asset endpoints answer it. */
import * as v from 'valibot';

export const assetRecord = v.object({
  id: v.string(),
  filename: v.string(),
  original_filename: v.string(),
  path: v.string(),
  size: v.number(),
  type: v.string(),
  uploaded_at: v.string(),
});
