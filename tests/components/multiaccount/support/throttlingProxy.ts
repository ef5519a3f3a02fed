/**
 * A loopback proxy in front of moto that answers the first `throttle` AWS Config requests
 * with `ThrottlingException` (HTTP 400), as Config does under load, and forwards the rest.
 * moto itself never throttles; this lets the SDK's real retry path run.
 */
import * as http from "node:http";

export interface ThrottlingProxy {
  readonly endpoint: string;
  /** Config requests answered with a throttle so far. */
  throttled(): number;
  close(): Promise<void>;
}

export async function startThrottlingProxy(upstream: string, throttle: number): Promise<ThrottlingProxy> {
  let throttled = 0;
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const isConfig = String(req.headers["x-amz-target"] ?? "").startsWith("StarlingDoveService.");
    if (isConfig && throttled < throttle) {
      throttled++;
      req.resume();
      res.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "ThrottlingException" });
      res.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
      return;
    }
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on("error", (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("proxy has no port");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    throttled: () => throttled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
