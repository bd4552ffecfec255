import * as v from 'valibot';
import { toProblems, type Problem } from '../../platform/validation.ts';
import { CORE_SECTION_SCHEMAS } from './core.ts';
import { SECRET_NAME } from '../secrets/mask.ts';
import type { JsonObject } from '../types.ts';

/**
 * Checks the named core sections of a config; a section that is absent is not checked. Field paths
 * start with the section name; the expectation is the schema's message.
 */
export function validateCoreSections(main: JsonObject, sections: Iterable<string>): Problem[] {
  const out: Problem[] = [];
  for (const section of sections) {
    const schema = CORE_SECTION_SCHEMAS[section];
    if (!schema || main[section] === undefined) continue;
    const result = v.safeParse(schema, main[section]);
    if (result.success) continue;
    for (const p of toProblems(result.issues)) {
      const field = p.field === '(root)' ? section : `${section}.${p.field}`;
      // A value under a credential-like name is never echoed back.
      const received = field.split('.').some((k) => SECRET_NAME.test(k)) ? '(hidden)' : p.received;
      out.push({
        field,
        expected: p.message,
        received,
        message: `Field '${field}': expected ${p.message}, received ${received}`,
        ...(p.rule ? { rule: p.rule, limit: p.limit } : {}),
      });
    }
  }
  return out;
}

export const CORE_SECTION_NAMES = Object.keys(CORE_SECTION_SCHEMAS);
