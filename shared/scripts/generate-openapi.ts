/**
 * Writes the OpenAPI document of the HTTP routes, built from the contract schemas, to
 * docs/openapi.json.
 *
 *   yarn tsx shared/scripts/generate-openapi.ts      (from the repository root)
 *
 * `generate-openapi.test.ts` fails when the committed document is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../src/contracts/openapi';

/** Where the checked-in document lives. */
export const OPENAPI_JSON = join(__dirname, '..', '..', 'docs', 'openapi.json');

/** The text of docs/openapi.json: stable key order (the builder's), two-space indent, final newline. */
export function generateOpenApiJson(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

function main(): void {
  writeFileSync(OPENAPI_JSON, generateOpenApiJson());
  console.log(`wrote ${OPENAPI_JSON}`);
}

if (require.main === module) main();
