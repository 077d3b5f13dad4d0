// GENERATED FILE - do not edit. Produced by `npm run generate` from schemas/config.schema.json
// (scripts/generate-validators.ts); `npm run generate:check` fails when it is stale.
/* eslint-disable */
import { ucs2length } from '../protocol/ucs2length.ts';

export const validateRawConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://pipeops.io/schemas/agent/config.schema.json","title":"pipeops-agent configuration","description":"The configuration file after YAML parsing, and each environment or flag value after coercion. Durations are strings such as \"30s\", \"500ms\", \"1m30s\" or \"2h\", or a bare number of seconds. Keys marked writeOnly are secrets and are masked wherever the agent prints them.","type":"object","additionalProperties":false,"definitions":{"duration":{"type":["string","number"],"pattern":"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$","minimum":0,"x-expect":"a duration such as 30s, 500ms, 1m30s or 2h (a bare number is seconds)"},"runner":{"type":"object","additionalProperties":false,"required":["url"],"properties":{"url":{"type":"string","pattern":"^(wss?|https?)://[^\\s/?#]+","description":"WebSocket URL of the Runner (ws:// or wss://; http(s):// is mapped to ws(s)://).","x-expect":"a ws://, wss://, http:// or https:// URL"},"token":{"type":"string","writeOnly":true,"description":"Bearer token presented to this Runner."},"token_file":{"type":"string","description":"File holding this Runner's token (trailing newline trimmed); instead of token."},"name":{"type":"string","maxLength":253,"description":"Name used in logs and metrics."}}},"identityPatterns":{"type":"array","items":{"type":"string","minLength":1,"maxLength":253,"pattern":"^[^*\\s,]+\\*?$","x-expect":"an exact name, or a prefix ending in * such as pipeops:*"},"maxItems":256}},"properties":{"agent":{"type":"object","additionalProperties":false,"properties":{"id":{"type":"string","maxLength":253,"pattern":"^[A-Za-z0-9._-]*$","default":"","description":"Stable agent id; empty: generated once and persisted in the state store.","x-expect":"letters, digits, dots, underscores and dashes"},"name":{"type":"string","maxLength":253,"description":"Human-readable agent name; default: the host name."},"cluster_name":{"type":"string","maxLength":253,"default":"","description":"Cluster name shown by the control plane."},"poll_interval":{"$ref":"#/definitions/duration","default":"30s","x-min-ms":1000,"description":"Heartbeat interval, unless the control plane sends heartbeat_interval_seconds."},"port":{"type":"integer","minimum":0,"maximum":65535,"default":8080,"description":"Port of the health/metrics listener (/health, /ready, /metrics); 0 picks a free port."},"host":{"type":"string","minLength":1,"default":"127.0.0.1","description":"Address of the health/metrics listener."},"debug":{"type":"boolean","default":false,"description":"Debug logging, including redacted request and response bodies."},"labels":{"type":"object","additionalProperties":{"type":"string","maxLength":63},"propertyNames":{"maxLength":253,"pattern":"^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$","x-expect":"a label name (letters, digits, dots, dashes, underscores and slashes)"},"default":{},"description":"Labels sent with register; env form k=v,k2=v2."},"state_file":{"type":"string","description":"File keeping agent_id and cluster_id on a VM; default: $STATE_DIRECTORY/state.json, else /var/lib/pipeops-agent/state.json."},"state_store":{"type":"string","enum":["auto","file","configmap"],"default":"auto","description":"Where agent_id and cluster_id are kept: auto = a ConfigMap in a cluster, else state_file."},"state_configmap":{"type":"string","minLength":1,"maxLength":253,"pattern":"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$","default":"pipeops-agent-state","description":"Name of the ConfigMap (in kubernetes.namespace) used as the state store.","x-expect":"a DNS subdomain name (lower-case letters, digits, dashes and dots)"},"shutdown_timeout":{"$ref":"#/definitions/duration","default":"20s","description":"The drain on SIGTERM: after announcing draining, how long non-stream requests in flight may still finish (streams end at once with done + shutdown) before the sockets close; the agent uses this less 2 s, at least 1 s. Keep a pod's terminationGracePeriodSeconds above it."}}},"pipeops":{"type":"object","additionalProperties":false,"properties":{"api_url":{"type":"string","pattern":"^$|^https?://[^\\s/?#]+[^\\s?#]*$","default":"","description":"Control-plane base URL; the agent dials <api_url>/ws/agent (https becomes wss).","x-expect":"an http:// or https:// URL without query or fragment"},"token":{"type":"string","writeOnly":true,"default":"","description":"Agent token for the control plane."},"token_file":{"type":"string","default":"","description":"File holding the token (trailing newline trimmed); instead of token."},"timeout":{"$ref":"#/definitions/duration","default":"30s","x-min-ms":1,"description":"Timeout of the WebSocket handshake and of register."},"ping_interval":{"$ref":"#/definitions/duration","default":"15s","x-min-ms":1000,"description":"WebSocket ping interval; a socket silent for two intervals is redialled."},"compression":{"type":"boolean","default":true,"description":"Offer permessage-deflate."},"compression_max_frame_bytes":{"type":"integer","minimum":0,"default":16384,"description":"With compression on, frames from 4 KiB up to this size are deflated; larger ones (list and log chunks) go out as they are, because deflating them costs more CPU than everything else the agent does. 0 deflates every frame from 4 KiB up (slow uplinks)."},"tls":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":true,"description":"Require TLS (https/wss) for the control plane and Runners, except on loopback addresses."},"insecure_skip_verify":{"type":"boolean","default":false,"description":"Do not verify server certificates (logs a warning). Never in production."},"ca_file":{"type":"string","default":"","description":"PEM file of extra CAs trusted for the control plane and Runners."}}},"reconnect":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":true,"description":"Redial a lost socket."},"max_attempts":{"type":"integer","minimum":0,"default":0,"description":"Consecutive failed dials before giving up; 0 = forever."},"interval":{"$ref":"#/definitions/duration","default":"500ms","x-min-ms":1,"description":"Base of the exponential backoff (full jitter)."},"max_interval":{"$ref":"#/definitions/duration","default":"15s","x-min-ms":1,"description":"Cap of the exponential backoff."}}}}},"runners":{"type":"array","items":{"$ref":"#/definitions/runner"},"maxItems":64,"default":[],"description":"Runners dialled without assignment from the control plane (file only)."},"kubernetes":{"type":"object","additionalProperties":false,"properties":{"kubeconfig":{"type":"string","default":"","description":"kubeconfig file; empty: $KUBECONFIG, then ~/.kube/config (unless in_cluster)."},"in_cluster":{"type":"boolean","default":false,"description":"Use the mounted service-account credentials."},"namespace":{"type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$","default":"pipeops-system","description":"Namespace of the agent (state ConfigMap).","x-expect":"a DNS label (lower-case letters, digits and dashes)"},"service_account_dir":{"type":"string","minLength":1,"default":"/var/run/secrets/kubernetes.io/serviceaccount","description":"Directory with token, ca.crt and namespace for in-cluster credentials."}}},"proxy":{"type":"object","additionalProperties":false,"properties":{"allow_impersonation":{"type":"boolean","default":false,"description":"Forward Impersonate-* headers instead of refusing them with 403; with impersonate_users or impersonate_groups set, only the names they list."},"impersonate_users":{"$ref":"#/definitions/identityPatterns","default":[],"description":"Bounded impersonation: the users an Impersonate-User header may name (exact names, or a prefix ending in *); system: users only when listed one by one. Env form: comma-separated."},"impersonate_groups":{"$ref":"#/definitions/identityPatterns","default":[],"description":"Bounded impersonation: the groups an Impersonate-Group header may name (exact names, or a prefix ending in *); system: groups only when listed one by one. Env form: comma-separated."},"max_frame_bytes":{"type":"integer","minimum":1024,"maximum":1073741824,"default":16777216,"description":"Largest inbound WebSocket message (16 MiB)."},"max_body_bytes":{"type":"integer","minimum":0,"maximum":1073741824,"default":10485760,"description":"Largest decoded request body (10 MiB); larger gets 413."},"max_response_bytes":{"type":"integer","minimum":1024,"maximum":1073741824,"default":8388608,"description":"Largest buffered non-stream response (8 MiB); larger gets 413 (use stream: true)."},"max_concurrent_requests":{"type":"integer","minimum":1,"maximum":100000,"default":256,"description":"Non-stream requests in flight per socket; more get 429."},"max_concurrent_streams":{"type":"integer","minimum":1,"maximum":100000,"default":1024,"description":"Open streams (watches, logs) per socket; more get 429."},"rate_limit":{"type":"object","additionalProperties":false,"properties":{"requests_per_second":{"type":"number","exclusiveMinimum":0,"default":200,"description":"Sustained request rate per socket (token bucket); more get 429."},"burst":{"type":"integer","minimum":1,"default":400,"description":"Token-bucket size: requests accepted at once above the rate."}}},"request_timeout":{"$ref":"#/definitions/duration","default":"30s","x-min-ms":1,"description":"Deadline of a non-stream request against the API server (not applied to streams)."},"stream_idle_timeout":{"$ref":"#/definitions/duration","default":"0s","description":"End a stream after this long without bytes; 0 = never."},"upgrade":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":true,"description":"Carry upgraded streams (kubectl exec, attach, cp, port-forward; WebSockets to pods and services) on protocol v2 sockets; false refuses every upgrade with 403."},"exec":{"type":"boolean","default":true,"description":"Allow upgrades to pods/exec and pods/attach (kubectl exec, attach, cp); false refuses them with 403, port-forward and proxy stay allowed."},"idle_timeout":{"$ref":"#/definitions/duration","default":"0s","description":"End an upgraded stream after this long without a byte either way; 0 = never (a shell may sit idle for hours)."},"window":{"type":"integer","minimum":1024,"maximum":67108864,"default":262144,"description":"Flow-control window of an upgraded stream: DATA bytes a peer may send before the agent acknowledges them (256 KiB)."}}}}},"audit":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":false,"description":"Write one audit record per proxied request, refused ones and streams included."},"output":{"type":"string","minLength":1,"default":"stdout","description":"stdout, stderr or a file path (appended, created with its directory, rotated by size)."},"max_file_bytes":{"type":"integer","minimum":4096,"maximum":1099511627776,"default":104857600,"description":"Rotate the audit file when it reaches this size (100 MiB); the old file becomes <output>.1."},"max_files":{"type":"integer","minimum":1,"maximum":1000,"default":5,"description":"Rotated audit files kept besides the current one (<output>.1 … <output>.N)."},"queue_size":{"type":"integer","minimum":1,"maximum":1000000,"default":10000,"description":"Records waiting to be written; when the sink is slower, further records are dropped and counted, never waited for."}}},"logging":{"type":"object","additionalProperties":false,"properties":{"level":{"type":"string","enum":["trace","debug","info","warn","error","fatal","silent"],"default":"info","description":"Lowest level written."},"format":{"type":"string","enum":["json","text"],"default":"json","description":"json: one JSON object per line; text: one human-readable line."},"output":{"type":"string","minLength":1,"default":"stdout","description":"stdout, stderr or a file path (appended, created with its directory)."}}}}};
const schema12 = {"type":["string","number"],"pattern":"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$","minimum":0,"x-expect":"a duration such as 30s, 500ms, 1m30s or 2h (a bare number is seconds)"};
const schema18 = {"type":"object","additionalProperties":false,"required":["url"],"properties":{"url":{"type":"string","pattern":"^(wss?|https?)://[^\\s/?#]+","description":"WebSocket URL of the Runner (ws:// or wss://; http(s):// is mapped to ws(s)://).","x-expect":"a ws://, wss://, http:// or https:// URL"},"token":{"type":"string","writeOnly":true,"description":"Bearer token presented to this Runner."},"token_file":{"type":"string","description":"File holding this Runner's token (trailing newline trimmed); instead of token."},"name":{"type":"string","maxLength":253,"description":"Name used in logs and metrics."}}};
const schema19 = {"type":"array","items":{"type":"string","minLength":1,"maxLength":253,"pattern":"^[^*\\s,]+\\*?$","x-expect":"an exact name, or a prefix ending in * such as pipeops:*"},"maxItems":256};
const func2 = Object.prototype.hasOwnProperty;
const func3 = ucs2length;
const pattern0 = new RegExp("^[A-Za-z0-9._-]*$", "u");
const pattern1 = new RegExp("^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$", "u");
const pattern2 = new RegExp("^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$", "u");
const pattern3 = new RegExp("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "u");
const pattern5 = new RegExp("^$|^https?://[^\\s/?#]+[^\\s?#]*$", "u");
const pattern10 = new RegExp("^(wss?|https?)://[^\\s/?#]+", "u");
const pattern11 = new RegExp("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "u");
const pattern12 = new RegExp("^[^*\\s,]+\\*?$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://pipeops.io/schemas/agent/config.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((key0 === "agent") || (key0 === "pipeops")) || (key0 === "runners")) || (key0 === "kubernetes")) || (key0 === "proxy")) || (key0 === "audit")) || (key0 === "logging"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.agent !== undefined){
let data0 = data.agent;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!(func2.call(schema11.properties.agent.properties, key1))){
const err1 = {instancePath:instancePath+"/agent",schemaPath:"#/properties/agent/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.agent,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.id !== undefined){
let data1 = data0.id;
if(typeof data1 === "string"){
if(func3(data1) > 253){
const err2 = {instancePath:instancePath+"/agent/id",schemaPath:"#/properties/agent/properties/id/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema11.properties.agent.properties.id,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!pattern0.test(data1)){
const err3 = {instancePath:instancePath+"/agent/id",schemaPath:"#/properties/agent/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9._-]*$"},message:"must match pattern \""+"^[A-Za-z0-9._-]*$"+"\"",schema:"^[A-Za-z0-9._-]*$",parentSchema:schema11.properties.agent.properties.id,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/agent/id",schemaPath:"#/properties/agent/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.id.type,parentSchema:schema11.properties.agent.properties.id,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.name !== undefined){
let data2 = data0.name;
if(typeof data2 === "string"){
if(func3(data2) > 253){
const err5 = {instancePath:instancePath+"/agent/name",schemaPath:"#/properties/agent/properties/name/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema11.properties.agent.properties.name,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/agent/name",schemaPath:"#/properties/agent/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.name.type,parentSchema:schema11.properties.agent.properties.name,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.cluster_name !== undefined){
let data3 = data0.cluster_name;
if(typeof data3 === "string"){
if(func3(data3) > 253){
const err7 = {instancePath:instancePath+"/agent/cluster_name",schemaPath:"#/properties/agent/properties/cluster_name/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema11.properties.agent.properties.cluster_name,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/agent/cluster_name",schemaPath:"#/properties/agent/properties/cluster_name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.cluster_name.type,parentSchema:schema11.properties.agent.properties.cluster_name,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data0.poll_interval !== undefined){
let data4 = data0.poll_interval;
if((typeof data4 !== "string") && (!((typeof data4 == "number") && (isFinite(data4))))){
const err9 = {instancePath:instancePath+"/agent/poll_interval",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 < 0 || isNaN(data4)){
const err10 = {instancePath:instancePath+"/agent/poll_interval",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(typeof data4 === "string"){
if(!pattern1.test(data4)){
const err11 = {instancePath:instancePath+"/agent/poll_interval",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
if(data0.port !== undefined){
let data5 = data0.port;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
const err12 = {instancePath:instancePath+"/agent/port",schemaPath:"#/properties/agent/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.agent.properties.port.type,parentSchema:schema11.properties.agent.properties.port,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 65535 || isNaN(data5)){
const err13 = {instancePath:instancePath+"/agent/port",schemaPath:"#/properties/agent/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema11.properties.agent.properties.port,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data5 < 0 || isNaN(data5)){
const err14 = {instancePath:instancePath+"/agent/port",schemaPath:"#/properties/agent/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.agent.properties.port,data:data5};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
if(data0.host !== undefined){
let data6 = data0.host;
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err15 = {instancePath:instancePath+"/agent/host",schemaPath:"#/properties/agent/properties/host/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.agent.properties.host,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/agent/host",schemaPath:"#/properties/agent/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.host.type,parentSchema:schema11.properties.agent.properties.host,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data0.debug !== undefined){
let data7 = data0.debug;
if(typeof data7 !== "boolean"){
const err17 = {instancePath:instancePath+"/agent/debug",schemaPath:"#/properties/agent/properties/debug/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.agent.properties.debug.type,parentSchema:schema11.properties.agent.properties.debug,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data0.labels !== undefined){
let data8 = data0.labels;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key2 in data8){
const _errs25 = errors;
if(typeof key2 === "string"){
if(func3(key2) > 253){
const err18 = {instancePath:instancePath+"/agent/labels",schemaPath:"#/properties/agent/properties/labels/propertyNames/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema11.properties.agent.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(!pattern2.test(key2)){
const err19 = {instancePath:instancePath+"/agent/labels",schemaPath:"#/properties/agent/properties/labels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$"},message:"must match pattern \""+"^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$"+"\"",schema:"^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$",parentSchema:schema11.properties.agent.properties.labels.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
var valid3 = _errs25 === errors;
if(!valid3){
const err20 = {instancePath:instancePath+"/agent/labels",schemaPath:"#/properties/agent/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema11.properties.agent.properties.labels.propertyNames,parentSchema:schema11.properties.agent.properties.labels,data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
for(const key3 in data8){
let data9 = data8[key3];
if(typeof data9 === "string"){
if(func3(data9) > 63){
const err21 = {instancePath:instancePath+"/agent/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/agent/properties/labels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema11.properties.agent.properties.labels.additionalProperties,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/agent/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/agent/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.labels.additionalProperties.type,parentSchema:schema11.properties.agent.properties.labels.additionalProperties,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/agent/labels",schemaPath:"#/properties/agent/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.agent.properties.labels.type,parentSchema:schema11.properties.agent.properties.labels,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data0.state_file !== undefined){
let data10 = data0.state_file;
if(typeof data10 !== "string"){
const err24 = {instancePath:instancePath+"/agent/state_file",schemaPath:"#/properties/agent/properties/state_file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.state_file.type,parentSchema:schema11.properties.agent.properties.state_file,data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data0.state_store !== undefined){
let data11 = data0.state_store;
if(typeof data11 !== "string"){
const err25 = {instancePath:instancePath+"/agent/state_store",schemaPath:"#/properties/agent/properties/state_store/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.state_store.type,parentSchema:schema11.properties.agent.properties.state_store,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(!(((data11 === "auto") || (data11 === "file")) || (data11 === "configmap"))){
const err26 = {instancePath:instancePath+"/agent/state_store",schemaPath:"#/properties/agent/properties/state_store/enum",keyword:"enum",params:{allowedValues: schema11.properties.agent.properties.state_store.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.agent.properties.state_store.enum,parentSchema:schema11.properties.agent.properties.state_store,data:data11};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data0.state_configmap !== undefined){
let data12 = data0.state_configmap;
if(typeof data12 === "string"){
if(func3(data12) > 253){
const err27 = {instancePath:instancePath+"/agent/state_configmap",schemaPath:"#/properties/agent/properties/state_configmap/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema11.properties.agent.properties.state_configmap,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(func3(data12) < 1){
const err28 = {instancePath:instancePath+"/agent/state_configmap",schemaPath:"#/properties/agent/properties/state_configmap/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.agent.properties.state_configmap,data:data12};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(!pattern3.test(data12)){
const err29 = {instancePath:instancePath+"/agent/state_configmap",schemaPath:"#/properties/agent/properties/state_configmap/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$",parentSchema:schema11.properties.agent.properties.state_configmap,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/agent/state_configmap",schemaPath:"#/properties/agent/properties/state_configmap/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.agent.properties.state_configmap.type,parentSchema:schema11.properties.agent.properties.state_configmap,data:data12};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data0.shutdown_timeout !== undefined){
let data13 = data0.shutdown_timeout;
if((typeof data13 !== "string") && (!((typeof data13 == "number") && (isFinite(data13))))){
const err31 = {instancePath:instancePath+"/agent/shutdown_timeout",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err32 = {instancePath:instancePath+"/agent/shutdown_timeout",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(typeof data13 === "string"){
if(!pattern1.test(data13)){
const err33 = {instancePath:instancePath+"/agent/shutdown_timeout",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data13};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
}
else {
const err34 = {instancePath:instancePath+"/agent",schemaPath:"#/properties/agent/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.agent.type,parentSchema:schema11.properties.agent,data:data0};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.pipeops !== undefined){
let data14 = data.pipeops;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
for(const key4 in data14){
if(!(func2.call(schema11.properties.pipeops.properties, key4))){
const err35 = {instancePath:instancePath+"/pipeops",schemaPath:"#/properties/pipeops/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.pipeops,data:data14};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data14.api_url !== undefined){
let data15 = data14.api_url;
if(typeof data15 === "string"){
if(!pattern5.test(data15)){
const err36 = {instancePath:instancePath+"/pipeops/api_url",schemaPath:"#/properties/pipeops/properties/api_url/pattern",keyword:"pattern",params:{pattern: "^$|^https?://[^\\s/?#]+[^\\s?#]*$"},message:"must match pattern \""+"^$|^https?://[^\\s/?#]+[^\\s?#]*$"+"\"",schema:"^$|^https?://[^\\s/?#]+[^\\s?#]*$",parentSchema:schema11.properties.pipeops.properties.api_url,data:data15};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/pipeops/api_url",schemaPath:"#/properties/pipeops/properties/api_url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.pipeops.properties.api_url.type,parentSchema:schema11.properties.pipeops.properties.api_url,data:data15};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data14.token !== undefined){
let data16 = data14.token;
if(typeof data16 !== "string"){
const err38 = {instancePath:instancePath+"/pipeops/token",schemaPath:"#/properties/pipeops/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.pipeops.properties.token.type,parentSchema:schema11.properties.pipeops.properties.token,data:data16};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data14.token_file !== undefined){
let data17 = data14.token_file;
if(typeof data17 !== "string"){
const err39 = {instancePath:instancePath+"/pipeops/token_file",schemaPath:"#/properties/pipeops/properties/token_file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.pipeops.properties.token_file.type,parentSchema:schema11.properties.pipeops.properties.token_file,data:data17};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data14.timeout !== undefined){
let data18 = data14.timeout;
if((typeof data18 !== "string") && (!((typeof data18 == "number") && (isFinite(data18))))){
const err40 = {instancePath:instancePath+"/pipeops/timeout",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data18};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 0 || isNaN(data18)){
const err41 = {instancePath:instancePath+"/pipeops/timeout",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data18};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(typeof data18 === "string"){
if(!pattern1.test(data18)){
const err42 = {instancePath:instancePath+"/pipeops/timeout",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data18};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
if(data14.ping_interval !== undefined){
let data19 = data14.ping_interval;
if((typeof data19 !== "string") && (!((typeof data19 == "number") && (isFinite(data19))))){
const err43 = {instancePath:instancePath+"/pipeops/ping_interval",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data19};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 < 0 || isNaN(data19)){
const err44 = {instancePath:instancePath+"/pipeops/ping_interval",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data19};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(typeof data19 === "string"){
if(!pattern1.test(data19)){
const err45 = {instancePath:instancePath+"/pipeops/ping_interval",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data19};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
if(data14.compression !== undefined){
let data20 = data14.compression;
if(typeof data20 !== "boolean"){
const err46 = {instancePath:instancePath+"/pipeops/compression",schemaPath:"#/properties/pipeops/properties/compression/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.pipeops.properties.compression.type,parentSchema:schema11.properties.pipeops.properties.compression,data:data20};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data14.compression_max_frame_bytes !== undefined){
let data21 = data14.compression_max_frame_bytes;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err47 = {instancePath:instancePath+"/pipeops/compression_max_frame_bytes",schemaPath:"#/properties/pipeops/properties/compression_max_frame_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.pipeops.properties.compression_max_frame_bytes.type,parentSchema:schema11.properties.pipeops.properties.compression_max_frame_bytes,data:data21};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 0 || isNaN(data21)){
const err48 = {instancePath:instancePath+"/pipeops/compression_max_frame_bytes",schemaPath:"#/properties/pipeops/properties/compression_max_frame_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.pipeops.properties.compression_max_frame_bytes,data:data21};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
if(data14.tls !== undefined){
let data22 = data14.tls;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
for(const key5 in data22){
if(!(((key5 === "enabled") || (key5 === "insecure_skip_verify")) || (key5 === "ca_file"))){
const err49 = {instancePath:instancePath+"/pipeops/tls",schemaPath:"#/properties/pipeops/properties/tls/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.pipeops.properties.tls,data:data22};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data22.enabled !== undefined){
let data23 = data22.enabled;
if(typeof data23 !== "boolean"){
const err50 = {instancePath:instancePath+"/pipeops/tls/enabled",schemaPath:"#/properties/pipeops/properties/tls/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.pipeops.properties.tls.properties.enabled.type,parentSchema:schema11.properties.pipeops.properties.tls.properties.enabled,data:data23};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data22.insecure_skip_verify !== undefined){
let data24 = data22.insecure_skip_verify;
if(typeof data24 !== "boolean"){
const err51 = {instancePath:instancePath+"/pipeops/tls/insecure_skip_verify",schemaPath:"#/properties/pipeops/properties/tls/properties/insecure_skip_verify/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.pipeops.properties.tls.properties.insecure_skip_verify.type,parentSchema:schema11.properties.pipeops.properties.tls.properties.insecure_skip_verify,data:data24};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data22.ca_file !== undefined){
let data25 = data22.ca_file;
if(typeof data25 !== "string"){
const err52 = {instancePath:instancePath+"/pipeops/tls/ca_file",schemaPath:"#/properties/pipeops/properties/tls/properties/ca_file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.pipeops.properties.tls.properties.ca_file.type,parentSchema:schema11.properties.pipeops.properties.tls.properties.ca_file,data:data25};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/pipeops/tls",schemaPath:"#/properties/pipeops/properties/tls/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.pipeops.properties.tls.type,parentSchema:schema11.properties.pipeops.properties.tls,data:data22};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data14.reconnect !== undefined){
let data26 = data14.reconnect;
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
for(const key6 in data26){
if(!((((key6 === "enabled") || (key6 === "max_attempts")) || (key6 === "interval")) || (key6 === "max_interval"))){
const err54 = {instancePath:instancePath+"/pipeops/reconnect",schemaPath:"#/properties/pipeops/properties/reconnect/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.pipeops.properties.reconnect,data:data26};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data26.enabled !== undefined){
let data27 = data26.enabled;
if(typeof data27 !== "boolean"){
const err55 = {instancePath:instancePath+"/pipeops/reconnect/enabled",schemaPath:"#/properties/pipeops/properties/reconnect/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.pipeops.properties.reconnect.properties.enabled.type,parentSchema:schema11.properties.pipeops.properties.reconnect.properties.enabled,data:data27};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data26.max_attempts !== undefined){
let data28 = data26.max_attempts;
if(!(((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28))) && (isFinite(data28)))){
const err56 = {instancePath:instancePath+"/pipeops/reconnect/max_attempts",schemaPath:"#/properties/pipeops/properties/reconnect/properties/max_attempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.pipeops.properties.reconnect.properties.max_attempts.type,parentSchema:schema11.properties.pipeops.properties.reconnect.properties.max_attempts,data:data28};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 < 0 || isNaN(data28)){
const err57 = {instancePath:instancePath+"/pipeops/reconnect/max_attempts",schemaPath:"#/properties/pipeops/properties/reconnect/properties/max_attempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.pipeops.properties.reconnect.properties.max_attempts,data:data28};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
if(data26.interval !== undefined){
let data29 = data26.interval;
if((typeof data29 !== "string") && (!((typeof data29 == "number") && (isFinite(data29))))){
const err58 = {instancePath:instancePath+"/pipeops/reconnect/interval",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data29};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 < 0 || isNaN(data29)){
const err59 = {instancePath:instancePath+"/pipeops/reconnect/interval",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data29};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(typeof data29 === "string"){
if(!pattern1.test(data29)){
const err60 = {instancePath:instancePath+"/pipeops/reconnect/interval",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data29};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
}
if(data26.max_interval !== undefined){
let data30 = data26.max_interval;
if((typeof data30 !== "string") && (!((typeof data30 == "number") && (isFinite(data30))))){
const err61 = {instancePath:instancePath+"/pipeops/reconnect/max_interval",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data30};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 < 0 || isNaN(data30)){
const err62 = {instancePath:instancePath+"/pipeops/reconnect/max_interval",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data30};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(typeof data30 === "string"){
if(!pattern1.test(data30)){
const err63 = {instancePath:instancePath+"/pipeops/reconnect/max_interval",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data30};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
}
else {
const err64 = {instancePath:instancePath+"/pipeops/reconnect",schemaPath:"#/properties/pipeops/properties/reconnect/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.pipeops.properties.reconnect.type,parentSchema:schema11.properties.pipeops.properties.reconnect,data:data26};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
}
else {
const err65 = {instancePath:instancePath+"/pipeops",schemaPath:"#/properties/pipeops/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.pipeops.type,parentSchema:schema11.properties.pipeops,data:data14};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data.runners !== undefined){
let data31 = data.runners;
if(Array.isArray(data31)){
if(data31.length > 64){
const err66 = {instancePath:instancePath+"/runners",schemaPath:"#/properties/runners/maxItems",keyword:"maxItems",params:{limit: 64},message:"must NOT have more than 64 items",schema:64,parentSchema:schema11.properties.runners,data:data31};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
const len0 = data31.length;
for(let i0=0; i0<len0; i0++){
let data32 = data31[i0];
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.url === undefined){
const err67 = {instancePath:instancePath+"/runners/" + i0,schemaPath:"#/definitions/runner/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema18.required,parentSchema:schema18,data:data32};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
for(const key7 in data32){
if(!((((key7 === "url") || (key7 === "token")) || (key7 === "token_file")) || (key7 === "name"))){
const err68 = {instancePath:instancePath+"/runners/" + i0,schemaPath:"#/definitions/runner/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema18,data:data32};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data32.url !== undefined){
let data33 = data32.url;
if(typeof data33 === "string"){
if(!pattern10.test(data33)){
const err69 = {instancePath:instancePath+"/runners/" + i0+"/url",schemaPath:"#/definitions/runner/properties/url/pattern",keyword:"pattern",params:{pattern: "^(wss?|https?)://[^\\s/?#]+"},message:"must match pattern \""+"^(wss?|https?)://[^\\s/?#]+"+"\"",schema:"^(wss?|https?)://[^\\s/?#]+",parentSchema:schema18.properties.url,data:data33};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/runners/" + i0+"/url",schemaPath:"#/definitions/runner/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.url.type,parentSchema:schema18.properties.url,data:data33};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data32.token !== undefined){
let data34 = data32.token;
if(typeof data34 !== "string"){
const err71 = {instancePath:instancePath+"/runners/" + i0+"/token",schemaPath:"#/definitions/runner/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.token.type,parentSchema:schema18.properties.token,data:data34};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data32.token_file !== undefined){
let data35 = data32.token_file;
if(typeof data35 !== "string"){
const err72 = {instancePath:instancePath+"/runners/" + i0+"/token_file",schemaPath:"#/definitions/runner/properties/token_file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.token_file.type,parentSchema:schema18.properties.token_file,data:data35};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data32.name !== undefined){
let data36 = data32.name;
if(typeof data36 === "string"){
if(func3(data36) > 253){
const err73 = {instancePath:instancePath+"/runners/" + i0+"/name",schemaPath:"#/definitions/runner/properties/name/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema18.properties.name,data:data36};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/runners/" + i0+"/name",schemaPath:"#/definitions/runner/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema18.properties.name.type,parentSchema:schema18.properties.name,data:data36};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
else {
const err75 = {instancePath:instancePath+"/runners/" + i0,schemaPath:"#/definitions/runner/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data32};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/runners",schemaPath:"#/properties/runners/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.runners.type,parentSchema:schema11.properties.runners,data:data31};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data.kubernetes !== undefined){
let data37 = data.kubernetes;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
for(const key8 in data37){
if(!((((key8 === "kubeconfig") || (key8 === "in_cluster")) || (key8 === "namespace")) || (key8 === "service_account_dir"))){
const err77 = {instancePath:instancePath+"/kubernetes",schemaPath:"#/properties/kubernetes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.kubernetes,data:data37};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data37.kubeconfig !== undefined){
let data38 = data37.kubeconfig;
if(typeof data38 !== "string"){
const err78 = {instancePath:instancePath+"/kubernetes/kubeconfig",schemaPath:"#/properties/kubernetes/properties/kubeconfig/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.kubernetes.properties.kubeconfig.type,parentSchema:schema11.properties.kubernetes.properties.kubeconfig,data:data38};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data37.in_cluster !== undefined){
let data39 = data37.in_cluster;
if(typeof data39 !== "boolean"){
const err79 = {instancePath:instancePath+"/kubernetes/in_cluster",schemaPath:"#/properties/kubernetes/properties/in_cluster/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.kubernetes.properties.in_cluster.type,parentSchema:schema11.properties.kubernetes.properties.in_cluster,data:data39};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data37.namespace !== undefined){
let data40 = data37.namespace;
if(typeof data40 === "string"){
if(func3(data40) > 63){
const err80 = {instancePath:instancePath+"/kubernetes/namespace",schemaPath:"#/properties/kubernetes/properties/namespace/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema11.properties.kubernetes.properties.namespace,data:data40};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(func3(data40) < 1){
const err81 = {instancePath:instancePath+"/kubernetes/namespace",schemaPath:"#/properties/kubernetes/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.kubernetes.properties.namespace,data:data40};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
if(!pattern11.test(data40)){
const err82 = {instancePath:instancePath+"/kubernetes/namespace",schemaPath:"#/properties/kubernetes/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",parentSchema:schema11.properties.kubernetes.properties.namespace,data:data40};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
else {
const err83 = {instancePath:instancePath+"/kubernetes/namespace",schemaPath:"#/properties/kubernetes/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.kubernetes.properties.namespace.type,parentSchema:schema11.properties.kubernetes.properties.namespace,data:data40};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data37.service_account_dir !== undefined){
let data41 = data37.service_account_dir;
if(typeof data41 === "string"){
if(func3(data41) < 1){
const err84 = {instancePath:instancePath+"/kubernetes/service_account_dir",schemaPath:"#/properties/kubernetes/properties/service_account_dir/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.kubernetes.properties.service_account_dir,data:data41};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
else {
const err85 = {instancePath:instancePath+"/kubernetes/service_account_dir",schemaPath:"#/properties/kubernetes/properties/service_account_dir/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.kubernetes.properties.service_account_dir.type,parentSchema:schema11.properties.kubernetes.properties.service_account_dir,data:data41};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
}
else {
const err86 = {instancePath:instancePath+"/kubernetes",schemaPath:"#/properties/kubernetes/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.kubernetes.type,parentSchema:schema11.properties.kubernetes,data:data37};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data.proxy !== undefined){
let data42 = data.proxy;
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
for(const key9 in data42){
if(!(func2.call(schema11.properties.proxy.properties, key9))){
const err87 = {instancePath:instancePath+"/proxy",schemaPath:"#/properties/proxy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.proxy,data:data42};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data42.allow_impersonation !== undefined){
let data43 = data42.allow_impersonation;
if(typeof data43 !== "boolean"){
const err88 = {instancePath:instancePath+"/proxy/allow_impersonation",schemaPath:"#/properties/proxy/properties/allow_impersonation/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.proxy.properties.allow_impersonation.type,parentSchema:schema11.properties.proxy.properties.allow_impersonation,data:data43};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data42.impersonate_users !== undefined){
let data44 = data42.impersonate_users;
if(Array.isArray(data44)){
if(data44.length > 256){
const err89 = {instancePath:instancePath+"/proxy/impersonate_users",schemaPath:"#/definitions/identityPatterns/maxItems",keyword:"maxItems",params:{limit: 256},message:"must NOT have more than 256 items",schema:256,parentSchema:schema19,data:data44};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
const len1 = data44.length;
for(let i1=0; i1<len1; i1++){
let data45 = data44[i1];
if(typeof data45 === "string"){
if(func3(data45) > 253){
const err90 = {instancePath:instancePath+"/proxy/impersonate_users/" + i1,schemaPath:"#/definitions/identityPatterns/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema19.items,data:data45};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
if(func3(data45) < 1){
const err91 = {instancePath:instancePath+"/proxy/impersonate_users/" + i1,schemaPath:"#/definitions/identityPatterns/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema19.items,data:data45};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if(!pattern12.test(data45)){
const err92 = {instancePath:instancePath+"/proxy/impersonate_users/" + i1,schemaPath:"#/definitions/identityPatterns/items/pattern",keyword:"pattern",params:{pattern: "^[^*\\s,]+\\*?$"},message:"must match pattern \""+"^[^*\\s,]+\\*?$"+"\"",schema:"^[^*\\s,]+\\*?$",parentSchema:schema19.items,data:data45};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
else {
const err93 = {instancePath:instancePath+"/proxy/impersonate_users/" + i1,schemaPath:"#/definitions/identityPatterns/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.items.type,parentSchema:schema19.items,data:data45};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
}
else {
const err94 = {instancePath:instancePath+"/proxy/impersonate_users",schemaPath:"#/definitions/identityPatterns/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema19.type,parentSchema:schema19,data:data44};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data42.impersonate_groups !== undefined){
let data46 = data42.impersonate_groups;
if(Array.isArray(data46)){
if(data46.length > 256){
const err95 = {instancePath:instancePath+"/proxy/impersonate_groups",schemaPath:"#/definitions/identityPatterns/maxItems",keyword:"maxItems",params:{limit: 256},message:"must NOT have more than 256 items",schema:256,parentSchema:schema19,data:data46};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
const len2 = data46.length;
for(let i2=0; i2<len2; i2++){
let data47 = data46[i2];
if(typeof data47 === "string"){
if(func3(data47) > 253){
const err96 = {instancePath:instancePath+"/proxy/impersonate_groups/" + i2,schemaPath:"#/definitions/identityPatterns/items/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema19.items,data:data47};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
if(func3(data47) < 1){
const err97 = {instancePath:instancePath+"/proxy/impersonate_groups/" + i2,schemaPath:"#/definitions/identityPatterns/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema19.items,data:data47};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
if(!pattern12.test(data47)){
const err98 = {instancePath:instancePath+"/proxy/impersonate_groups/" + i2,schemaPath:"#/definitions/identityPatterns/items/pattern",keyword:"pattern",params:{pattern: "^[^*\\s,]+\\*?$"},message:"must match pattern \""+"^[^*\\s,]+\\*?$"+"\"",schema:"^[^*\\s,]+\\*?$",parentSchema:schema19.items,data:data47};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
else {
const err99 = {instancePath:instancePath+"/proxy/impersonate_groups/" + i2,schemaPath:"#/definitions/identityPatterns/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.items.type,parentSchema:schema19.items,data:data47};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
}
else {
const err100 = {instancePath:instancePath+"/proxy/impersonate_groups",schemaPath:"#/definitions/identityPatterns/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema19.type,parentSchema:schema19,data:data46};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data42.max_frame_bytes !== undefined){
let data48 = data42.max_frame_bytes;
if(!(((typeof data48 == "number") && (!(data48 % 1) && !isNaN(data48))) && (isFinite(data48)))){
const err101 = {instancePath:instancePath+"/proxy/max_frame_bytes",schemaPath:"#/properties/proxy/properties/max_frame_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.max_frame_bytes.type,parentSchema:schema11.properties.proxy.properties.max_frame_bytes,data:data48};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
if((typeof data48 == "number") && (isFinite(data48))){
if(data48 > 1073741824 || isNaN(data48)){
const err102 = {instancePath:instancePath+"/proxy/max_frame_bytes",schemaPath:"#/properties/proxy/properties/max_frame_bytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1073741824},message:"must be <= 1073741824",schema:1073741824,parentSchema:schema11.properties.proxy.properties.max_frame_bytes,data:data48};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
if(data48 < 1024 || isNaN(data48)){
const err103 = {instancePath:instancePath+"/proxy/max_frame_bytes",schemaPath:"#/properties/proxy/properties/max_frame_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.proxy.properties.max_frame_bytes,data:data48};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
}
if(data42.max_body_bytes !== undefined){
let data49 = data42.max_body_bytes;
if(!(((typeof data49 == "number") && (!(data49 % 1) && !isNaN(data49))) && (isFinite(data49)))){
const err104 = {instancePath:instancePath+"/proxy/max_body_bytes",schemaPath:"#/properties/proxy/properties/max_body_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.max_body_bytes.type,parentSchema:schema11.properties.proxy.properties.max_body_bytes,data:data49};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 > 1073741824 || isNaN(data49)){
const err105 = {instancePath:instancePath+"/proxy/max_body_bytes",schemaPath:"#/properties/proxy/properties/max_body_bytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1073741824},message:"must be <= 1073741824",schema:1073741824,parentSchema:schema11.properties.proxy.properties.max_body_bytes,data:data49};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
if(data49 < 0 || isNaN(data49)){
const err106 = {instancePath:instancePath+"/proxy/max_body_bytes",schemaPath:"#/properties/proxy/properties/max_body_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.proxy.properties.max_body_bytes,data:data49};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
if(data42.max_response_bytes !== undefined){
let data50 = data42.max_response_bytes;
if(!(((typeof data50 == "number") && (!(data50 % 1) && !isNaN(data50))) && (isFinite(data50)))){
const err107 = {instancePath:instancePath+"/proxy/max_response_bytes",schemaPath:"#/properties/proxy/properties/max_response_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.max_response_bytes.type,parentSchema:schema11.properties.proxy.properties.max_response_bytes,data:data50};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
if((typeof data50 == "number") && (isFinite(data50))){
if(data50 > 1073741824 || isNaN(data50)){
const err108 = {instancePath:instancePath+"/proxy/max_response_bytes",schemaPath:"#/properties/proxy/properties/max_response_bytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1073741824},message:"must be <= 1073741824",schema:1073741824,parentSchema:schema11.properties.proxy.properties.max_response_bytes,data:data50};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(data50 < 1024 || isNaN(data50)){
const err109 = {instancePath:instancePath+"/proxy/max_response_bytes",schemaPath:"#/properties/proxy/properties/max_response_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.proxy.properties.max_response_bytes,data:data50};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
}
if(data42.max_concurrent_requests !== undefined){
let data51 = data42.max_concurrent_requests;
if(!(((typeof data51 == "number") && (!(data51 % 1) && !isNaN(data51))) && (isFinite(data51)))){
const err110 = {instancePath:instancePath+"/proxy/max_concurrent_requests",schemaPath:"#/properties/proxy/properties/max_concurrent_requests/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.max_concurrent_requests.type,parentSchema:schema11.properties.proxy.properties.max_concurrent_requests,data:data51};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
if((typeof data51 == "number") && (isFinite(data51))){
if(data51 > 100000 || isNaN(data51)){
const err111 = {instancePath:instancePath+"/proxy/max_concurrent_requests",schemaPath:"#/properties/proxy/properties/max_concurrent_requests/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema11.properties.proxy.properties.max_concurrent_requests,data:data51};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
if(data51 < 1 || isNaN(data51)){
const err112 = {instancePath:instancePath+"/proxy/max_concurrent_requests",schemaPath:"#/properties/proxy/properties/max_concurrent_requests/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.proxy.properties.max_concurrent_requests,data:data51};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
}
if(data42.max_concurrent_streams !== undefined){
let data52 = data42.max_concurrent_streams;
if(!(((typeof data52 == "number") && (!(data52 % 1) && !isNaN(data52))) && (isFinite(data52)))){
const err113 = {instancePath:instancePath+"/proxy/max_concurrent_streams",schemaPath:"#/properties/proxy/properties/max_concurrent_streams/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.max_concurrent_streams.type,parentSchema:schema11.properties.proxy.properties.max_concurrent_streams,data:data52};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
if((typeof data52 == "number") && (isFinite(data52))){
if(data52 > 100000 || isNaN(data52)){
const err114 = {instancePath:instancePath+"/proxy/max_concurrent_streams",schemaPath:"#/properties/proxy/properties/max_concurrent_streams/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema11.properties.proxy.properties.max_concurrent_streams,data:data52};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
if(data52 < 1 || isNaN(data52)){
const err115 = {instancePath:instancePath+"/proxy/max_concurrent_streams",schemaPath:"#/properties/proxy/properties/max_concurrent_streams/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.proxy.properties.max_concurrent_streams,data:data52};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
}
if(data42.rate_limit !== undefined){
let data53 = data42.rate_limit;
if(data53 && typeof data53 == "object" && !Array.isArray(data53)){
for(const key10 in data53){
if(!((key10 === "requests_per_second") || (key10 === "burst"))){
const err116 = {instancePath:instancePath+"/proxy/rate_limit",schemaPath:"#/properties/proxy/properties/rate_limit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.proxy.properties.rate_limit,data:data53};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
if(data53.requests_per_second !== undefined){
let data54 = data53.requests_per_second;
if((typeof data54 == "number") && (isFinite(data54))){
if(data54 <= 0 || isNaN(data54)){
const err117 = {instancePath:instancePath+"/proxy/rate_limit/requests_per_second",schemaPath:"#/properties/proxy/properties/rate_limit/properties/requests_per_second/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.proxy.properties.rate_limit.properties.requests_per_second,data:data54};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
else {
const err118 = {instancePath:instancePath+"/proxy/rate_limit/requests_per_second",schemaPath:"#/properties/proxy/properties/rate_limit/properties/requests_per_second/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.proxy.properties.rate_limit.properties.requests_per_second.type,parentSchema:schema11.properties.proxy.properties.rate_limit.properties.requests_per_second,data:data54};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
if(data53.burst !== undefined){
let data55 = data53.burst;
if(!(((typeof data55 == "number") && (!(data55 % 1) && !isNaN(data55))) && (isFinite(data55)))){
const err119 = {instancePath:instancePath+"/proxy/rate_limit/burst",schemaPath:"#/properties/proxy/properties/rate_limit/properties/burst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.rate_limit.properties.burst.type,parentSchema:schema11.properties.proxy.properties.rate_limit.properties.burst,data:data55};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
if((typeof data55 == "number") && (isFinite(data55))){
if(data55 < 1 || isNaN(data55)){
const err120 = {instancePath:instancePath+"/proxy/rate_limit/burst",schemaPath:"#/properties/proxy/properties/rate_limit/properties/burst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.proxy.properties.rate_limit.properties.burst,data:data55};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
}
}
else {
const err121 = {instancePath:instancePath+"/proxy/rate_limit",schemaPath:"#/properties/proxy/properties/rate_limit/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.proxy.properties.rate_limit.type,parentSchema:schema11.properties.proxy.properties.rate_limit,data:data53};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
if(data42.request_timeout !== undefined){
let data56 = data42.request_timeout;
if((typeof data56 !== "string") && (!((typeof data56 == "number") && (isFinite(data56))))){
const err122 = {instancePath:instancePath+"/proxy/request_timeout",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data56};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if((typeof data56 == "number") && (isFinite(data56))){
if(data56 < 0 || isNaN(data56)){
const err123 = {instancePath:instancePath+"/proxy/request_timeout",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data56};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
if(typeof data56 === "string"){
if(!pattern1.test(data56)){
const err124 = {instancePath:instancePath+"/proxy/request_timeout",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data56};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
}
if(data42.stream_idle_timeout !== undefined){
let data57 = data42.stream_idle_timeout;
if((typeof data57 !== "string") && (!((typeof data57 == "number") && (isFinite(data57))))){
const err125 = {instancePath:instancePath+"/proxy/stream_idle_timeout",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data57};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
if((typeof data57 == "number") && (isFinite(data57))){
if(data57 < 0 || isNaN(data57)){
const err126 = {instancePath:instancePath+"/proxy/stream_idle_timeout",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data57};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(typeof data57 === "string"){
if(!pattern1.test(data57)){
const err127 = {instancePath:instancePath+"/proxy/stream_idle_timeout",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data57};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
}
if(data42.upgrade !== undefined){
let data58 = data42.upgrade;
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
for(const key11 in data58){
if(!((((key11 === "enabled") || (key11 === "exec")) || (key11 === "idle_timeout")) || (key11 === "window"))){
const err128 = {instancePath:instancePath+"/proxy/upgrade",schemaPath:"#/properties/proxy/properties/upgrade/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.proxy.properties.upgrade,data:data58};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
if(data58.enabled !== undefined){
let data59 = data58.enabled;
if(typeof data59 !== "boolean"){
const err129 = {instancePath:instancePath+"/proxy/upgrade/enabled",schemaPath:"#/properties/proxy/properties/upgrade/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.proxy.properties.upgrade.properties.enabled.type,parentSchema:schema11.properties.proxy.properties.upgrade.properties.enabled,data:data59};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
if(data58.exec !== undefined){
let data60 = data58.exec;
if(typeof data60 !== "boolean"){
const err130 = {instancePath:instancePath+"/proxy/upgrade/exec",schemaPath:"#/properties/proxy/properties/upgrade/properties/exec/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.proxy.properties.upgrade.properties.exec.type,parentSchema:schema11.properties.proxy.properties.upgrade.properties.exec,data:data60};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
if(data58.idle_timeout !== undefined){
let data61 = data58.idle_timeout;
if((typeof data61 !== "string") && (!((typeof data61 == "number") && (isFinite(data61))))){
const err131 = {instancePath:instancePath+"/proxy/upgrade/idle_timeout",schemaPath:"#/definitions/duration/type",keyword:"type",params:{type: schema12.type},message:"must be string,number",schema:schema12.type,parentSchema:schema12,data:data61};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
if((typeof data61 == "number") && (isFinite(data61))){
if(data61 < 0 || isNaN(data61)){
const err132 = {instancePath:instancePath+"/proxy/upgrade/idle_timeout",schemaPath:"#/definitions/duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema12,data:data61};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
if(typeof data61 === "string"){
if(!pattern1.test(data61)){
const err133 = {instancePath:instancePath+"/proxy/upgrade/idle_timeout",schemaPath:"#/definitions/duration/pattern",keyword:"pattern",params:{pattern: "^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"},message:"must match pattern \""+"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$"+"\"",schema:"^\\s*(([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(ms|s|m|h))+\\s*$|^\\s*([0-9]+(\\.[0-9]+)?|\\.[0-9]+)\\s*$",parentSchema:schema12,data:data61};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
if(data58.window !== undefined){
let data62 = data58.window;
if(!(((typeof data62 == "number") && (!(data62 % 1) && !isNaN(data62))) && (isFinite(data62)))){
const err134 = {instancePath:instancePath+"/proxy/upgrade/window",schemaPath:"#/properties/proxy/properties/upgrade/properties/window/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.proxy.properties.upgrade.properties.window.type,parentSchema:schema11.properties.proxy.properties.upgrade.properties.window,data:data62};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
if((typeof data62 == "number") && (isFinite(data62))){
if(data62 > 67108864 || isNaN(data62)){
const err135 = {instancePath:instancePath+"/proxy/upgrade/window",schemaPath:"#/properties/proxy/properties/upgrade/properties/window/maximum",keyword:"maximum",params:{comparison: "<=", limit: 67108864},message:"must be <= 67108864",schema:67108864,parentSchema:schema11.properties.proxy.properties.upgrade.properties.window,data:data62};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
if(data62 < 1024 || isNaN(data62)){
const err136 = {instancePath:instancePath+"/proxy/upgrade/window",schemaPath:"#/properties/proxy/properties/upgrade/properties/window/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.proxy.properties.upgrade.properties.window,data:data62};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
}
}
else {
const err137 = {instancePath:instancePath+"/proxy/upgrade",schemaPath:"#/properties/proxy/properties/upgrade/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.proxy.properties.upgrade.type,parentSchema:schema11.properties.proxy.properties.upgrade,data:data58};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
}
else {
const err138 = {instancePath:instancePath+"/proxy",schemaPath:"#/properties/proxy/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.proxy.type,parentSchema:schema11.properties.proxy,data:data42};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
if(data.audit !== undefined){
let data63 = data.audit;
if(data63 && typeof data63 == "object" && !Array.isArray(data63)){
for(const key12 in data63){
if(!(((((key12 === "enabled") || (key12 === "output")) || (key12 === "max_file_bytes")) || (key12 === "max_files")) || (key12 === "queue_size"))){
const err139 = {instancePath:instancePath+"/audit",schemaPath:"#/properties/audit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.audit,data:data63};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data63.enabled !== undefined){
let data64 = data63.enabled;
if(typeof data64 !== "boolean"){
const err140 = {instancePath:instancePath+"/audit/enabled",schemaPath:"#/properties/audit/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.audit.properties.enabled.type,parentSchema:schema11.properties.audit.properties.enabled,data:data64};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
if(data63.output !== undefined){
let data65 = data63.output;
if(typeof data65 === "string"){
if(func3(data65) < 1){
const err141 = {instancePath:instancePath+"/audit/output",schemaPath:"#/properties/audit/properties/output/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.audit.properties.output,data:data65};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
else {
const err142 = {instancePath:instancePath+"/audit/output",schemaPath:"#/properties/audit/properties/output/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.audit.properties.output.type,parentSchema:schema11.properties.audit.properties.output,data:data65};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
if(data63.max_file_bytes !== undefined){
let data66 = data63.max_file_bytes;
if(!(((typeof data66 == "number") && (!(data66 % 1) && !isNaN(data66))) && (isFinite(data66)))){
const err143 = {instancePath:instancePath+"/audit/max_file_bytes",schemaPath:"#/properties/audit/properties/max_file_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.audit.properties.max_file_bytes.type,parentSchema:schema11.properties.audit.properties.max_file_bytes,data:data66};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
if((typeof data66 == "number") && (isFinite(data66))){
if(data66 > 1099511627776 || isNaN(data66)){
const err144 = {instancePath:instancePath+"/audit/max_file_bytes",schemaPath:"#/properties/audit/properties/max_file_bytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1099511627776},message:"must be <= 1099511627776",schema:1099511627776,parentSchema:schema11.properties.audit.properties.max_file_bytes,data:data66};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
if(data66 < 4096 || isNaN(data66)){
const err145 = {instancePath:instancePath+"/audit/max_file_bytes",schemaPath:"#/properties/audit/properties/max_file_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 4096},message:"must be >= 4096",schema:4096,parentSchema:schema11.properties.audit.properties.max_file_bytes,data:data66};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
}
if(data63.max_files !== undefined){
let data67 = data63.max_files;
if(!(((typeof data67 == "number") && (!(data67 % 1) && !isNaN(data67))) && (isFinite(data67)))){
const err146 = {instancePath:instancePath+"/audit/max_files",schemaPath:"#/properties/audit/properties/max_files/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.audit.properties.max_files.type,parentSchema:schema11.properties.audit.properties.max_files,data:data67};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
if((typeof data67 == "number") && (isFinite(data67))){
if(data67 > 1000 || isNaN(data67)){
const err147 = {instancePath:instancePath+"/audit/max_files",schemaPath:"#/properties/audit/properties/max_files/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema11.properties.audit.properties.max_files,data:data67};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
if(data67 < 1 || isNaN(data67)){
const err148 = {instancePath:instancePath+"/audit/max_files",schemaPath:"#/properties/audit/properties/max_files/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.audit.properties.max_files,data:data67};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
}
if(data63.queue_size !== undefined){
let data68 = data63.queue_size;
if(!(((typeof data68 == "number") && (!(data68 % 1) && !isNaN(data68))) && (isFinite(data68)))){
const err149 = {instancePath:instancePath+"/audit/queue_size",schemaPath:"#/properties/audit/properties/queue_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.audit.properties.queue_size.type,parentSchema:schema11.properties.audit.properties.queue_size,data:data68};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
if((typeof data68 == "number") && (isFinite(data68))){
if(data68 > 1000000 || isNaN(data68)){
const err150 = {instancePath:instancePath+"/audit/queue_size",schemaPath:"#/properties/audit/properties/queue_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema11.properties.audit.properties.queue_size,data:data68};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
if(data68 < 1 || isNaN(data68)){
const err151 = {instancePath:instancePath+"/audit/queue_size",schemaPath:"#/properties/audit/properties/queue_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.audit.properties.queue_size,data:data68};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
}
}
else {
const err152 = {instancePath:instancePath+"/audit",schemaPath:"#/properties/audit/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.audit.type,parentSchema:schema11.properties.audit,data:data63};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
}
if(data.logging !== undefined){
let data69 = data.logging;
if(data69 && typeof data69 == "object" && !Array.isArray(data69)){
for(const key13 in data69){
if(!(((key13 === "level") || (key13 === "format")) || (key13 === "output"))){
const err153 = {instancePath:instancePath+"/logging",schemaPath:"#/properties/logging/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.logging,data:data69};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
if(data69.level !== undefined){
let data70 = data69.level;
if(typeof data70 !== "string"){
const err154 = {instancePath:instancePath+"/logging/level",schemaPath:"#/properties/logging/properties/level/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.logging.properties.level.type,parentSchema:schema11.properties.logging.properties.level,data:data70};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
if(!(((((((data70 === "trace") || (data70 === "debug")) || (data70 === "info")) || (data70 === "warn")) || (data70 === "error")) || (data70 === "fatal")) || (data70 === "silent"))){
const err155 = {instancePath:instancePath+"/logging/level",schemaPath:"#/properties/logging/properties/level/enum",keyword:"enum",params:{allowedValues: schema11.properties.logging.properties.level.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.logging.properties.level.enum,parentSchema:schema11.properties.logging.properties.level,data:data70};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
if(data69.format !== undefined){
let data71 = data69.format;
if(typeof data71 !== "string"){
const err156 = {instancePath:instancePath+"/logging/format",schemaPath:"#/properties/logging/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.logging.properties.format.type,parentSchema:schema11.properties.logging.properties.format,data:data71};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
if(!((data71 === "json") || (data71 === "text"))){
const err157 = {instancePath:instancePath+"/logging/format",schemaPath:"#/properties/logging/properties/format/enum",keyword:"enum",params:{allowedValues: schema11.properties.logging.properties.format.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.logging.properties.format.enum,parentSchema:schema11.properties.logging.properties.format,data:data71};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
if(data69.output !== undefined){
let data72 = data69.output;
if(typeof data72 === "string"){
if(func3(data72) < 1){
const err158 = {instancePath:instancePath+"/logging/output",schemaPath:"#/properties/logging/properties/output/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.logging.properties.output,data:data72};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
else {
const err159 = {instancePath:instancePath+"/logging/output",schemaPath:"#/properties/logging/properties/output/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.logging.properties.output.type,parentSchema:schema11.properties.logging.properties.output,data:data72};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
}
}
else {
const err160 = {instancePath:instancePath+"/logging",schemaPath:"#/properties/logging/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.logging.type,parentSchema:schema11.properties.logging,data:data69};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
}
else {
const err161 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

