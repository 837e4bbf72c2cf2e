/**
 * The vendor kit: the only engine code `src/apis/**` imports. It holds the vendor contract's types
 * and the pieces every vendor needs, so that none of them writes its own tokens, paging or ids:
 *
 * | module | for |
 * |---|---|
 * | `defineApi` | declaring a vendor: state schema, error table, security checks, handlers |
 * | `paging` | offset/limit, keyset (from / after a key) and opaque cursors |
 * | `sorted-index` | sorted indexes over a map of records, kept in step with writes, walked page by page |
 * | `tokens` | issuing and checking tokens with idle and lifetime expiry on the engine clock |
 * | `limits` | the namespace's limits (`--max-resources`, deleted retention), counted map sizes, bounded token maps |
 * | `credentials` | header values, `<scheme> <token>`, HTTP Basic, query parameters |
 * | `own-keys` | own-key lookups and writes on client-keyed maps, fresh ids |
 * | `iso-time` | strict ISO 8601 parsing; UTC and zoned writing |
 * | `merge-patch`, `json-patch` | RFC 7386 and RFC 6902 |
 * | `json-codec`, `int64` | lossless JSON and 64-bit ids |
 * | `value-path` | own-property walks by dotted path or JSON Pointer |
 */
export type {
  ApiModule,
  AuthResult,
  BodyOf,
  DocumentedReply,
  EngineClock,
  ErrorTable,
  ExampleRenderer,
  Handler,
  HandlerContext,
  HandlerTable,
  JsonCodec,
  MockReply,
  NamespaceLimits,
  NamespaceView,
  PathOf,
  Problem,
  ProblemKind,
  QueryOf,
  ReplyOf,
  RequestInfo,
  ResourceSizes,
  SecurityCheck,
  SeededRandom,
  ValidationIssue,
} from '../types.js';
export { defineApi, type ApiDefinition, type StateOf } from './define-api.js';
export * from './paging.js';
export * from './sorted-index.js';
export * from './tokens.js';
export * from './limits.js';
export * from './credentials.js';
export * from './own-keys.js';
export * from './iso-time.js';
export * from './merge-patch.js';
export * from './json-patch.js';
export * from './json-codec.js';
export * from './int64.js';
export { dotted, parentAt, pointerSegments, toPointer, valueAt, type Found } from '../util/value-path.js';
