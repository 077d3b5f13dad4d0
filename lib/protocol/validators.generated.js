// GENERATED FILE - do not edit. Produced by `npm run generate` from schemas/frame-request.schema.json, schemas/frame-response.schema.json, schemas/frame-request.v2.schema.json, schemas/frame-response.v2.schema.json, schemas/session-message.schema.json
// (scripts/generate-validators.ts); `npm run generate:check` fails when it is stale.
/* eslint-disable */
import { regExpEngine as patternEngine } from './patterns.ts';
import { ucs2length } from './ucs2length.ts';
import { isDateTime } from './date-time.ts';

export const validateRequest = validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.pipeops.io/agent/v1/frame-request.schema.json","title":"K8sProxyRequest","description":"A K8s proxy request frame (control plane or Runner → agent). A message without a `type` field.","type":"object","properties":{"id":{"description":"Request id chosen by the sender, echoed on every response frame. Unique among the sender's in-flight requests on one socket.","type":"string","minLength":1,"maxLength":256},"method":{"$ref":"#/$defs/ProxyMethod"},"path":{"description":"API-server path, e.g. /api/v1/namespaces/default/pods. Required unless method is CANCEL.","type":"string","minLength":1},"headers":{"description":"HTTP request headers, one string value per name.","type":"object","propertyNames":{"description":"An HTTP field name (RFC 9110 token); names that would pollute an object prototype are refused.","type":"string","pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$","not":{"enum":["__proto__","constructor","prototype"]}},"additionalProperties":{"description":"An HTTP field value: no CR, LF or NUL.","type":"string","pattern":"^[^\\r\\n\\u0000]*$"}},"body":{"description":"Request body, standard base64 with padding (RFC 4648 §4).","type":"string","contentEncoding":"base64","pattern":"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},"query":{"description":"Query parameters, each name with its list of values (Go url.Values).","type":"object","propertyNames":{"minLength":1,"not":{"enum":["__proto__","constructor","prototype"]}},"additionalProperties":{"type":"array","items":{"type":"string"}}},"stream":{"description":"Stream the response: a start frame, chunk frames, then a done frame.","type":"boolean"},"stream_id":{"description":"For a stream request, the stream id to use when free; for CANCEL, the stream to cancel.","type":"string","minLength":1,"maxLength":256}},"required":["id","method"],"additionalProperties":false,"if":{"properties":{"method":{"const":"CANCEL"}},"required":["method"]},"then":{"required":["stream_id"]},"else":{"required":["path"]},"$defs":{"ProxyMethod":{"title":"ProxyMethod","description":"HTTP method to use against the API server, or CANCEL to end an open stream.","type":"string","enum":["GET","POST","PUT","DELETE","PATCH","HEAD","CANCEL"]}}};
const schema32 = {"title":"ProxyMethod","description":"HTTP method to use against the API server, or CANCEL to end an open stream.","type":"string","enum":["GET","POST","PUT","DELETE","PATCH","HEAD","CANCEL"]};
const func0 = Object.prototype.hasOwnProperty;
const func71 = ucs2length;
const func1 = patternEngine;
const pattern4 = func1("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", "u");
const pattern5 = func1("^[^\\r\\n\\u0000]*$", "u");
const pattern6 = func1("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.pipeops.io/agent/v1/frame-request.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
let valid0 = true;
const _errs2 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.method === undefined) || (!(func0.call(data, "method")))) && (missing0 = "method")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.method !== undefined && func0.call(data, "method")){
if("CANCEL" !== data.method){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var _valid0 = _errs2 === errors;
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
let ifClause0;
if(_valid0){
const _errs4 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing1;
if(((data.stream_id === undefined) || (!(func0.call(data, "stream_id")))) && (missing1 = "stream_id")){
validate20.errors = [{instancePath,schemaPath:"#/then/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
}
var _valid0 = _errs4 === errors;
valid0 = _valid0;
ifClause0 = "then";
}
else {
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing2;
if(((data.path === undefined) || (!(func0.call(data, "path")))) && (missing2 = "path")){
validate20.errors = [{instancePath,schemaPath:"#/else/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
}
var _valid0 = _errs5 === errors;
valid0 = _valid0;
ifClause0 = "else";
}
if(!valid0){
const err2 = {instancePath,schemaPath:"#/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
validate20.errors = vErrors;
return false;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing3;
if((((data.id === undefined) || (!(func0.call(data, "id")))) && (missing3 = "id")) || (((data.method === undefined) || (!(func0.call(data, "method")))) && (missing3 = "method"))){
validate20.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing3},message:"must have required property '"+missing3+"'"}];
return false;
}
else {
const _errs6 = errors;
for(const key0 of Object.keys(data)){
if(!((((((((key0 === "id") || (key0 === "method")) || (key0 === "path")) || (key0 === "headers")) || (key0 === "body")) || (key0 === "query")) || (key0 === "stream")) || (key0 === "stream_id"))){
validate20.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs6 === errors){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs7 = errors;
if(errors === _errs7){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate20.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate20.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid2 = _errs7 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.method !== undefined && func0.call(data, "method")){
let data2 = data.method;
const _errs9 = errors;
if(typeof data2 !== "string"){
validate20.errors = [{instancePath:instancePath+"/method",schemaPath:"#/$defs/ProxyMethod/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
if(!(((((((data2 === "GET") || (data2 === "POST")) || (data2 === "PUT")) || (data2 === "DELETE")) || (data2 === "PATCH")) || (data2 === "HEAD")) || (data2 === "CANCEL"))){
validate20.errors = [{instancePath:instancePath+"/method",schemaPath:"#/$defs/ProxyMethod/enum",keyword:"enum",params:{allowedValues: schema32.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid2 = _errs9 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.path !== undefined && func0.call(data, "path")){
let data3 = data.path;
const _errs12 = errors;
if(errors === _errs12){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate20.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate20.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid2 = _errs12 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.headers !== undefined && func0.call(data, "headers")){
let data4 = data.headers;
const _errs14 = errors;
if(errors === _errs14){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key1 of Object.keys(data4)){
const _errs16 = errors;
const _errs18 = errors;
const _errs19 = errors;
if(!(((key1 === "__proto__") || (key1 === "constructor")) || (key1 === "prototype"))){
const err3 = {};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var valid5 = _errs19 === errors;
if(valid5){
const err4 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames/not",keyword:"not",params:{},message:"must NOT be valid",propertyName:key1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs18;
if(vErrors !== null){
if(_errs18){
vErrors.length = _errs18;
}
else {
vErrors = null;
}
}
}
if(errors === _errs16){
if(typeof key1 === "string"){
if(!pattern4.test(key1)){
const err5 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"},message:"must match pattern \""+"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"+"\"",propertyName:key1};
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
const err6 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames/type",keyword:"type",params:{type: "string"},message:"must be string",propertyName:key1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
var valid4 = _errs16 === errors;
if(!valid4){
const err7 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
validate20.errors = vErrors;
return false;
break;
}
}
if(valid4){
for(const key2 of Object.keys(data4)){
let data5 = data4[key2];
const _errs21 = errors;
if(errors === _errs21){
if(typeof data5 === "string"){
if(!pattern5.test(data5)){
validate20.errors = [{instancePath:instancePath+"/headers/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/pattern",keyword:"pattern",params:{pattern: "^[^\\r\\n\\u0000]*$"},message:"must match pattern \""+"^[^\\r\\n\\u0000]*$"+"\""}];
return false;
}
}
else {
validate20.errors = [{instancePath:instancePath+"/headers/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid6 = _errs21 === errors;
if(!valid6){
break;
}
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid2 = _errs14 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.body !== undefined && func0.call(data, "body")){
let data6 = data.body;
const _errs23 = errors;
if(errors === _errs23){
if(typeof data6 === "string"){
if(!pattern6.test(data6)){
validate20.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/pattern",keyword:"pattern",params:{pattern: "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},message:"must match pattern \""+"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"+"\""}];
return false;
}
}
else {
validate20.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid2 = _errs23 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.query !== undefined && func0.call(data, "query")){
let data7 = data.query;
const _errs25 = errors;
if(errors === _errs25){
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key3 of Object.keys(data7)){
const _errs27 = errors;
const _errs28 = errors;
const _errs29 = errors;
if(!(((key3 === "__proto__") || (key3 === "constructor")) || (key3 === "prototype"))){
const err8 = {};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var valid8 = _errs29 === errors;
if(valid8){
const err9 = {instancePath:instancePath+"/query",schemaPath:"#/properties/query/propertyNames/not",keyword:"not",params:{},message:"must NOT be valid",propertyName:key3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs28;
if(vErrors !== null){
if(_errs28){
vErrors.length = _errs28;
}
else {
vErrors = null;
}
}
}
if(errors === _errs27){
if(typeof key3 === "string"){
if(func71(key3) < 1){
const err10 = {instancePath:instancePath+"/query",schemaPath:"#/properties/query/propertyNames/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",propertyName:key3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
var valid7 = _errs27 === errors;
if(!valid7){
const err11 = {instancePath:instancePath+"/query",schemaPath:"#/properties/query/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
validate20.errors = vErrors;
return false;
break;
}
}
if(valid7){
for(const key4 of Object.keys(data7)){
let data8 = data7[key4];
const _errs31 = errors;
if(errors === _errs31){
if(Array.isArray(data8)){
var valid10 = true;
const len0 = data8.length;
for(let i0=0; i0<len0; i0++){
const _errs33 = errors;
if(typeof data8[i0] !== "string"){
validate20.errors = [{instancePath:instancePath+"/query/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i0,schemaPath:"#/properties/query/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid10 = _errs33 === errors;
if(!valid10){
break;
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/query/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/query/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid9 = _errs31 === errors;
if(!valid9){
break;
}
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/query",schemaPath:"#/properties/query/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid2 = _errs25 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.stream !== undefined && func0.call(data, "stream")){
const _errs35 = errors;
if(typeof data.stream !== "boolean"){
validate20.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/properties/stream/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid2 = _errs35 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data.stream_id !== undefined && func0.call(data, "stream_id")){
let data11 = data.stream_id;
const _errs37 = errors;
if(errors === _errs37){
if(typeof data11 === "string"){
if(func71(data11) > 256){
validate20.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data11) < 1){
validate20.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid2 = _errs37 === errors;
}
else {
var valid2 = true;
}
}
}
}
}
}
}
}
}
}
}
else {
validate20.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateResponse = validate21;
const schema33 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.pipeops.io/agent/v1/frame-response.schema.json","title":"K8sProxyResponse","description":"A K8s proxy response frame (agent → sender of the request, on the same socket). Plain: {id, status_code, headers, body?}. Stream start: {id, stream, stream_id, status_code, headers}. Chunk: {id, stream, stream_id, chunk, body}. End: {id, stream, stream_id, done, error?}; a stream request refused or answered non-2xx ends with one done frame carrying status_code (and headers, body or error).","type":"object","properties":{"id":{"description":"The request's id; the empty string when the request was too broken to have one.","type":"string","maxLength":256},"status_code":{"description":"HTTP status from the API server, or the agent's own (400, 403, 404, 409, 413, 429, 499, 502, 503, 504), which then comes with error_code.","type":"integer","minimum":100,"maximum":599},"headers":{"description":"HTTP response headers, one string value per name.","type":"object","additionalProperties":{"type":"string"}},"body":{"description":"Response body bytes, standard base64 with padding. For a watch chunk: exactly one watch event.","type":"string","contentEncoding":"base64","pattern":"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},"error":{"description":"Why the agent failed the request, or why a stream ended abnormally (\"cancelled\", upstream reset, timeout, shutdown): text for people; act on error_code.","type":"string"},"error_code":{"description":"The agent's stable code for the error (docs/errors.md), on every frame the agent fails a request or ends a stream abnormally with; absent on answers relayed from the API server. New codes may be added: treat an unknown one by its status_code, or as an abnormal end.","type":"string","pattern":"^[A-Z][A-Z0-9_]*$","maxLength":64},"stream":{"description":"Part of a stream.","type":"boolean"},"stream_id":{"description":"The stream this frame belongs to. Required on stream frames, except on the done frame of a stream request the agent refused or failed before the stream started (it carries error_code), which has none: such a frame is matched by id.","type":"string","minLength":1,"maxLength":256},"chunk":{"description":"Carries the next bytes of a stream in `body`.","type":"boolean"},"done":{"description":"The stream's terminal frame.","type":"boolean"}},"required":["id"],"additionalProperties":false,"dependentRequired":{"error_code":["error"]},"allOf":[{"if":{"properties":{"stream":{"const":true}},"required":["stream"],"not":{"properties":{"done":{"const":true}},"required":["done"]}},"then":{"required":["stream_id"]}},{"if":{"properties":{"chunk":{"const":true}},"required":["chunk"]},"then":{"properties":{"stream":{"const":true},"done":{"const":false}},"required":["stream","body"]}},{"if":{"properties":{"done":{"const":true}},"required":["done"]},"then":{"properties":{"stream":{"const":true}},"required":["stream"]}},{"if":{"anyOf":[{"properties":{"chunk":{"const":true}},"required":["chunk"]},{"properties":{"done":{"const":true}},"required":["done"]}]},"else":{"required":["status_code"]}}]};
const pattern8 = func1("^[A-Z][A-Z0-9_]*$", "u");

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.pipeops.io/agent/v1/frame-response.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate21.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
const _errs4 = errors;
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.done === undefined) || (!(func0.call(data, "done")))) && (missing0 = "done")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.done !== undefined && func0.call(data, "done")){
if(true !== data.done){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var valid2 = _errs5 === errors;
if(valid2){
const err2 = {};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
else {
errors = _errs4;
if(vErrors !== null){
if(_errs4){
vErrors.length = _errs4;
}
else {
vErrors = null;
}
}
}
if(errors === _errs3){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing1;
if(((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing1 = "stream")){
const err3 = {};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
if(true !== data.stream){
const err4 = {};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
}
}
var _valid0 = _errs3 === errors;
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
if(_valid0){
const _errs8 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing2;
if(((data.stream_id === undefined) || (!(func0.call(data, "stream_id")))) && (missing2 = "stream_id")){
validate21.errors = [{instancePath,schemaPath:"#/allOf/0/then/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
}
var _valid0 = _errs8 === errors;
valid1 = _valid0;
}
if(!valid1){
const err5 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
validate21.errors = vErrors;
return false;
}
var valid0 = _errs1 === errors;
if(valid0){
const _errs9 = errors;
const _errs10 = errors;
let valid5 = true;
const _errs11 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing3;
if(((data.chunk === undefined) || (!(func0.call(data, "chunk")))) && (missing3 = "chunk")){
const err6 = {};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
if(data.chunk !== undefined && func0.call(data, "chunk")){
if(true !== data.chunk){
const err7 = {};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
}
var _valid1 = _errs11 === errors;
errors = _errs10;
if(vErrors !== null){
if(_errs10){
vErrors.length = _errs10;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs13 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing4;
if((((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing4 = "stream")) || (((data.body === undefined) || (!(func0.call(data, "body")))) && (missing4 = "body"))){
validate21.errors = [{instancePath,schemaPath:"#/allOf/1/then/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"}];
return false;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
const _errs14 = errors;
if(true !== data.stream){
validate21.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/allOf/1/then/properties/stream/const",keyword:"const",params:{allowedValue: true},message:"must be equal to constant"}];
return false;
}
var valid7 = _errs14 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data.done !== undefined && func0.call(data, "done")){
const _errs15 = errors;
if(false !== data.done){
validate21.errors = [{instancePath:instancePath+"/done",schemaPath:"#/allOf/1/then/properties/done/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant"}];
return false;
}
var valid7 = _errs15 === errors;
}
else {
var valid7 = true;
}
}
}
}
var _valid1 = _errs13 === errors;
valid5 = _valid1;
if(valid5){
var props0 = {};
props0.stream = true;
props0.done = true;
props0.chunk = true;
}
}
if(!valid5){
const err8 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
validate21.errors = vErrors;
return false;
}
var valid0 = _errs9 === errors;
if(valid0){
if(props0 !== true){
props0 = props0 || {};
props0.stream = true;
}
const _errs16 = errors;
const _errs17 = errors;
let valid8 = true;
const _errs18 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing5;
if(((data.done === undefined) || (!(func0.call(data, "done")))) && (missing5 = "done")){
const err9 = {};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
if(data.done !== undefined && func0.call(data, "done")){
if(true !== data.done){
const err10 = {};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
}
var _valid2 = _errs18 === errors;
errors = _errs17;
if(vErrors !== null){
if(_errs17){
vErrors.length = _errs17;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs20 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing6;
if(((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing6 = "stream")){
validate21.errors = [{instancePath,schemaPath:"#/allOf/2/then/required",keyword:"required",params:{missingProperty: missing6},message:"must have required property '"+missing6+"'"}];
return false;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
if(true !== data.stream){
validate21.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/allOf/2/then/properties/stream/const",keyword:"const",params:{allowedValue: true},message:"must be equal to constant"}];
return false;
}
}
}
}
var _valid2 = _errs20 === errors;
valid8 = _valid2;
if(valid8){
var props1 = {};
props1.stream = true;
props1.done = true;
}
}
if(!valid8){
const err11 = {instancePath,schemaPath:"#/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
validate21.errors = vErrors;
return false;
}
var valid0 = _errs16 === errors;
if(valid0){
if(props0 !== true && props1 !== undefined){
if(props1 === true){
props0 = true;
}
else {
props0 = props0 || {};
Object.assign(props0, props1);
}
}
const _errs22 = errors;
const _errs23 = errors;
let valid11 = true;
const _errs24 = errors;
const _errs25 = errors;
let valid12 = false;
const _errs26 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing7;
if(((data.chunk === undefined) || (!(func0.call(data, "chunk")))) && (missing7 = "chunk")){
const err12 = {};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
if(data.chunk !== undefined && func0.call(data, "chunk")){
if(true !== data.chunk){
const err13 = {};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
}
var _valid4 = _errs26 === errors;
valid12 = valid12 || _valid4;
if(_valid4){
var props2 = {};
props2.chunk = true;
}
const _errs28 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing8;
if(((data.done === undefined) || (!(func0.call(data, "done")))) && (missing8 = "done")){
const err14 = {};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
else {
if(data.done !== undefined && func0.call(data, "done")){
if(true !== data.done){
const err15 = {};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
}
var _valid4 = _errs28 === errors;
valid12 = valid12 || _valid4;
if(_valid4){
if(props2 !== true){
props2 = props2 || {};
props2.done = true;
}
}
if(!valid12){
const err16 = {};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
else {
errors = _errs25;
if(vErrors !== null){
if(_errs25){
vErrors.length = _errs25;
}
else {
vErrors = null;
}
}
}
var _valid3 = _errs24 === errors;
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
if(!_valid3){
const _errs30 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing9;
if(((data.status_code === undefined) || (!(func0.call(data, "status_code")))) && (missing9 = "status_code")){
validate21.errors = [{instancePath,schemaPath:"#/allOf/3/else/required",keyword:"required",params:{missingProperty: missing9},message:"must have required property '"+missing9+"'"}];
return false;
}
}
var _valid3 = _errs30 === errors;
valid11 = _valid3;
}
if(!valid11){
const err17 = {instancePath,schemaPath:"#/allOf/3/if",keyword:"if",params:{failingKeyword: "else"},message:"must match \"else\" schema"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
validate21.errors = vErrors;
return false;
}
var valid0 = _errs22 === errors;
if(valid0){
if(props0 !== true && props2 !== undefined){
if(props2 === true){
props0 = true;
}
else {
props0 = props0 || {};
Object.assign(props0, props2);
}
}
}
}
}
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing10;
if(((data.id === undefined) || (!(func0.call(data, "id")))) && (missing10 = "id")){
validate21.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing10},message:"must have required property '"+missing10+"'"}];
return false;
}
else {
const _errs31 = errors;
for(const key0 of Object.keys(data)){
if(!(func0.call(schema33.properties, key0))){
validate21.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs31 === errors){
if(data.id !== undefined && func0.call(data, "id")){
let data9 = data.id;
const _errs32 = errors;
if(errors === _errs32){
if(typeof data9 === "string"){
if(func71(data9) > 256){
validate21.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
}
else {
validate21.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs32 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.status_code !== undefined && func0.call(data, "status_code")){
let data10 = data.status_code;
const _errs34 = errors;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
validate21.errors = [{instancePath:instancePath+"/status_code",schemaPath:"#/properties/status_code/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs34){
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 599 || isNaN(data10)){
validate21.errors = [{instancePath:instancePath+"/status_code",schemaPath:"#/properties/status_code/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599"}];
return false;
}
else {
if(data10 < 100 || isNaN(data10)){
validate21.errors = [{instancePath:instancePath+"/status_code",schemaPath:"#/properties/status_code/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100"}];
return false;
}
}
}
}
var valid15 = _errs34 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.headers !== undefined && func0.call(data, "headers")){
let data11 = data.headers;
const _errs36 = errors;
if(errors === _errs36){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key1 of Object.keys(data11)){
const _errs39 = errors;
if(typeof data11[key1] !== "string"){
validate21.errors = [{instancePath:instancePath+"/headers/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid16 = _errs39 === errors;
if(!valid16){
break;
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid15 = _errs36 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.body !== undefined && func0.call(data, "body")){
let data13 = data.body;
const _errs41 = errors;
if(errors === _errs41){
if(typeof data13 === "string"){
if(!pattern6.test(data13)){
validate21.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/pattern",keyword:"pattern",params:{pattern: "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},message:"must match pattern \""+"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"+"\""}];
return false;
}
}
else {
validate21.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs41 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.error !== undefined && func0.call(data, "error")){
const _errs43 = errors;
if(typeof data.error !== "string"){
validate21.errors = [{instancePath:instancePath+"/error",schemaPath:"#/properties/error/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid15 = _errs43 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.error_code !== undefined && func0.call(data, "error_code")){
let data15 = data.error_code;
const _errs45 = errors;
if(errors === _errs45){
if(typeof data15 === "string"){
if(func71(data15) > 64){
validate21.errors = [{instancePath:instancePath+"/error_code",schemaPath:"#/properties/error_code/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"}];
return false;
}
else {
if(!pattern8.test(data15)){
validate21.errors = [{instancePath:instancePath+"/error_code",schemaPath:"#/properties/error_code/pattern",keyword:"pattern",params:{pattern: "^[A-Z][A-Z0-9_]*$"},message:"must match pattern \""+"^[A-Z][A-Z0-9_]*$"+"\""}];
return false;
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/error_code",schemaPath:"#/properties/error_code/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs45 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.stream !== undefined && func0.call(data, "stream")){
const _errs47 = errors;
if(typeof data.stream !== "boolean"){
validate21.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/properties/stream/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid15 = _errs47 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.stream_id !== undefined && func0.call(data, "stream_id")){
let data17 = data.stream_id;
const _errs49 = errors;
if(errors === _errs49){
if(typeof data17 === "string"){
if(func71(data17) > 256){
validate21.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data17) < 1){
validate21.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs49 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.chunk !== undefined && func0.call(data, "chunk")){
const _errs51 = errors;
if(typeof data.chunk !== "boolean"){
validate21.errors = [{instancePath:instancePath+"/chunk",schemaPath:"#/properties/chunk/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid15 = _errs51 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.done !== undefined && func0.call(data, "done")){
const _errs53 = errors;
if(typeof data.done !== "boolean"){
validate21.errors = [{instancePath:instancePath+"/done",schemaPath:"#/properties/done/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid15 = _errs53 === errors;
}
else {
var valid15 = true;
}
if(valid15){
let missing11;
if(data.error_code !== undefined && func0.call(data, "error_code") && (((data.error === undefined) || (!(func0.call(data, "error")))) && (missing11 = "error"))){
validate21.errors = [{instancePath,schemaPath:"#/dependentRequired",keyword:"dependentRequired",params:{property: "error_code",
    missingProperty: missing11,
    depsCount: 1,
    deps: "error"},message:"must have property error when property error_code is present"}];
return false;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate21.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate21.errors = vErrors;
return errors === 0;
}
validate21.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateRequestV2 = validate22;
const schema34 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.pipeops.io/agent/v2/frame-request.schema.json","title":"K8sProxyRequest","description":"A K8s proxy request frame of protocol v2 (pipeops.agent.v2): the v1 frame plus upgraded streams (`upgrade`) and the `DATA` frames that carry bytes to an upgraded stream. In a binary message the JSON part has no `body`: the bytes after it are the body.","type":"object","properties":{"id":{"description":"Request id chosen by the sender, echoed on every response frame. Unique among the sender's in-flight requests on one socket.","type":"string","minLength":1,"maxLength":256},"method":{"$ref":"#/$defs/ProxyMethod"},"path":{"description":"API-server path, e.g. /api/v1/namespaces/default/pods. Required unless method is CANCEL.","type":"string","minLength":1},"headers":{"description":"HTTP request headers, one string value per name.","type":"object","propertyNames":{"description":"An HTTP field name (RFC 9110 token); names that would pollute an object prototype are refused.","type":"string","pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$","not":{"enum":["__proto__","constructor","prototype"]}},"additionalProperties":{"description":"An HTTP field value: no CR, LF or NUL.","type":"string","pattern":"^[^\\r\\n\\u0000]*$"}},"body":{"description":"Request body, standard base64 with padding (RFC 4648 §4); for DATA, the next bytes of the upgraded stream. Absent in the JSON part of a binary message.","type":"string","contentEncoding":"base64","pattern":"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},"query":{"description":"Query parameters, each name with its list of values (Go url.Values).","type":"object","propertyNames":{"minLength":1,"not":{"enum":["__proto__","constructor","prototype"]}},"additionalProperties":{"type":"array","items":{"type":"string"}}},"stream":{"description":"Stream the response: a start frame, chunk frames, then a done frame.","type":"boolean"},"upgrade":{"description":"Upgrade the connection (exec, attach, port-forward, WebSockets to pods and services): bytes flow both ways after a 101 start frame. Requires stream: true.","type":"boolean"},"stream_id":{"description":"For a stream request, the stream id to use when free; for CANCEL, the stream to cancel; for DATA, the upgraded stream the bytes belong to.","type":"string","minLength":1,"maxLength":256}},"required":["id","method"],"additionalProperties":false,"$defs":{"ProxyMethod":{"title":"ProxyMethod","description":"HTTP method to use against the API server, CANCEL to end an open stream, or DATA to send bytes to an upgraded stream.","type":"string","enum":["GET","POST","PUT","DELETE","PATCH","HEAD","CANCEL","DATA"]}},"allOf":[{"if":{"properties":{"method":{"enum":["CANCEL","DATA"]}},"required":["method"]},"then":{"required":["stream_id"]},"else":{"required":["path"]}},{"if":{"properties":{"upgrade":{"const":true}},"required":["upgrade"]},"then":{"properties":{"stream":{"const":true}},"required":["stream"]}}]};
const schema35 = {"title":"ProxyMethod","description":"HTTP method to use against the API server, CANCEL to end an open stream, or DATA to send bytes to an upgraded stream.","type":"string","enum":["GET","POST","PUT","DELETE","PATCH","HEAD","CANCEL","DATA"]};

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.pipeops.io/agent/v2/frame-request.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.method === undefined) || (!(func0.call(data, "method")))) && (missing0 = "method")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.method !== undefined && func0.call(data, "method")){
let data0 = data.method;
if(!((data0 === "CANCEL") || (data0 === "DATA"))){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var _valid0 = _errs3 === errors;
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
let ifClause0;
if(_valid0){
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing1;
if(((data.stream_id === undefined) || (!(func0.call(data, "stream_id")))) && (missing1 = "stream_id")){
validate22.errors = [{instancePath,schemaPath:"#/allOf/0/then/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
}
var _valid0 = _errs5 === errors;
valid1 = _valid0;
ifClause0 = "then";
}
else {
const _errs6 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing2;
if(((data.path === undefined) || (!(func0.call(data, "path")))) && (missing2 = "path")){
validate22.errors = [{instancePath,schemaPath:"#/allOf/0/else/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
}
var _valid0 = _errs6 === errors;
valid1 = _valid0;
ifClause0 = "else";
}
if(!valid1){
const err2 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
validate22.errors = vErrors;
return false;
}
var valid0 = _errs1 === errors;
if(valid0){
const _errs7 = errors;
const _errs8 = errors;
let valid3 = true;
const _errs9 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing3;
if(((data.upgrade === undefined) || (!(func0.call(data, "upgrade")))) && (missing3 = "upgrade")){
const err3 = {};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
else {
if(data.upgrade !== undefined && func0.call(data, "upgrade")){
if(true !== data.upgrade){
const err4 = {};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
}
var _valid1 = _errs9 === errors;
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs11 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing4;
if(((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing4 = "stream")){
validate22.errors = [{instancePath,schemaPath:"#/allOf/1/then/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"}];
return false;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
if(true !== data.stream){
validate22.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/allOf/1/then/properties/stream/const",keyword:"const",params:{allowedValue: true},message:"must be equal to constant"}];
return false;
}
}
}
}
var _valid1 = _errs11 === errors;
valid3 = _valid1;
if(valid3){
var props0 = {};
props0.stream = true;
props0.upgrade = true;
}
}
if(!valid3){
const err5 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
validate22.errors = vErrors;
return false;
}
var valid0 = _errs7 === errors;
if(valid0){
if(props0 !== true){
props0 = props0 || {};
props0.method = true;
}
}
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing5;
if((((data.id === undefined) || (!(func0.call(data, "id")))) && (missing5 = "id")) || (((data.method === undefined) || (!(func0.call(data, "method")))) && (missing5 = "method"))){
validate22.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing5},message:"must have required property '"+missing5+"'"}];
return false;
}
else {
const _errs13 = errors;
for(const key0 of Object.keys(data)){
if(!(func0.call(schema34.properties, key0))){
validate22.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs13 === errors){
if(data.id !== undefined && func0.call(data, "id")){
let data3 = data.id;
const _errs14 = errors;
if(errors === _errs14){
if(typeof data3 === "string"){
if(func71(data3) > 256){
validate22.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data3) < 1){
validate22.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate22.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid6 = _errs14 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.method !== undefined && func0.call(data, "method")){
let data4 = data.method;
const _errs16 = errors;
if(typeof data4 !== "string"){
validate22.errors = [{instancePath:instancePath+"/method",schemaPath:"#/$defs/ProxyMethod/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
if(!((((((((data4 === "GET") || (data4 === "POST")) || (data4 === "PUT")) || (data4 === "DELETE")) || (data4 === "PATCH")) || (data4 === "HEAD")) || (data4 === "CANCEL")) || (data4 === "DATA"))){
validate22.errors = [{instancePath:instancePath+"/method",schemaPath:"#/$defs/ProxyMethod/enum",keyword:"enum",params:{allowedValues: schema35.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid6 = _errs16 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.path !== undefined && func0.call(data, "path")){
let data5 = data.path;
const _errs19 = errors;
if(errors === _errs19){
if(typeof data5 === "string"){
if(func71(data5) < 1){
validate22.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate22.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid6 = _errs19 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.headers !== undefined && func0.call(data, "headers")){
let data6 = data.headers;
const _errs21 = errors;
if(errors === _errs21){
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key1 of Object.keys(data6)){
const _errs23 = errors;
const _errs25 = errors;
const _errs26 = errors;
if(!(((key1 === "__proto__") || (key1 === "constructor")) || (key1 === "prototype"))){
const err6 = {};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var valid9 = _errs26 === errors;
if(valid9){
const err7 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames/not",keyword:"not",params:{},message:"must NOT be valid",propertyName:key1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
else {
errors = _errs25;
if(vErrors !== null){
if(_errs25){
vErrors.length = _errs25;
}
else {
vErrors = null;
}
}
}
if(errors === _errs23){
if(typeof key1 === "string"){
if(!pattern4.test(key1)){
const err8 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"},message:"must match pattern \""+"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"+"\"",propertyName:key1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames/type",keyword:"type",params:{type: "string"},message:"must be string",propertyName:key1};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
var valid8 = _errs23 === errors;
if(!valid8){
const err10 = {instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
validate22.errors = vErrors;
return false;
break;
}
}
if(valid8){
for(const key2 of Object.keys(data6)){
let data7 = data6[key2];
const _errs28 = errors;
if(errors === _errs28){
if(typeof data7 === "string"){
if(!pattern5.test(data7)){
validate22.errors = [{instancePath:instancePath+"/headers/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/pattern",keyword:"pattern",params:{pattern: "^[^\\r\\n\\u0000]*$"},message:"must match pattern \""+"^[^\\r\\n\\u0000]*$"+"\""}];
return false;
}
}
else {
validate22.errors = [{instancePath:instancePath+"/headers/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid10 = _errs28 === errors;
if(!valid10){
break;
}
}
}
}
else {
validate22.errors = [{instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid6 = _errs21 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.body !== undefined && func0.call(data, "body")){
let data8 = data.body;
const _errs30 = errors;
if(errors === _errs30){
if(typeof data8 === "string"){
if(!pattern6.test(data8)){
validate22.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/pattern",keyword:"pattern",params:{pattern: "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},message:"must match pattern \""+"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"+"\""}];
return false;
}
}
else {
validate22.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid6 = _errs30 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.query !== undefined && func0.call(data, "query")){
let data9 = data.query;
const _errs32 = errors;
if(errors === _errs32){
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
for(const key3 of Object.keys(data9)){
const _errs34 = errors;
const _errs35 = errors;
const _errs36 = errors;
if(!(((key3 === "__proto__") || (key3 === "constructor")) || (key3 === "prototype"))){
const err11 = {};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var valid12 = _errs36 === errors;
if(valid12){
const err12 = {instancePath:instancePath+"/query",schemaPath:"#/properties/query/propertyNames/not",keyword:"not",params:{},message:"must NOT be valid",propertyName:key3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
errors = _errs35;
if(vErrors !== null){
if(_errs35){
vErrors.length = _errs35;
}
else {
vErrors = null;
}
}
}
if(errors === _errs34){
if(typeof key3 === "string"){
if(func71(key3) < 1){
const err13 = {instancePath:instancePath+"/query",schemaPath:"#/properties/query/propertyNames/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",propertyName:key3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
var valid11 = _errs34 === errors;
if(!valid11){
const err14 = {instancePath:instancePath+"/query",schemaPath:"#/properties/query/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
validate22.errors = vErrors;
return false;
break;
}
}
if(valid11){
for(const key4 of Object.keys(data9)){
let data10 = data9[key4];
const _errs38 = errors;
if(errors === _errs38){
if(Array.isArray(data10)){
var valid14 = true;
const len0 = data10.length;
for(let i0=0; i0<len0; i0++){
const _errs40 = errors;
if(typeof data10[i0] !== "string"){
validate22.errors = [{instancePath:instancePath+"/query/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i0,schemaPath:"#/properties/query/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid14 = _errs40 === errors;
if(!valid14){
break;
}
}
}
else {
validate22.errors = [{instancePath:instancePath+"/query/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/query/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid13 = _errs38 === errors;
if(!valid13){
break;
}
}
}
}
else {
validate22.errors = [{instancePath:instancePath+"/query",schemaPath:"#/properties/query/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid6 = _errs32 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.stream !== undefined && func0.call(data, "stream")){
const _errs42 = errors;
if(typeof data.stream !== "boolean"){
validate22.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/properties/stream/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid6 = _errs42 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.upgrade !== undefined && func0.call(data, "upgrade")){
const _errs44 = errors;
if(typeof data.upgrade !== "boolean"){
validate22.errors = [{instancePath:instancePath+"/upgrade",schemaPath:"#/properties/upgrade/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid6 = _errs44 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data.stream_id !== undefined && func0.call(data, "stream_id")){
let data14 = data.stream_id;
const _errs46 = errors;
if(errors === _errs46){
if(typeof data14 === "string"){
if(func71(data14) > 256){
validate22.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data14) < 1){
validate22.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate22.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid6 = _errs46 === errors;
}
else {
var valid6 = true;
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate22.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateResponseV2 = validate23;
const schema36 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://schemas.pipeops.io/agent/v2/frame-response.schema.json","title":"K8sProxyResponse","description":"A K8s proxy response frame (agent → sender of the request, on the same socket). Plain: {id, status_code, headers, body?}. Stream start: {id, stream, stream_id, status_code, headers}. Chunk: {id, stream, stream_id, chunk, body}. End: {id, stream, stream_id, done, error?}; a stream request refused or answered non-2xx ends with one done frame carrying status_code (and headers, body or error). Protocol v2 adds, for upgraded streams, a 101 start frame carrying `window` and window frames {id, stream, stream_id, window} granting the peer more DATA bytes. In a binary message the JSON part has no `body`: the bytes after it are the body.","type":"object","properties":{"id":{"description":"The request's id; the empty string when the request was too broken to have one.","type":"string","maxLength":256},"status_code":{"description":"HTTP status from the API server (101 on an upgraded stream's start frame), or the agent's own (400, 403, 404, 409, 413, 429, 499, 502, 503, 504), which then comes with error_code.","type":"integer","minimum":100,"maximum":599},"headers":{"description":"HTTP response headers, one string value per name.","type":"object","additionalProperties":{"type":"string"}},"body":{"description":"Response body bytes, standard base64 with padding. For a watch chunk: exactly one watch event.","type":"string","contentEncoding":"base64","pattern":"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},"error":{"description":"Why the agent failed the request, or why a stream ended abnormally (\"cancelled\", upstream reset, timeout, shutdown): text for people; act on error_code.","type":"string"},"error_code":{"description":"The agent's stable code for the error (docs/errors.md), on every frame the agent fails a request or ends a stream abnormally with; absent on answers relayed from the API server. New codes may be added: treat an unknown one by its status_code, or as an abnormal end.","type":"string","pattern":"^[A-Z][A-Z0-9_]*$","maxLength":64},"stream":{"description":"Part of a stream.","type":"boolean"},"stream_id":{"description":"The stream this frame belongs to. Required on stream frames, except on the done frame of a stream request the agent refused or failed before the stream started (it carries error_code), which has none: such a frame is matched by id.","type":"string","minLength":1,"maxLength":256},"chunk":{"description":"Carries the next bytes of a stream in `body`.","type":"boolean"},"done":{"description":"The stream's terminal frame.","type":"boolean"},"window":{"description":"Upgraded streams: on the 101 start frame, how many DATA body bytes the peer may send before they are acknowledged; on a window frame, how many more bytes it may send.","type":"integer","minimum":0,"maximum":1073741824}},"required":["id"],"additionalProperties":false,"dependentRequired":{"error_code":["error"]},"allOf":[{"if":{"properties":{"stream":{"const":true}},"required":["stream"],"not":{"properties":{"done":{"const":true}},"required":["done"]}},"then":{"required":["stream_id"]}},{"if":{"properties":{"chunk":{"const":true}},"required":["chunk"]},"then":{"properties":{"stream":{"const":true},"done":{"const":false}},"required":["stream","body"]}},{"if":{"properties":{"done":{"const":true}},"required":["done"]},"then":{"properties":{"stream":{"const":true}},"required":["stream"]}},{"if":{"anyOf":[{"properties":{"chunk":{"const":true}},"required":["chunk"]},{"properties":{"done":{"const":true}},"required":["done"]},{"required":["window"]}]},"else":{"required":["status_code"]}}]};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://schemas.pipeops.io/agent/v2/frame-response.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate23.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
const _errs2 = errors;
let valid1 = true;
const _errs3 = errors;
const _errs4 = errors;
const _errs5 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.done === undefined) || (!(func0.call(data, "done")))) && (missing0 = "done")){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
else {
if(data.done !== undefined && func0.call(data, "done")){
if(true !== data.done){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
}
}
var valid2 = _errs5 === errors;
if(valid2){
const err2 = {};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
else {
errors = _errs4;
if(vErrors !== null){
if(_errs4){
vErrors.length = _errs4;
}
else {
vErrors = null;
}
}
}
if(errors === _errs3){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing1;
if(((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing1 = "stream")){
const err3 = {};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
if(true !== data.stream){
const err4 = {};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
}
}
var _valid0 = _errs3 === errors;
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
if(_valid0){
const _errs8 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing2;
if(((data.stream_id === undefined) || (!(func0.call(data, "stream_id")))) && (missing2 = "stream_id")){
validate23.errors = [{instancePath,schemaPath:"#/allOf/0/then/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
}
var _valid0 = _errs8 === errors;
valid1 = _valid0;
}
if(!valid1){
const err5 = {instancePath,schemaPath:"#/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
validate23.errors = vErrors;
return false;
}
var valid0 = _errs1 === errors;
if(valid0){
const _errs9 = errors;
const _errs10 = errors;
let valid5 = true;
const _errs11 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing3;
if(((data.chunk === undefined) || (!(func0.call(data, "chunk")))) && (missing3 = "chunk")){
const err6 = {};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
if(data.chunk !== undefined && func0.call(data, "chunk")){
if(true !== data.chunk){
const err7 = {};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
}
var _valid1 = _errs11 === errors;
errors = _errs10;
if(vErrors !== null){
if(_errs10){
vErrors.length = _errs10;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs13 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing4;
if((((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing4 = "stream")) || (((data.body === undefined) || (!(func0.call(data, "body")))) && (missing4 = "body"))){
validate23.errors = [{instancePath,schemaPath:"#/allOf/1/then/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"}];
return false;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
const _errs14 = errors;
if(true !== data.stream){
validate23.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/allOf/1/then/properties/stream/const",keyword:"const",params:{allowedValue: true},message:"must be equal to constant"}];
return false;
}
var valid7 = _errs14 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data.done !== undefined && func0.call(data, "done")){
const _errs15 = errors;
if(false !== data.done){
validate23.errors = [{instancePath:instancePath+"/done",schemaPath:"#/allOf/1/then/properties/done/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant"}];
return false;
}
var valid7 = _errs15 === errors;
}
else {
var valid7 = true;
}
}
}
}
var _valid1 = _errs13 === errors;
valid5 = _valid1;
if(valid5){
var props0 = {};
props0.stream = true;
props0.done = true;
props0.chunk = true;
}
}
if(!valid5){
const err8 = {instancePath,schemaPath:"#/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
validate23.errors = vErrors;
return false;
}
var valid0 = _errs9 === errors;
if(valid0){
if(props0 !== true){
props0 = props0 || {};
props0.stream = true;
}
const _errs16 = errors;
const _errs17 = errors;
let valid8 = true;
const _errs18 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing5;
if(((data.done === undefined) || (!(func0.call(data, "done")))) && (missing5 = "done")){
const err9 = {};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
if(data.done !== undefined && func0.call(data, "done")){
if(true !== data.done){
const err10 = {};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
}
var _valid2 = _errs18 === errors;
errors = _errs17;
if(vErrors !== null){
if(_errs17){
vErrors.length = _errs17;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs20 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing6;
if(((data.stream === undefined) || (!(func0.call(data, "stream")))) && (missing6 = "stream")){
validate23.errors = [{instancePath,schemaPath:"#/allOf/2/then/required",keyword:"required",params:{missingProperty: missing6},message:"must have required property '"+missing6+"'"}];
return false;
}
else {
if(data.stream !== undefined && func0.call(data, "stream")){
if(true !== data.stream){
validate23.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/allOf/2/then/properties/stream/const",keyword:"const",params:{allowedValue: true},message:"must be equal to constant"}];
return false;
}
}
}
}
var _valid2 = _errs20 === errors;
valid8 = _valid2;
if(valid8){
var props1 = {};
props1.stream = true;
props1.done = true;
}
}
if(!valid8){
const err11 = {instancePath,schemaPath:"#/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
validate23.errors = vErrors;
return false;
}
var valid0 = _errs16 === errors;
if(valid0){
if(props0 !== true && props1 !== undefined){
if(props1 === true){
props0 = true;
}
else {
props0 = props0 || {};
Object.assign(props0, props1);
}
}
const _errs22 = errors;
const _errs23 = errors;
let valid11 = true;
const _errs24 = errors;
const _errs25 = errors;
let valid12 = false;
const _errs26 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing7;
if(((data.chunk === undefined) || (!(func0.call(data, "chunk")))) && (missing7 = "chunk")){
const err12 = {};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
else {
if(data.chunk !== undefined && func0.call(data, "chunk")){
if(true !== data.chunk){
const err13 = {};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
}
var _valid4 = _errs26 === errors;
valid12 = valid12 || _valid4;
if(_valid4){
var props2 = {};
props2.chunk = true;
}
const _errs28 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing8;
if(((data.done === undefined) || (!(func0.call(data, "done")))) && (missing8 = "done")){
const err14 = {};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
else {
if(data.done !== undefined && func0.call(data, "done")){
if(true !== data.done){
const err15 = {};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
}
var _valid4 = _errs28 === errors;
valid12 = valid12 || _valid4;
if(_valid4){
if(props2 !== true){
props2 = props2 || {};
props2.done = true;
}
}
const _errs30 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing9;
if(((data.window === undefined) || (!(func0.call(data, "window")))) && (missing9 = "window")){
const err16 = {};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var _valid4 = _errs30 === errors;
valid12 = valid12 || _valid4;
if(!valid12){
const err17 = {};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
else {
errors = _errs25;
if(vErrors !== null){
if(_errs25){
vErrors.length = _errs25;
}
else {
vErrors = null;
}
}
}
var _valid3 = _errs24 === errors;
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
if(!_valid3){
const _errs31 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
let missing10;
if(((data.status_code === undefined) || (!(func0.call(data, "status_code")))) && (missing10 = "status_code")){
validate23.errors = [{instancePath,schemaPath:"#/allOf/3/else/required",keyword:"required",params:{missingProperty: missing10},message:"must have required property '"+missing10+"'"}];
return false;
}
}
var _valid3 = _errs31 === errors;
valid11 = _valid3;
}
if(!valid11){
const err18 = {instancePath,schemaPath:"#/allOf/3/if",keyword:"if",params:{failingKeyword: "else"},message:"must match \"else\" schema"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
validate23.errors = vErrors;
return false;
}
var valid0 = _errs22 === errors;
if(valid0){
if(props0 !== true && props2 !== undefined){
if(props2 === true){
props0 = true;
}
else {
props0 = props0 || {};
Object.assign(props0, props2);
}
}
}
}
}
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing11;
if(((data.id === undefined) || (!(func0.call(data, "id")))) && (missing11 = "id")){
validate23.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing11},message:"must have required property '"+missing11+"'"}];
return false;
}
else {
const _errs32 = errors;
for(const key0 of Object.keys(data)){
if(!(func0.call(schema36.properties, key0))){
validate23.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs32 === errors){
if(data.id !== undefined && func0.call(data, "id")){
let data9 = data.id;
const _errs33 = errors;
if(errors === _errs33){
if(typeof data9 === "string"){
if(func71(data9) > 256){
validate23.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
}
else {
validate23.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs33 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.status_code !== undefined && func0.call(data, "status_code")){
let data10 = data.status_code;
const _errs35 = errors;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
validate23.errors = [{instancePath:instancePath+"/status_code",schemaPath:"#/properties/status_code/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs35){
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 599 || isNaN(data10)){
validate23.errors = [{instancePath:instancePath+"/status_code",schemaPath:"#/properties/status_code/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599"}];
return false;
}
else {
if(data10 < 100 || isNaN(data10)){
validate23.errors = [{instancePath:instancePath+"/status_code",schemaPath:"#/properties/status_code/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100"}];
return false;
}
}
}
}
var valid15 = _errs35 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.headers !== undefined && func0.call(data, "headers")){
let data11 = data.headers;
const _errs37 = errors;
if(errors === _errs37){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key1 of Object.keys(data11)){
const _errs40 = errors;
if(typeof data11[key1] !== "string"){
validate23.errors = [{instancePath:instancePath+"/headers/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid16 = _errs40 === errors;
if(!valid16){
break;
}
}
}
else {
validate23.errors = [{instancePath:instancePath+"/headers",schemaPath:"#/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid15 = _errs37 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.body !== undefined && func0.call(data, "body")){
let data13 = data.body;
const _errs42 = errors;
if(errors === _errs42){
if(typeof data13 === "string"){
if(!pattern6.test(data13)){
validate23.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/pattern",keyword:"pattern",params:{pattern: "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},message:"must match pattern \""+"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"+"\""}];
return false;
}
}
else {
validate23.errors = [{instancePath:instancePath+"/body",schemaPath:"#/properties/body/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs42 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.error !== undefined && func0.call(data, "error")){
const _errs44 = errors;
if(typeof data.error !== "string"){
validate23.errors = [{instancePath:instancePath+"/error",schemaPath:"#/properties/error/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid15 = _errs44 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.error_code !== undefined && func0.call(data, "error_code")){
let data15 = data.error_code;
const _errs46 = errors;
if(errors === _errs46){
if(typeof data15 === "string"){
if(func71(data15) > 64){
validate23.errors = [{instancePath:instancePath+"/error_code",schemaPath:"#/properties/error_code/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters"}];
return false;
}
else {
if(!pattern8.test(data15)){
validate23.errors = [{instancePath:instancePath+"/error_code",schemaPath:"#/properties/error_code/pattern",keyword:"pattern",params:{pattern: "^[A-Z][A-Z0-9_]*$"},message:"must match pattern \""+"^[A-Z][A-Z0-9_]*$"+"\""}];
return false;
}
}
}
else {
validate23.errors = [{instancePath:instancePath+"/error_code",schemaPath:"#/properties/error_code/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs46 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.stream !== undefined && func0.call(data, "stream")){
const _errs48 = errors;
if(typeof data.stream !== "boolean"){
validate23.errors = [{instancePath:instancePath+"/stream",schemaPath:"#/properties/stream/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid15 = _errs48 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.stream_id !== undefined && func0.call(data, "stream_id")){
let data17 = data.stream_id;
const _errs50 = errors;
if(errors === _errs50){
if(typeof data17 === "string"){
if(func71(data17) > 256){
validate23.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data17) < 1){
validate23.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate23.errors = [{instancePath:instancePath+"/stream_id",schemaPath:"#/properties/stream_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid15 = _errs50 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.chunk !== undefined && func0.call(data, "chunk")){
const _errs52 = errors;
if(typeof data.chunk !== "boolean"){
validate23.errors = [{instancePath:instancePath+"/chunk",schemaPath:"#/properties/chunk/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid15 = _errs52 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.done !== undefined && func0.call(data, "done")){
const _errs54 = errors;
if(typeof data.done !== "boolean"){
validate23.errors = [{instancePath:instancePath+"/done",schemaPath:"#/properties/done/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid15 = _errs54 === errors;
}
else {
var valid15 = true;
}
if(valid15){
if(data.window !== undefined && func0.call(data, "window")){
let data20 = data.window;
const _errs56 = errors;
if(!(((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20))) && (isFinite(data20)))){
validate23.errors = [{instancePath:instancePath+"/window",schemaPath:"#/properties/window/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs56){
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 > 1073741824 || isNaN(data20)){
validate23.errors = [{instancePath:instancePath+"/window",schemaPath:"#/properties/window/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1073741824},message:"must be <= 1073741824"}];
return false;
}
else {
if(data20 < 0 || isNaN(data20)){
validate23.errors = [{instancePath:instancePath+"/window",schemaPath:"#/properties/window/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
}
var valid15 = _errs56 === errors;
}
else {
var valid15 = true;
}
if(valid15){
let missing12;
if(data.error_code !== undefined && func0.call(data, "error_code") && (((data.error === undefined) || (!(func0.call(data, "error")))) && (missing12 = "error"))){
validate23.errors = [{instancePath,schemaPath:"#/dependentRequired",keyword:"dependentRequired",params:{property: "error_code",
    missingProperty: missing12,
    depsCount: 1,
    deps: "error"},message:"must have property error when property error_code is present"}];
return false;
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate23.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate23.errors = vErrors;
return errors === 0;
}
validate23.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateRegisterMessage = validate29;
const schema38 = {"title":"RegisterMessage","description":"agent → control plane, first message after every connect.","type":"object","properties":{"type":{"const":"register"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","properties":{"agent_id":{"type":"string","minLength":1},"agent_name":{"type":"string"},"cluster_name":{"type":"string"},"labels":{"type":"object","propertyNames":{"not":{"enum":["__proto__","constructor","prototype"]}},"additionalProperties":{"type":"string"}},"agent_version":{"type":"string"},"kubernetes_version":{"type":"string"},"hostname":{"type":"string"},"capabilities":{"description":"What this agent can do, e.g. \"k8s-proxy\", \"watch\", \"stream\".","type":"array","items":{"type":"string","minLength":1}},"cluster_id":{"type":"string","minLength":1,"description":"Sent once known, so a restarted agent keeps its cluster."},"instance_id":{"type":"string","minLength":1,"maxLength":253,"description":"This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id."}},"required":["agent_id","agent_name","cluster_name","labels","agent_version","kubernetes_version","hostname","capabilities"],"additionalProperties":false}},"required":["type","id","payload"],"additionalProperties":false};

function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate29.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.id === undefined) || (!(func0.call(data, "id")))) && (missing0 = "id"))) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate29.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 of Object.keys(data)){
if(!(((key0 === "type") || (key0 === "id")) || (key0 === "payload"))){
validate29.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.type !== undefined && func0.call(data, "type")){
const _errs2 = errors;
if("register" !== data.type){
validate29.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "register"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs3 = errors;
if(errors === _errs3){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate29.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate29.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs5 = errors;
if(errors === _errs5){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if((((((((((data2.agent_id === undefined) || (!(func0.call(data2, "agent_id")))) && (missing1 = "agent_id")) || (((data2.agent_name === undefined) || (!(func0.call(data2, "agent_name")))) && (missing1 = "agent_name"))) || (((data2.cluster_name === undefined) || (!(func0.call(data2, "cluster_name")))) && (missing1 = "cluster_name"))) || (((data2.labels === undefined) || (!(func0.call(data2, "labels")))) && (missing1 = "labels"))) || (((data2.agent_version === undefined) || (!(func0.call(data2, "agent_version")))) && (missing1 = "agent_version"))) || (((data2.kubernetes_version === undefined) || (!(func0.call(data2, "kubernetes_version")))) && (missing1 = "kubernetes_version"))) || (((data2.hostname === undefined) || (!(func0.call(data2, "hostname")))) && (missing1 = "hostname"))) || (((data2.capabilities === undefined) || (!(func0.call(data2, "capabilities")))) && (missing1 = "capabilities"))){
validate29.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs7 = errors;
for(const key1 of Object.keys(data2)){
if(!(func0.call(schema38.properties.payload.properties, key1))){
validate29.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs7 === errors){
if(data2.agent_id !== undefined && func0.call(data2, "agent_id")){
let data3 = data2.agent_id;
const _errs8 = errors;
if(errors === _errs8){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate29.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.agent_name !== undefined && func0.call(data2, "agent_name")){
const _errs10 = errors;
if(typeof data2.agent_name !== "string"){
validate29.errors = [{instancePath:instancePath+"/payload/agent_name",schemaPath:"#/properties/payload/properties/agent_name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster_name !== undefined && func0.call(data2, "cluster_name")){
const _errs12 = errors;
if(typeof data2.cluster_name !== "string"){
validate29.errors = [{instancePath:instancePath+"/payload/cluster_name",schemaPath:"#/properties/payload/properties/cluster_name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs12 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.labels !== undefined && func0.call(data2, "labels")){
let data6 = data2.labels;
const _errs14 = errors;
if(errors === _errs14){
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key2 of Object.keys(data6)){
const _errs16 = errors;
const _errs17 = errors;
const _errs18 = errors;
if(!(((key2 === "__proto__") || (key2 === "constructor")) || (key2 === "prototype"))){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
var valid3 = _errs18 === errors;
if(valid3){
const err1 = {instancePath:instancePath+"/payload/labels",schemaPath:"#/properties/payload/properties/labels/propertyNames/not",keyword:"not",params:{},message:"must NOT be valid",propertyName:key2};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
else {
errors = _errs17;
if(vErrors !== null){
if(_errs17){
vErrors.length = _errs17;
}
else {
vErrors = null;
}
}
}
var valid2 = _errs16 === errors;
if(!valid2){
const err2 = {instancePath:instancePath+"/payload/labels",schemaPath:"#/properties/payload/properties/labels/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
validate29.errors = vErrors;
return false;
break;
}
}
if(valid2){
for(const key3 of Object.keys(data6)){
const _errs20 = errors;
if(typeof data6[key3] !== "string"){
validate29.errors = [{instancePath:instancePath+"/payload/labels/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/payload/properties/labels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs20 === errors;
if(!valid4){
break;
}
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload/labels",schemaPath:"#/properties/payload/properties/labels/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid1 = _errs14 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.agent_version !== undefined && func0.call(data2, "agent_version")){
const _errs22 = errors;
if(typeof data2.agent_version !== "string"){
validate29.errors = [{instancePath:instancePath+"/payload/agent_version",schemaPath:"#/properties/payload/properties/agent_version/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs22 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.kubernetes_version !== undefined && func0.call(data2, "kubernetes_version")){
const _errs24 = errors;
if(typeof data2.kubernetes_version !== "string"){
validate29.errors = [{instancePath:instancePath+"/payload/kubernetes_version",schemaPath:"#/properties/payload/properties/kubernetes_version/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs24 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.hostname !== undefined && func0.call(data2, "hostname")){
const _errs26 = errors;
if(typeof data2.hostname !== "string"){
validate29.errors = [{instancePath:instancePath+"/payload/hostname",schemaPath:"#/properties/payload/properties/hostname/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs26 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.capabilities !== undefined && func0.call(data2, "capabilities")){
let data11 = data2.capabilities;
const _errs28 = errors;
if(errors === _errs28){
if(Array.isArray(data11)){
var valid5 = true;
const len0 = data11.length;
for(let i0=0; i0<len0; i0++){
let data12 = data11[i0];
const _errs30 = errors;
if(errors === _errs30){
if(typeof data12 === "string"){
if(func71(data12) < 1){
validate29.errors = [{instancePath:instancePath+"/payload/capabilities/" + i0,schemaPath:"#/properties/payload/properties/capabilities/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload/capabilities/" + i0,schemaPath:"#/properties/payload/properties/capabilities/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid5 = _errs30 === errors;
if(!valid5){
break;
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload/capabilities",schemaPath:"#/properties/payload/properties/capabilities/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid1 = _errs28 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster_id !== undefined && func0.call(data2, "cluster_id")){
let data13 = data2.cluster_id;
const _errs32 = errors;
if(errors === _errs32){
if(typeof data13 === "string"){
if(func71(data13) < 1){
validate29.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs32 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.instance_id !== undefined && func0.call(data2, "instance_id")){
let data14 = data2.instance_id;
const _errs34 = errors;
if(errors === _errs34){
if(typeof data14 === "string"){
if(func71(data14) > 253){
validate29.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"}];
return false;
}
else {
if(func71(data14) < 1){
validate29.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs34 === errors;
}
else {
var valid1 = true;
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate29.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
else {
validate29.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate29.errors = vErrors;
return errors === 0;
}
validate29.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateRegisteredMessage = validate30;
const schema39 = {"title":"RegisteredMessage","description":"control plane → agent, the answer to register.","type":"object","properties":{"type":{"const":"registered"},"id":{"type":"string","minLength":1,"maxLength":256,"description":"The register message's id."},"payload":{"type":"object","properties":{"cluster_id":{"type":"string","minLength":1},"heartbeat_interval_seconds":{"description":"Overrides agent.poll_interval for heartbeats.","type":"number","exclusiveMinimum":0},"runners":{"type":"array","items":{"$ref":"#/$defs/RunnerAssignment"}}},"required":["cluster_id"]}},"required":["type","id","payload"]};
const schema40 = {"title":"RunnerAssignment","description":"A Runner the agent dials: its WebSocket URL and the token it presents there.","type":"object","properties":{"url":{"type":"string","pattern":"^wss?://[^\\s]+$"},"token":{"type":"string","minLength":1},"name":{"type":"string"}},"required":["url","token"]};
const pattern14 = func1("^wss?://[^\\s]+$", "u");

function validate30(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate30.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.id === undefined) || (!(func0.call(data, "id")))) && (missing0 = "id"))) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate30.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
if(data.type !== undefined && func0.call(data, "type")){
const _errs1 = errors;
if("registered" !== data.type){
validate30.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "registered"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs1 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs2 = errors;
if(errors === _errs2){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate30.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate30.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs4 = errors;
if(errors === _errs4){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if(((data2.cluster_id === undefined) || (!(func0.call(data2, "cluster_id")))) && (missing1 = "cluster_id")){
validate30.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
if(data2.cluster_id !== undefined && func0.call(data2, "cluster_id")){
let data3 = data2.cluster_id;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate30.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs6 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.heartbeat_interval_seconds !== undefined && func0.call(data2, "heartbeat_interval_seconds")){
let data4 = data2.heartbeat_interval_seconds;
const _errs8 = errors;
if(errors === _errs8){
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 <= 0 || isNaN(data4)){
validate30.errors = [{instancePath:instancePath+"/payload/heartbeat_interval_seconds",schemaPath:"#/properties/payload/properties/heartbeat_interval_seconds/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"}];
return false;
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload/heartbeat_interval_seconds",schemaPath:"#/properties/payload/properties/heartbeat_interval_seconds/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.runners !== undefined && func0.call(data2, "runners")){
let data5 = data2.runners;
const _errs10 = errors;
if(errors === _errs10){
if(Array.isArray(data5)){
var valid2 = true;
const len0 = data5.length;
for(let i0=0; i0<len0; i0++){
let data6 = data5[i0];
const _errs12 = errors;
const _errs13 = errors;
if(errors === _errs13){
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
let missing2;
if((((data6.url === undefined) || (!(func0.call(data6, "url")))) && (missing2 = "url")) || (((data6.token === undefined) || (!(func0.call(data6, "token")))) && (missing2 = "token"))){
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0,schemaPath:"#/$defs/RunnerAssignment/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
else {
if(data6.url !== undefined && func0.call(data6, "url")){
let data7 = data6.url;
const _errs15 = errors;
if(errors === _errs15){
if(typeof data7 === "string"){
if(!pattern14.test(data7)){
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/url",schemaPath:"#/$defs/RunnerAssignment/properties/url/pattern",keyword:"pattern",params:{pattern: "^wss?://[^\\s]+$"},message:"must match pattern \""+"^wss?://[^\\s]+$"+"\""}];
return false;
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/url",schemaPath:"#/$defs/RunnerAssignment/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid4 = _errs15 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data6.token !== undefined && func0.call(data6, "token")){
let data8 = data6.token;
const _errs17 = errors;
if(errors === _errs17){
if(typeof data8 === "string"){
if(func71(data8) < 1){
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/token",schemaPath:"#/$defs/RunnerAssignment/properties/token/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/token",schemaPath:"#/$defs/RunnerAssignment/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid4 = _errs17 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data6.name !== undefined && func0.call(data6, "name")){
const _errs19 = errors;
if(typeof data6.name !== "string"){
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/name",schemaPath:"#/$defs/RunnerAssignment/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs19 === errors;
}
else {
var valid4 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload/runners/" + i0,schemaPath:"#/$defs/RunnerAssignment/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid2 = _errs12 === errors;
if(!valid2){
break;
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload/runners",schemaPath:"#/properties/payload/properties/runners/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
else {
validate30.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate30.errors = vErrors;
return errors === 0;
}
validate30.evaluated = {"props":{"type":true,"id":true,"payload":true},"dynamicProps":false,"dynamicItems":false};

export const validateHeartbeatMessage = validate31;
const schema41 = {"title":"HeartbeatMessage","description":"agent → control plane, every agent.poll_interval or heartbeat_interval_seconds.","type":"object","properties":{"type":{"const":"heartbeat"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","properties":{"agent_id":{"type":"string","minLength":1},"cluster_id":{"type":"string"},"timestamp":{"description":"RFC 3339 UTC time.","type":"string","format":"date-time"},"status":{"enum":["healthy","degraded"]},"reason":{"description":"Why the agent is degraded, when it is.","type":"string"},"cluster":{"type":"object","properties":{"nodes":{"type":"integer","minimum":0},"pods":{"type":"integer","minimum":0},"deployments":{"type":"integer","minimum":0},"services":{"type":"integer","minimum":0}},"required":["nodes","pods","deployments","services"],"additionalProperties":false},"connections":{"type":"object","properties":{"control_plane":{"type":"boolean"},"runners":{"type":"integer","minimum":0}},"required":["control_plane","runners"],"additionalProperties":false},"proxy":{"type":"object","properties":{"active_streams":{"type":"integer","minimum":0},"requests_per_minute":{"type":"number","minimum":0}},"required":["active_streams","requests_per_minute"],"additionalProperties":false},"instance_id":{"type":"string","minLength":1,"maxLength":253,"description":"This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id."}},"required":["agent_id","cluster_id","timestamp","status","cluster","connections","proxy"],"additionalProperties":false}},"required":["type","payload"],"additionalProperties":false};
const formats0 = {"date-time": isDateTime}["date-time"];

function validate31(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate31.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate31.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 of Object.keys(data)){
if(!(((key0 === "type") || (key0 === "id")) || (key0 === "payload"))){
validate31.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.type !== undefined && func0.call(data, "type")){
const _errs2 = errors;
if("heartbeat" !== data.type){
validate31.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "heartbeat"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs3 = errors;
if(errors === _errs3){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate31.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate31.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate31.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs5 = errors;
if(errors === _errs5){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if(((((((((data2.agent_id === undefined) || (!(func0.call(data2, "agent_id")))) && (missing1 = "agent_id")) || (((data2.cluster_id === undefined) || (!(func0.call(data2, "cluster_id")))) && (missing1 = "cluster_id"))) || (((data2.timestamp === undefined) || (!(func0.call(data2, "timestamp")))) && (missing1 = "timestamp"))) || (((data2.status === undefined) || (!(func0.call(data2, "status")))) && (missing1 = "status"))) || (((data2.cluster === undefined) || (!(func0.call(data2, "cluster")))) && (missing1 = "cluster"))) || (((data2.connections === undefined) || (!(func0.call(data2, "connections")))) && (missing1 = "connections"))) || (((data2.proxy === undefined) || (!(func0.call(data2, "proxy")))) && (missing1 = "proxy"))){
validate31.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs7 = errors;
for(const key1 of Object.keys(data2)){
if(!(func0.call(schema41.properties.payload.properties, key1))){
validate31.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs7 === errors){
if(data2.agent_id !== undefined && func0.call(data2, "agent_id")){
let data3 = data2.agent_id;
const _errs8 = errors;
if(errors === _errs8){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate31.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster_id !== undefined && func0.call(data2, "cluster_id")){
const _errs10 = errors;
if(typeof data2.cluster_id !== "string"){
validate31.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.timestamp !== undefined && func0.call(data2, "timestamp")){
let data5 = data2.timestamp;
const _errs12 = errors;
if(errors === _errs12){
if(errors === _errs12){
if(typeof data5 === "string"){
if(!(formats0(data5))){
validate31.errors = [{instancePath:instancePath+"/payload/timestamp",schemaPath:"#/properties/payload/properties/timestamp/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""}];
return false;
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/timestamp",schemaPath:"#/properties/payload/properties/timestamp/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
}
var valid1 = _errs12 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.status !== undefined && func0.call(data2, "status")){
let data6 = data2.status;
const _errs14 = errors;
if(!((data6 === "healthy") || (data6 === "degraded"))){
validate31.errors = [{instancePath:instancePath+"/payload/status",schemaPath:"#/properties/payload/properties/status/enum",keyword:"enum",params:{allowedValues: schema41.properties.payload.properties.status.enum},message:"must be equal to one of the allowed values"}];
return false;
}
var valid1 = _errs14 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.reason !== undefined && func0.call(data2, "reason")){
const _errs15 = errors;
if(typeof data2.reason !== "string"){
validate31.errors = [{instancePath:instancePath+"/payload/reason",schemaPath:"#/properties/payload/properties/reason/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs15 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster !== undefined && func0.call(data2, "cluster")){
let data8 = data2.cluster;
const _errs17 = errors;
if(errors === _errs17){
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
let missing2;
if((((((data8.nodes === undefined) || (!(func0.call(data8, "nodes")))) && (missing2 = "nodes")) || (((data8.pods === undefined) || (!(func0.call(data8, "pods")))) && (missing2 = "pods"))) || (((data8.deployments === undefined) || (!(func0.call(data8, "deployments")))) && (missing2 = "deployments"))) || (((data8.services === undefined) || (!(func0.call(data8, "services")))) && (missing2 = "services"))){
validate31.errors = [{instancePath:instancePath+"/payload/cluster",schemaPath:"#/properties/payload/properties/cluster/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
else {
const _errs19 = errors;
for(const key2 of Object.keys(data8)){
if(!((((key2 === "nodes") || (key2 === "pods")) || (key2 === "deployments")) || (key2 === "services"))){
validate31.errors = [{instancePath:instancePath+"/payload/cluster",schemaPath:"#/properties/payload/properties/cluster/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs19 === errors){
if(data8.nodes !== undefined && func0.call(data8, "nodes")){
let data9 = data8.nodes;
const _errs20 = errors;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/nodes",schemaPath:"#/properties/payload/properties/cluster/properties/nodes/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs20){
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 < 0 || isNaN(data9)){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/nodes",schemaPath:"#/properties/payload/properties/cluster/properties/nodes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid2 = _errs20 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data8.pods !== undefined && func0.call(data8, "pods")){
let data10 = data8.pods;
const _errs22 = errors;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/pods",schemaPath:"#/properties/payload/properties/cluster/properties/pods/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs22){
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 < 0 || isNaN(data10)){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/pods",schemaPath:"#/properties/payload/properties/cluster/properties/pods/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid2 = _errs22 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data8.deployments !== undefined && func0.call(data8, "deployments")){
let data11 = data8.deployments;
const _errs24 = errors;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/deployments",schemaPath:"#/properties/payload/properties/cluster/properties/deployments/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs24){
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 0 || isNaN(data11)){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/deployments",schemaPath:"#/properties/payload/properties/cluster/properties/deployments/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid2 = _errs24 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data8.services !== undefined && func0.call(data8, "services")){
let data12 = data8.services;
const _errs26 = errors;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/services",schemaPath:"#/properties/payload/properties/cluster/properties/services/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs26){
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 < 0 || isNaN(data12)){
validate31.errors = [{instancePath:instancePath+"/payload/cluster/services",schemaPath:"#/properties/payload/properties/cluster/properties/services/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid2 = _errs26 === errors;
}
else {
var valid2 = true;
}
}
}
}
}
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/cluster",schemaPath:"#/properties/payload/properties/cluster/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid1 = _errs17 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.connections !== undefined && func0.call(data2, "connections")){
let data13 = data2.connections;
const _errs28 = errors;
if(errors === _errs28){
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
let missing3;
if((((data13.control_plane === undefined) || (!(func0.call(data13, "control_plane")))) && (missing3 = "control_plane")) || (((data13.runners === undefined) || (!(func0.call(data13, "runners")))) && (missing3 = "runners"))){
validate31.errors = [{instancePath:instancePath+"/payload/connections",schemaPath:"#/properties/payload/properties/connections/required",keyword:"required",params:{missingProperty: missing3},message:"must have required property '"+missing3+"'"}];
return false;
}
else {
const _errs30 = errors;
for(const key3 of Object.keys(data13)){
if(!((key3 === "control_plane") || (key3 === "runners"))){
validate31.errors = [{instancePath:instancePath+"/payload/connections",schemaPath:"#/properties/payload/properties/connections/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs30 === errors){
if(data13.control_plane !== undefined && func0.call(data13, "control_plane")){
const _errs31 = errors;
if(typeof data13.control_plane !== "boolean"){
validate31.errors = [{instancePath:instancePath+"/payload/connections/control_plane",schemaPath:"#/properties/payload/properties/connections/properties/control_plane/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
var valid3 = _errs31 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data13.runners !== undefined && func0.call(data13, "runners")){
let data15 = data13.runners;
const _errs33 = errors;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
validate31.errors = [{instancePath:instancePath+"/payload/connections/runners",schemaPath:"#/properties/payload/properties/connections/properties/runners/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs33){
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 < 0 || isNaN(data15)){
validate31.errors = [{instancePath:instancePath+"/payload/connections/runners",schemaPath:"#/properties/payload/properties/connections/properties/runners/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid3 = _errs33 === errors;
}
else {
var valid3 = true;
}
}
}
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/connections",schemaPath:"#/properties/payload/properties/connections/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid1 = _errs28 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.proxy !== undefined && func0.call(data2, "proxy")){
let data16 = data2.proxy;
const _errs35 = errors;
if(errors === _errs35){
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
let missing4;
if((((data16.active_streams === undefined) || (!(func0.call(data16, "active_streams")))) && (missing4 = "active_streams")) || (((data16.requests_per_minute === undefined) || (!(func0.call(data16, "requests_per_minute")))) && (missing4 = "requests_per_minute"))){
validate31.errors = [{instancePath:instancePath+"/payload/proxy",schemaPath:"#/properties/payload/properties/proxy/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"}];
return false;
}
else {
const _errs37 = errors;
for(const key4 of Object.keys(data16)){
if(!((key4 === "active_streams") || (key4 === "requests_per_minute"))){
validate31.errors = [{instancePath:instancePath+"/payload/proxy",schemaPath:"#/properties/payload/properties/proxy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs37 === errors){
if(data16.active_streams !== undefined && func0.call(data16, "active_streams")){
let data17 = data16.active_streams;
const _errs38 = errors;
if(!(((typeof data17 == "number") && (!(data17 % 1) && !isNaN(data17))) && (isFinite(data17)))){
validate31.errors = [{instancePath:instancePath+"/payload/proxy/active_streams",schemaPath:"#/properties/payload/properties/proxy/properties/active_streams/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
if(errors === _errs38){
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 < 0 || isNaN(data17)){
validate31.errors = [{instancePath:instancePath+"/payload/proxy/active_streams",schemaPath:"#/properties/payload/properties/proxy/properties/active_streams/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
}
var valid4 = _errs38 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data16.requests_per_minute !== undefined && func0.call(data16, "requests_per_minute")){
let data18 = data16.requests_per_minute;
const _errs40 = errors;
if(errors === _errs40){
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 0 || isNaN(data18)){
validate31.errors = [{instancePath:instancePath+"/payload/proxy/requests_per_minute",schemaPath:"#/properties/payload/properties/proxy/properties/requests_per_minute/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/proxy/requests_per_minute",schemaPath:"#/properties/payload/properties/proxy/properties/requests_per_minute/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid4 = _errs40 === errors;
}
else {
var valid4 = true;
}
}
}
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/proxy",schemaPath:"#/properties/payload/properties/proxy/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid1 = _errs35 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.instance_id !== undefined && func0.call(data2, "instance_id")){
let data19 = data2.instance_id;
const _errs42 = errors;
if(errors === _errs42){
if(typeof data19 === "string"){
if(func71(data19) > 253){
validate31.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"}];
return false;
}
else {
if(func71(data19) < 1){
validate31.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs42 === errors;
}
else {
var valid1 = true;
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate31.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
else {
validate31.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate31.errors = vErrors;
return errors === 0;
}
validate31.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateHeartbeatAckMessage = validate32;
const schema42 = {"title":"HeartbeatAckMessage","description":"control plane → agent, optional; its payload is free-form.","type":"object","properties":{"type":{"const":"heartbeat_ack"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","additionalProperties":true}},"required":["type"]};

function validate32(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate32.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")){
validate32.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
if(data.type !== undefined && func0.call(data, "type")){
const _errs1 = errors;
if("heartbeat_ack" !== data.type){
validate32.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "heartbeat_ack"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs1 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs2 = errors;
if(errors === _errs2){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate32.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate32.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate32.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs4 = errors;
if(errors === _errs4){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
}
else {
validate32.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
else {
validate32.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate32.errors = vErrors;
return errors === 0;
}
validate32.evaluated = {"props":{"type":true,"id":true,"payload":true},"dynamicProps":false,"dynamicItems":false};

export const validateRunnersMessage = validate33;
const schema43 = {"title":"RunnersMessage","description":"control plane → agent: the full set of Runners; the agent dials new ones and closes removed ones.","type":"object","properties":{"type":{"const":"runners"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","properties":{"runners":{"type":"array","items":{"$ref":"#/$defs/RunnerAssignment"}}},"required":["runners"]}},"required":["type","payload"]};

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate33.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate33.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
if(data.type !== undefined && func0.call(data, "type")){
const _errs1 = errors;
if("runners" !== data.type){
validate33.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "runners"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs1 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs2 = errors;
if(errors === _errs2){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate33.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate33.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate33.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs4 = errors;
if(errors === _errs4){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if(((data2.runners === undefined) || (!(func0.call(data2, "runners")))) && (missing1 = "runners")){
validate33.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
if(data2.runners !== undefined && func0.call(data2, "runners")){
let data3 = data2.runners;
const _errs6 = errors;
if(errors === _errs6){
if(Array.isArray(data3)){
var valid2 = true;
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
const _errs8 = errors;
const _errs9 = errors;
if(errors === _errs9){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
let missing2;
if((((data4.url === undefined) || (!(func0.call(data4, "url")))) && (missing2 = "url")) || (((data4.token === undefined) || (!(func0.call(data4, "token")))) && (missing2 = "token"))){
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0,schemaPath:"#/$defs/RunnerAssignment/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"}];
return false;
}
else {
if(data4.url !== undefined && func0.call(data4, "url")){
let data5 = data4.url;
const _errs11 = errors;
if(errors === _errs11){
if(typeof data5 === "string"){
if(!pattern14.test(data5)){
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/url",schemaPath:"#/$defs/RunnerAssignment/properties/url/pattern",keyword:"pattern",params:{pattern: "^wss?://[^\\s]+$"},message:"must match pattern \""+"^wss?://[^\\s]+$"+"\""}];
return false;
}
}
else {
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/url",schemaPath:"#/$defs/RunnerAssignment/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid4 = _errs11 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data4.token !== undefined && func0.call(data4, "token")){
let data6 = data4.token;
const _errs13 = errors;
if(errors === _errs13){
if(typeof data6 === "string"){
if(func71(data6) < 1){
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/token",schemaPath:"#/$defs/RunnerAssignment/properties/token/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/token",schemaPath:"#/$defs/RunnerAssignment/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid4 = _errs13 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data4.name !== undefined && func0.call(data4, "name")){
const _errs15 = errors;
if(typeof data4.name !== "string"){
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0+"/name",schemaPath:"#/$defs/RunnerAssignment/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid4 = _errs15 === errors;
}
else {
var valid4 = true;
}
}
}
}
}
else {
validate33.errors = [{instancePath:instancePath+"/payload/runners/" + i0,schemaPath:"#/$defs/RunnerAssignment/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid2 = _errs8 === errors;
if(!valid2){
break;
}
}
}
else {
validate33.errors = [{instancePath:instancePath+"/payload/runners",schemaPath:"#/properties/payload/properties/runners/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
}
}
}
else {
validate33.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
else {
validate33.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate33.errors = vErrors;
return errors === 0;
}
validate33.evaluated = {"props":{"type":true,"id":true,"payload":true},"dynamicProps":false,"dynamicItems":false};

export const validateHelloMessage = validate34;
const schema45 = {"title":"HelloMessage","description":"agent → Runner, first message on each Runner socket.","type":"object","properties":{"type":{"const":"hello"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","properties":{"agent_id":{"type":"string","minLength":1},"cluster_id":{"type":"string"},"cluster_name":{"type":"string"},"agent_version":{"type":"string"},"capabilities":{"description":"What this agent can do, e.g. \"k8s-proxy\", \"watch\", \"stream\".","type":"array","items":{"type":"string","minLength":1}},"instance_id":{"type":"string","minLength":1,"maxLength":253,"description":"This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id."}},"required":["agent_id","cluster_id","cluster_name","agent_version","capabilities"],"additionalProperties":false}},"required":["type","payload"],"additionalProperties":false};

function validate34(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate34.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate34.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 of Object.keys(data)){
if(!(((key0 === "type") || (key0 === "id")) || (key0 === "payload"))){
validate34.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.type !== undefined && func0.call(data, "type")){
const _errs2 = errors;
if("hello" !== data.type){
validate34.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "hello"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs3 = errors;
if(errors === _errs3){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate34.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate34.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs5 = errors;
if(errors === _errs5){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if(((((((data2.agent_id === undefined) || (!(func0.call(data2, "agent_id")))) && (missing1 = "agent_id")) || (((data2.cluster_id === undefined) || (!(func0.call(data2, "cluster_id")))) && (missing1 = "cluster_id"))) || (((data2.cluster_name === undefined) || (!(func0.call(data2, "cluster_name")))) && (missing1 = "cluster_name"))) || (((data2.agent_version === undefined) || (!(func0.call(data2, "agent_version")))) && (missing1 = "agent_version"))) || (((data2.capabilities === undefined) || (!(func0.call(data2, "capabilities")))) && (missing1 = "capabilities"))){
validate34.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs7 = errors;
for(const key1 of Object.keys(data2)){
if(!((((((key1 === "agent_id") || (key1 === "cluster_id")) || (key1 === "cluster_name")) || (key1 === "agent_version")) || (key1 === "capabilities")) || (key1 === "instance_id"))){
validate34.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs7 === errors){
if(data2.agent_id !== undefined && func0.call(data2, "agent_id")){
let data3 = data2.agent_id;
const _errs8 = errors;
if(errors === _errs8){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate34.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate34.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster_id !== undefined && func0.call(data2, "cluster_id")){
const _errs10 = errors;
if(typeof data2.cluster_id !== "string"){
validate34.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster_name !== undefined && func0.call(data2, "cluster_name")){
const _errs12 = errors;
if(typeof data2.cluster_name !== "string"){
validate34.errors = [{instancePath:instancePath+"/payload/cluster_name",schemaPath:"#/properties/payload/properties/cluster_name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs12 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.agent_version !== undefined && func0.call(data2, "agent_version")){
const _errs14 = errors;
if(typeof data2.agent_version !== "string"){
validate34.errors = [{instancePath:instancePath+"/payload/agent_version",schemaPath:"#/properties/payload/properties/agent_version/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs14 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.capabilities !== undefined && func0.call(data2, "capabilities")){
let data7 = data2.capabilities;
const _errs16 = errors;
if(errors === _errs16){
if(Array.isArray(data7)){
var valid2 = true;
const len0 = data7.length;
for(let i0=0; i0<len0; i0++){
let data8 = data7[i0];
const _errs18 = errors;
if(errors === _errs18){
if(typeof data8 === "string"){
if(func71(data8) < 1){
validate34.errors = [{instancePath:instancePath+"/payload/capabilities/" + i0,schemaPath:"#/properties/payload/properties/capabilities/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate34.errors = [{instancePath:instancePath+"/payload/capabilities/" + i0,schemaPath:"#/properties/payload/properties/capabilities/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid2 = _errs18 === errors;
if(!valid2){
break;
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/payload/capabilities",schemaPath:"#/properties/payload/properties/capabilities/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
}
var valid1 = _errs16 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.instance_id !== undefined && func0.call(data2, "instance_id")){
let data9 = data2.instance_id;
const _errs20 = errors;
if(errors === _errs20){
if(typeof data9 === "string"){
if(func71(data9) > 253){
validate34.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"}];
return false;
}
else {
if(func71(data9) < 1){
validate34.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs20 === errors;
}
else {
var valid1 = true;
}
}
}
}
}
}
}
}
}
else {
validate34.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
else {
validate34.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate34.errors = vErrors;
return errors === 0;
}
validate34.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateDrainingMessage = validate35;
const schema46 = {"title":"DrainingMessage","description":"agent → control plane and every Runner, when a replica starts to shut down: send it no new requests (they are answered 503); its non-stream requests in flight are still answered, its streams end with done and error \"shutdown\" so the peer re-opens them on another replica. A peer that does not know this type answers it with error unknown_type, which the agent ignores.","type":"object","properties":{"type":{"const":"draining"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","properties":{"agent_id":{"type":"string","minLength":1},"cluster_id":{"type":"string"},"instance_id":{"type":"string","minLength":1,"maxLength":253,"description":"This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id."},"grace_seconds":{"type":"number","minimum":0,"description":"How long non-stream requests in flight may still take before the replica closes its sockets."}},"required":["agent_id","cluster_id","instance_id","grace_seconds"],"additionalProperties":false}},"required":["type","payload"],"additionalProperties":false};

function validate35(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate35.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate35.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 of Object.keys(data)){
if(!(((key0 === "type") || (key0 === "id")) || (key0 === "payload"))){
validate35.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.type !== undefined && func0.call(data, "type")){
const _errs2 = errors;
if("draining" !== data.type){
validate35.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "draining"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs3 = errors;
if(errors === _errs3){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate35.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate35.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate35.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs5 = errors;
if(errors === _errs5){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if((((((data2.agent_id === undefined) || (!(func0.call(data2, "agent_id")))) && (missing1 = "agent_id")) || (((data2.cluster_id === undefined) || (!(func0.call(data2, "cluster_id")))) && (missing1 = "cluster_id"))) || (((data2.instance_id === undefined) || (!(func0.call(data2, "instance_id")))) && (missing1 = "instance_id"))) || (((data2.grace_seconds === undefined) || (!(func0.call(data2, "grace_seconds")))) && (missing1 = "grace_seconds"))){
validate35.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
const _errs7 = errors;
for(const key1 of Object.keys(data2)){
if(!((((key1 === "agent_id") || (key1 === "cluster_id")) || (key1 === "instance_id")) || (key1 === "grace_seconds"))){
validate35.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs7 === errors){
if(data2.agent_id !== undefined && func0.call(data2, "agent_id")){
let data3 = data2.agent_id;
const _errs8 = errors;
if(errors === _errs8){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate35.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate35.errors = [{instancePath:instancePath+"/payload/agent_id",schemaPath:"#/properties/payload/properties/agent_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.cluster_id !== undefined && func0.call(data2, "cluster_id")){
const _errs10 = errors;
if(typeof data2.cluster_id !== "string"){
validate35.errors = [{instancePath:instancePath+"/payload/cluster_id",schemaPath:"#/properties/payload/properties/cluster_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.instance_id !== undefined && func0.call(data2, "instance_id")){
let data5 = data2.instance_id;
const _errs12 = errors;
if(errors === _errs12){
if(typeof data5 === "string"){
if(func71(data5) > 253){
validate35.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"}];
return false;
}
else {
if(func71(data5) < 1){
validate35.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate35.errors = [{instancePath:instancePath+"/payload/instance_id",schemaPath:"#/properties/payload/properties/instance_id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs12 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.grace_seconds !== undefined && func0.call(data2, "grace_seconds")){
let data6 = data2.grace_seconds;
const _errs14 = errors;
if(errors === _errs14){
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 < 0 || isNaN(data6)){
validate35.errors = [{instancePath:instancePath+"/payload/grace_seconds",schemaPath:"#/properties/payload/properties/grace_seconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"}];
return false;
}
}
else {
validate35.errors = [{instancePath:instancePath+"/payload/grace_seconds",schemaPath:"#/properties/payload/properties/grace_seconds/type",keyword:"type",params:{type: "number"},message:"must be number"}];
return false;
}
}
var valid1 = _errs14 === errors;
}
else {
var valid1 = true;
}
}
}
}
}
}
}
else {
validate35.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
}
else {
validate35.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate35.errors = vErrors;
return errors === 0;
}
validate35.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const validateErrorMessage = validate36;
const schema47 = {"title":"ErrorMessage","description":"either way: a session-level error, e.g. code \"unknown_type\"; `id` names the message it answers.","type":"object","properties":{"type":{"const":"error"},"id":{"type":"string","minLength":1,"maxLength":256},"payload":{"type":"object","properties":{"code":{"type":"string","minLength":1},"message":{"type":"string"}},"required":["code","message"]}},"required":["type","payload"]};

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate36.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((((data.type === undefined) || (!(func0.call(data, "type")))) && (missing0 = "type")) || (((data.payload === undefined) || (!(func0.call(data, "payload")))) && (missing0 = "payload"))){
validate36.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
if(data.type !== undefined && func0.call(data, "type")){
const _errs1 = errors;
if("error" !== data.type){
validate36.errors = [{instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "error"},message:"must be equal to constant"}];
return false;
}
var valid0 = _errs1 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.id !== undefined && func0.call(data, "id")){
let data1 = data.id;
const _errs2 = errors;
if(errors === _errs2){
if(typeof data1 === "string"){
if(func71(data1) > 256){
validate36.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"}];
return false;
}
else {
if(func71(data1) < 1){
validate36.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
}
else {
validate36.errors = [{instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.payload !== undefined && func0.call(data, "payload")){
let data2 = data.payload;
const _errs4 = errors;
if(errors === _errs4){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if((((data2.code === undefined) || (!(func0.call(data2, "code")))) && (missing1 = "code")) || (((data2.message === undefined) || (!(func0.call(data2, "message")))) && (missing1 = "message"))){
validate36.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"}];
return false;
}
else {
if(data2.code !== undefined && func0.call(data2, "code")){
let data3 = data2.code;
const _errs6 = errors;
if(errors === _errs6){
if(typeof data3 === "string"){
if(func71(data3) < 1){
validate36.errors = [{instancePath:instancePath+"/payload/code",schemaPath:"#/properties/payload/properties/code/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"}];
return false;
}
}
else {
validate36.errors = [{instancePath:instancePath+"/payload/code",schemaPath:"#/properties/payload/properties/code/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
}
var valid1 = _errs6 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data2.message !== undefined && func0.call(data2, "message")){
const _errs8 = errors;
if(typeof data2.message !== "string"){
validate36.errors = [{instancePath:instancePath+"/payload/message",schemaPath:"#/properties/payload/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
}
}
}
else {
validate36.errors = [{instancePath:instancePath+"/payload",schemaPath:"#/properties/payload/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
}
}
}
}
else {
validate36.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
}
validate36.errors = vErrors;
return errors === 0;
}
validate36.evaluated = {"props":{"type":true,"id":true,"payload":true},"dynamicProps":false,"dynamicItems":false};

