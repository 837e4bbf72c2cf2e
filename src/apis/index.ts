/** Every vendor the mock serves. Adding a vendor means adding its module here (see docs/adding-a-vendor.md). */
import type { ApiModule } from '../engine/kit/index.js';
import { kazoo } from './kazoo/index.js';
import { mdm } from './mdm/index.js';
import { bold } from './bold/index.js';
import { plaspy } from './plaspy/index.js';
import { thingspace } from './thingspace/index.js';

export const allApis: ApiModule<any, any>[] = [kazoo, thingspace, plaspy, mdm, bold];
