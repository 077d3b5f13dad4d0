// GENERATED FILE - do not edit. Produced by `npm run generate` from schemas/frame-request.schema.json, schemas/frame-response.schema.json, schemas/frame-request.v2.schema.json, schemas/frame-response.v2.schema.json, schemas/session-message.schema.json
// (scripts/generate-validators.ts); `npm run generate:check` fails when it is stale.
import type { ValidateFunction } from 'ajv';
import type { K8sProxyRequest, K8sProxyResponse, SessionMessage } from './types.ts';
export declare const validateRequest: ValidateFunction<K8sProxyRequest>;
export declare const validateResponse: ValidateFunction<K8sProxyResponse>;
export declare const validateRequestV2: ValidateFunction<K8sProxyRequest>;
export declare const validateResponseV2: ValidateFunction<K8sProxyResponse>;
export declare const validateRegisterMessage: ValidateFunction<SessionMessage>;
export declare const validateRegisteredMessage: ValidateFunction<SessionMessage>;
export declare const validateHeartbeatMessage: ValidateFunction<SessionMessage>;
export declare const validateHeartbeatAckMessage: ValidateFunction<SessionMessage>;
export declare const validateRunnersMessage: ValidateFunction<SessionMessage>;
export declare const validateHelloMessage: ValidateFunction<SessionMessage>;
export declare const validateDrainingMessage: ValidateFunction<SessionMessage>;
export declare const validateErrorMessage: ValidateFunction<SessionMessage>;
