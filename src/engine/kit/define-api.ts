/**
 * `defineApi`: one vendor as one declaration, the way msw's `http.get(path, resolver)` reads — the
 * spec supplies the paths, this table the behaviour. Everything is typed from the spec's generated
 * `operations` and from the state schema:
 * - `state`: a TypeBox schema; the state type is derived from it (`Static`), never written twice;
 * - `errors`: every engine `Problem` kind in the vendor's words (a kind left out does not compile);
 * - `examples`: the spec's examples, when `Prefer` or a fault rule asks for one, with the request's
 *   own ids, token, request id and time in them;
 * - `security`: one check per `securitySchemes` entry, by name, given the scopes the operation's
 *   `security` asks for (checked against the spec when the API loads);
 * - `handlers`: one per operationId, taking and returning the generated types.
 *
 * @example
 *   export const plaspy = defineApi<operations, PlaspyPrincipal>()({
 *     name: 'plaspy', title: 'Plaspy GPS tracker groups',
 *     spec: 'openapi/plaspy.yaml', fixture: 'fixtures/plaspy.json',
 *     state: stateSchema, errors, examples, security: { bearerAuth: checkBearer }, handlers,
 *     describe: () => ['user demo@plaspy.test, apiKey demo-api-key'],
 *   });
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { projectFile } from '../util/project-files.js';
import type {
  ApiModule,
  ErrorTable,
  ExampleRenderer,
  HandlerTable,
  NamespaceView,
  ResourceSizes,
  JsonCodec,
  RequestInfo,
  SecurityCheck,
} from '../types.js';

export interface ApiDefinition<Ops, S extends TSchema, Principal> {
  /** Short name: the mount prefix (`/<name>`), the admin API's and the CLI's name for the API. */
  name: string;
  title: string;
  /** The spec, relative to the project root (`openapi/<name>.yaml`). */
  spec: string;
  /** The demo tenant, relative to the project root (`fixtures/<name>.json`). */
  fixture: string;
  /** The state's JSON Schema (TypeBox); fixtures and `PUT /__admin/state` are checked against it. */
  state: S;
  /** What the schema cannot say (references, uniqueness); each message names its path. */
  checkState?(state: Static<S>): string[];
  /** Read the body as JSON whatever its Content-Type says (Crossbar does). */
  jsonBodyWhateverContentType?: boolean;
  /** How bodies are read and written; `losslessJson` for 64-bit ids (default: `JSON`). */
  json?: JsonCodec;
  errors: ErrorTable<Static<S>>;
  /** The spec's examples (answered for `Prefer` and fault rules) with the request's own ids, token, time. */
  examples: ExampleRenderer<Static<S>>;
  security: Record<string, SecurityCheck<Static<S>, Principal>>;
  /** Headers on every response of the API (the vendor's CORS, request ids, security headers). */
  responseHeaders?(req: RequestInfo<Static<S>>): Record<string, string>;
  handlers: HandlerTable<Ops, Static<S>, Principal>;
  /** Lines the CLI prints under the API's URL: demo credentials and the like. */
  describe(): string[];
  /** The vendor's background jobs on the namespace's clock, run before each request (see ApiModule). */
  housekeeping?(ns: NamespaceView<Static<S>>): void;
  /** What a namespace's state holds, by kind; `resources` is what `--max-resources` bounds. */
  sizes?(state: Static<S>): ResourceSizes;
}

/** The state type of a TypeBox schema (re-exported so vendors need not import TypeBox's types). */
export type StateOf<S extends TSchema> = Static<S>;

/**
 * Declares a vendor. Curried so that `operations` and the principal are given and the state type
 * is inferred: `defineApi<operations, Principal>()({ ... })`.
 */
export function defineApi<Ops, Principal = undefined>() {
  return <S extends TSchema>(def: ApiDefinition<Ops, S, Principal>): ApiModule<Static<S>, Principal> => ({
    name: def.name,
    title: def.title,
    specFile: projectFile(def.spec),
    fixtureFile: projectFile(def.fixture),
    stateSchema: def.state,
    checkState: def.checkState,
    jsonBodyWhateverContentType: def.jsonBodyWhateverContentType,
    json: def.json,
    errors: def.errors,
    examples: def.examples,
    security: def.security,
    responseHeaders: def.responseHeaders,
    handlers: def.handlers as ApiModule<Static<S>, Principal>['handlers'],
    describe: def.describe,
    housekeeping: def.housekeeping,
    sizes: def.sizes,
  });
}
