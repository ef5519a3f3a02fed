/**
 * An HTTP front for moto, on loopback, that the engine tests point the SDK at
 * (AWS_ENDPOINT_URL). It forwards every request to moto unchanged and:
 *
 * - counts each AWS call by service action, so a test can say "moto saw 0 writes
 *   during this run";
 * - answers the four account conformance pack calls moto 5.2.1 does not serve
 *   (PutConformancePack, DescribeConformancePacks, DescribeConformancePackStatus,
 *   DeleteConformancePack) from memory, per account and region, so the account
 *   remediation pack goes through the real provider and engine. That part is a
 *   stand-in: it accepts any template and reports CREATE_COMPLETE at once.
 *
 * The account of a call is found from its access key: the front reads the
 * AccessKeyId of every AssumeRole answer it forwards, and the caller's own key
 * belongs to moto's default account.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

import { MOTO_DEFAULT_ACCOUNT } from "../helpers/moto";

export interface AwsCall {
  readonly service: string;
  readonly action: string;
  readonly account: string;
  readonly region: string;
}

export interface MotoFront {
  readonly endpoint: string;
  readonly calls: AwsCall[];
  /** Calls that change something (by the action's verb, or the HTTP method for S3). */
  writes(since?: number): AwsCall[];
  /** The conformance packs the front holds, by `account/region`. */
  readonly conformancePacks: Map<string, Map<string, { arn: string; template: string; at: number }>>;
  stop(): Promise<void>;
}

const READ_VERBS = /^(Describe|List|Get|Select|BatchGet|Head|Lookup)/;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function credentialScope(req: http.IncomingMessage): { accessKey: string; region: string; service: string } {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ""));
  return { accessKey: m?.[1] ?? "", region: m?.[2] ?? "", service: m?.[3] ?? "" };
}

export async function startMotoFront(motoEndpoint: string): Promise<MotoFront> {
  const target = new URL(motoEndpoint);
  const accountOfKey = new Map<string, string>();
  const calls: AwsCall[] = [];
  const conformancePacks = new Map<string, Map<string, { arn: string; template: string; at: number }>>();

  const packsIn = (account: string, region: string) => {
    const key = `${account}/${region}`;
    let packs = conformancePacks.get(key);
    if (!packs) conformancePacks.set(key, (packs = new Map()));
    return packs;
  };

  const answerJson = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  /** The conformance pack calls moto lacks; undefined when the call is moto's. */
  const conformancePackCall = (action: string, account: string, region: string, input: Record<string, unknown>): [number, unknown] | undefined => {
    const packs = packsIn(account, region);
    const name = String(input.ConformancePackName ?? "");
    switch (action) {
      case "PutConformancePack": {
        const arn =
          packs.get(name)?.arn ??
          `arn:aws:config:${region}:${account}:conformance-pack/${name}/conformance-pack-${(packs.size + 1).toString(36).padStart(6, "0")}`;
        packs.set(name, { arn, template: String(input.TemplateBody ?? input.TemplateS3Uri ?? ""), at: Date.now() / 1000 });
        return [200, { ConformancePackArn: arn }];
      }
      case "DescribeConformancePacks":
      case "DescribeConformancePackStatus": {
        const names = (input.ConformancePackNames as string[] | undefined) ?? [...packs.keys()];
        const missing = names.find((n) => !packs.has(n));
        if (missing && action === "DescribeConformancePacks") {
          return [400, { __type: "NoSuchConformancePackException", message: `Conformance pack ${missing} does not exist` }];
        }
        const found = names.filter((n) => packs.has(n));
        return action === "DescribeConformancePacks"
          ? [
              200,
              {
                ConformancePackDetails: found.map((n) => ({
                  ConformancePackName: n,
                  ConformancePackArn: packs.get(n)!.arn,
                  ConformancePackId: packs.get(n)!.arn.split("/").pop(),
                })),
              },
            ]
          : [
              200,
              {
                ConformancePackStatusDetails: found.map((n) => ({
                  ConformancePackName: n,
                  ConformancePackArn: packs.get(n)!.arn,
                  ConformancePackId: packs.get(n)!.arn.split("/").pop(),
                  ConformancePackState: "CREATE_COMPLETE",
                  StackArn: `arn:aws:cloudformation:${region}:${account}:stack/awsconfigconforms-${n}/0`,
                  LastUpdateRequestedTime: packs.get(n)!.at,
                  LastUpdateCompletedTime: packs.get(n)!.at,
                })),
              },
            ];
      }
      case "DeleteConformancePack":
        if (!packs.delete(name)) return [400, { __type: "NoSuchConformancePackException", message: `Conformance pack ${name} does not exist` }];
        return [200, {}];
      default:
        return undefined;
    }
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const scope = credentialScope(req);
      const account = accountOfKey.get(scope.accessKey) ?? MOTO_DEFAULT_ACCOUNT;
      const amzTarget = String(req.headers["x-amz-target"] ?? "");
      const query = amzTarget
        ? ""
        : (new URLSearchParams(body.toString("utf8")).get("Action") ?? new URL(req.url ?? "/", "http://x").searchParams.get("Action") ?? "");
      const action = amzTarget ? amzTarget.split(".").pop()! : query || `${req.method} ${scope.service}`;
      calls.push({ service: scope.service, action, account, region: scope.region });

      if (scope.service === "config" && amzTarget) {
        const answer = conformancePackCall(action, account, scope.region, body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {});
        if (answer) return answerJson(res, answer[0], answer[1]);
      }

      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const answer = Buffer.concat(chunks);
          if (action === "AssumeRole" && up.statusCode === 200) {
            const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(answer.toString("utf8"))?.[1];
            const roleAccount = /arn:aws:iam::(\d{12}):role/.exec(decodeURIComponent(body.toString("utf8")))?.[1];
            if (key && roleAccount) accountOfKey.set(key, roleAccount);
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(answer);
        });
      });
      upstream.on("error", (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      upstream.end(body);
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    conformancePacks,
    writes(since = 0) {
      return calls
        .slice(since)
        .filter((c) =>
          c.service === "s3" ? !/^(GET|HEAD) /.test(c.action) : !READ_VERBS.test(c.action) && c.action !== "AssumeRole" && c.action !== "GetCallerIdentity",
        );
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
