// GENERATED FILE - do not edit. Produced by `npm run generate` from schemas/config.schema.json
// (scripts/generate-validators.ts); `npm run generate:check` fails when it is stale.
import type { ValidateFunction } from 'ajv';
export declare const validateRawConfig: ValidateFunction;
