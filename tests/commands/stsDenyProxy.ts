/**
 * moto accepts every `sts:AssumeRole` (it does not evaluate trust policies), so a role that
 * cannot be assumed is made here: a loopback proxy in front of moto's STS answers AssumeRole
 * into the listed roles with AWS's own `AccessDenied` error and forwards everything else.
 * The SDK is pointed at it with `AWS_ENDPOINT_URL_STS`; other services still talk to moto.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface StsDenyProxy {
  readonly endpoint: string;
  /** Requests answered with AccessDenied so far. */
  readonly denied: () => number;
  stop(): Promise<void>;
}

function accessDenied(roleArn: string): string {
  return (
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
    `<Message>User: arn:aws:iam::123456789012:user/operator is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>` +
    `</Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>`
  );
}

export async function startStsDenyProxy(motoEndpoint: string, deniedRoleArns: readonly string[]): Promise<StsDenyProxy> {
  const upstream = new URL(motoEndpoint);
  let denied = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString("utf8"));
      const roleArn = form.get("RoleArn");
      if (form.get("Action") === "AssumeRole" && roleArn && deniedRoleArns.includes(roleArn)) {
        denied++;
        res.writeHead(403, { "content-type": "text/xml" });
        res.end(accessDenied(roleArn));
        return;
      }
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    denied: () => denied,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
