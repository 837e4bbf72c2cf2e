/**
 * The spec's Bold examples (answered for `Prefer` and fault rules), as Bold's own answers carry
 * them: Bold's error bodies (`{message, code, errorMessage, errorCode}`, the 401's `{errorMessage}`)
 * name nothing of the request — no id, token, request id or time — and its successes are the
 * example's data, so every example is answered exactly as documented.
 */
import type { ExampleRenderer } from '../../engine/kit/index.js';
import type { BoldState } from './state.js';

export const examples: ExampleRenderer<BoldState> = ({ reply }) => reply;
