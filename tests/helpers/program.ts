/**
 * The real program under Pulumi mocks, for tests: a stack's config from
 * Pulumi.<stack>.yaml (plus overrides), the organization fixture when the
 * inventory discovers, and the validated Deployment the program was built from.
 */
import * as fs from "fs";

import type { Deployment } from "../../config/domain";
import { defaultOrganizationFixture, readOrganizationSnapshot, type OrganizationSnapshot } from "../../config/discovery";
import { loadStackDeployment } from "../../config/pipeline";
import { PROJECT_ROOT } from "../../config/sources";
import { runProgram as run, type MockedResource, type ProgramRun } from "../../offline/mockRun";

export type { MockedResource };

export interface TestRun extends ProgramRun {
  readonly deployment: Deployment;
}

export async function runProgram(
  stack: string,
  opts: { config?: Record<string, unknown>; configOnly?: boolean; organization?: OrganizationSnapshot; preview?: boolean } = {},
): Promise<TestRun> {
  const fixture = defaultOrganizationFixture(stack, PROJECT_ROOT);
  const organization = opts.organization ?? (fs.existsSync(fixture) ? readOrganizationSnapshot(fixture) : undefined);
  const configOnly = opts.configOnly ?? false;
  const result = await run({
    stack,
    configOnly,
    ...(opts.config ? { config: opts.config } : {}),
    ...(organization ? { organization } : {}),
    ...(opts.preview ? { preview: true } : {}),
  });
  const deployment = await loadStackDeployment(stack, {
    configOnly,
    ...(organization ? { organization } : {}),
    ...(opts.config ? { overrides: opts.config } : {}),
  });
  return { ...result, deployment };
}

/** Resources of one type token. */
export function ofType(resources: readonly MockedResource[], type: string): MockedResource[] {
  return resources.filter((r) => r.type === type);
}
