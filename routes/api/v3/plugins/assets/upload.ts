import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { validatePart } from '../../../../../core/http/input.ts';
import { readMultipart } from '../../../../../core/http/multipart.ts';
import { withInstalledId } from '../../../../../core/http/plugin-names.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { ASSET_LIMITS, uploadAssets } from '../../../../../core/plugins/assets/store.ts';
import { pluginIdSchema } from '../../../../../core/plugins/package/id.ts';
import { assetRecord } from './_asset.ts';

const FILE_FIELDS = new Set(['files', 'files[]', 'file']);
const fields = v.object({ plugin_id: pluginIdSchema });

export const POST = defineRoute({
  summary: "Upload images into a plugin's data folder",
  description: `multipart/form-data: \`plugin_id\` and up to ${ASSET_LIMITS.filesPerUpload} files as \`files\` (or \`files[]\`). Each must be a PNG, JPEG, GIF or BMP by its first bytes (its name and declared type are not trusted), at most ${ASSET_LIMITS.fileBytes} bytes, ${ASSET_LIMITS.uploadBytes} in all, and a plugin keeps at most ${ASSET_LIMITS.filesPerPlugin}. Stored as \`assets/image_<time>_<md5>.<type>\` in the plugin's data folder; one refused file refuses the whole upload.`,
  tags: ['plugins'],
  maxBodyBytes: ASSET_LIMITS.uploadBytes + 1024 * 1024,
  responses: {
    200: {
      description: 'The stored images (LEDMatrix fields)',
      data: v.object({ uploaded_files: v.array(assetRecord), total_files: v.number() }),
    },
  },
  errors: ['PLUGIN_NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'INVALID_INPUT'],
  handler: async (c) => {
    const form = await readMultipart(c);
    const { plugin_id } = (await validatePart('body', fields, withInstalledId(c, form.fields))) as v.InferOutput<
      typeof fields
    >;
    const files = form.files.filter((f) => FILE_FIELDS.has(f.field));
    const stored = await uploadAssets(c.var.services, plugin_id, files);
    return ok(
      c,
      { uploaded_files: stored, total_files: stored.length },
      { message: `Uploaded ${stored.length} image${stored.length === 1 ? '' : 's'} for ${plugin_id}` },
    );
  },
});
