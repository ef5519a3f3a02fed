/** Every pack stack config can select, by name. */
import type { PackDefinition } from "../types";
import { approvedImages } from "./approvedImages";
import { dataProtectionBaseline } from "./dataProtection";
import { networkAndIdentity } from "./networkIdentity";

export const packLibrary: Readonly<Record<string, PackDefinition>> = Object.freeze(
  Object.fromEntries([dataProtectionBaseline, networkAndIdentity, approvedImages].map((pack) => [pack.name, pack])),
);
