/**
 * The spec's ThingSpace examples (answered for `Prefer` and fault rules) in the request's own words.
 * ThingSpace's error texts name little: the device a request lists (`devicesToAdd`,
 * `devicesToRemove`, a custom-fields call's `devices`), the group of the path, the content type
 * sent. Those come from the request, rendered by the same errors the handlers give; every other
 * text (and the gateway's faults, OAuth's errors) stays the example's, as ThingSpace's own do.
 */
import {
  headerOf,
  own,
  valueAt,
  type ExampleRenderer,
  type MockReply,
  type RequestInfo,
} from '../../engine/kit/index.js';
import { errorTable, errors } from './errors.js';
import type { ThingSpaceState } from './state.js';

type Req = RequestInfo<ThingSpaceState>;
type DeviceRef = { kind: unknown; id: unknown };

const isDevice = (v: unknown): v is DeviceRef =>
  v !== null &&
  typeof v === 'object' &&
  typeof (v as DeviceRef).kind === 'string' &&
  (typeof (v as DeviceRef).id === 'string' || typeof (v as DeviceRef).id === 'number');

/** The first device the request lists, in the field `fields` names first. */
function firstDevice(req: Req, ...fields: string[][]): DeviceRef | undefined {
  for (const path of fields) {
    const found = valueAt(req.body, path);
    if (found.present && isDevice(found.value)) return found.value;
  }
  return undefined;
}

const LISTS = [
  ['devicesToAdd', '0'],
  ['devicesToRemove', '0'],
  ['devices', '0', 'deviceIds', '0'],
];

const RENDER: Record<string, (req: Req) => MockReply | undefined> = {
  invalidDeviceId(req) {
    const d = firstDevice(req, ...LISTS);
    return d && errors.invalidDeviceId(d);
  },
  deviceNotFound(req) {
    const d = firstDevice(req, ...LISTS);
    return d && errors.deviceNotFound(d);
  },
  deviceNotInGroup(req) {
    const group = own(req.params, 'gname');
    const d = firstDevice(req, ['devicesToRemove', '0'], ...LISTS);
    return group !== undefined && d ? errors.deviceNotInGroup(group, d) : undefined;
  },
  unsupportedContentType(req) {
    const type = headerOf(req.headers, 'content-type');
    return type === undefined
      ? undefined
      : errorTable.unsupportedMediaType({ kind: 'unsupportedMediaType', contentType: type }, req);
  },
};

export const examples: ExampleRenderer<ThingSpaceState> = (documented, req) => {
  const render = documented.example !== undefined ? own(RENDER, documented.example) : undefined;
  const rendered = render?.(req);
  return rendered ? { ...documented.reply, body: rendered.body } : documented.reply;
};
