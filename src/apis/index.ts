/**
 * Every vendor the mock serves, each as its module and its demo module (the demo tenant's
 * credentials and login flow, used by `contract --login demo`, the tests, the fuzz suite and the
 * bench). Adding a vendor means adding both here (see docs/adding-a-vendor.md): a vendor without a
 * demo does not compile.
 */
import type { ApiModule, VendorDemo } from '../engine/kit/index.js';
import { boldDemo } from './bold/demo.js';
import { bold } from './bold/index.js';
import { kazooDemo } from './kazoo/demo.js';
import { kazoo } from './kazoo/index.js';
import { mdmDemo } from './mdm/demo.js';
import { mdm } from './mdm/index.js';
import { plaspyDemo } from './plaspy/demo.js';
import { plaspy } from './plaspy/index.js';
import { thingspaceDemo } from './thingspace/demo.js';
import { thingspace } from './thingspace/index.js';

export interface Vendor {
  // biome-ignore lint/suspicious/noExplicitAny: the registry holds vendors of different operation and principal types
  module: ApiModule<any, any>;
  demo: VendorDemo;
}

export const vendors: Vendor[] = [
  { module: kazoo, demo: kazooDemo },
  { module: thingspace, demo: thingspaceDemo },
  { module: plaspy, demo: plaspyDemo },
  { module: mdm, demo: mdmDemo },
  { module: bold, demo: boldDemo },
];

// biome-ignore lint/suspicious/noExplicitAny: as above, vendors of different types side by side
export const allApis: ApiModule<any, any>[] = vendors.map((v) => v.module);

/** The demo module of the API of that name, if it is registered. */
export function demoOf(api: string): VendorDemo | undefined {
  return vendors.find((v) => v.module.name === api)?.demo;
}
