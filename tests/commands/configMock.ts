/** aws-sdk-client-mock for the Config client, created in `before` and restored in `after` by each suite. */
import { mockClient } from "aws-sdk-client-mock";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";

export function mockConfigService() {
  return mockClient(ConfigServiceClient);
}

export type ConfigServiceMock = ReturnType<typeof mockConfigService>;
