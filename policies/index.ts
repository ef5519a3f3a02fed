/**
 * The policy pack as `pulumi preview --policy-pack policies` loads it. Only
 * this file constructs the PolicyPack (which starts the analyzer server);
 * everything else lives in policies.ts so it can be tested and reused.
 */
import { PolicyPack } from "@pulumi/policy";

import { PACK_DESCRIPTION, PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { description: PACK_DESCRIPTION, policies });
