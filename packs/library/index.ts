/** Every pack stack config can select, by name. */
import { approvedImages } from "./approvedImages";
import { dataProtectionBaseline } from "./dataProtection";
import { networkAndIdentity } from "./networkIdentity";
import type { PackDefinition } from "../choices";

export const packLibrary: Readonly<Record<string, PackDefinition>> = Object.freeze(
  Object.fromEntries([dataProtectionBaseline, networkAndIdentity, approvedImages].map((pack) => [pack.name, pack])),
);
