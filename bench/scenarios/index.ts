/** The bench's scenarios of every vendor, by API name; a registered API missing here stops the bench. */
import { bold } from './bold.js';
import { kazoo } from './kazoo.js';
import { mdm } from './mdm.js';
import { plaspy } from './plaspy.js';
import { thingspace } from './thingspace.js';
import type { VendorScenarios } from './types.js';

export const scenarios: Record<string, VendorScenarios> = { kazoo, thingspace, plaspy, mdm, bold };
