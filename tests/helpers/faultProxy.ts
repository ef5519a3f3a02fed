/**
 * A loopback HTTP proxy in front of moto that injects faults into chosen AWS APIs, so the
 * SDK's real retry, timeout and error paths run against a real emulator.
 *
 * An API is named by its operation: the part after the dot of `X-Amz-Target` (JSON
 * protocols: Config, Organizations) or the `Action` of a form body (query protocols: STS,
 * IAM); `<target prefix>.*` (e.g. `StarlingDoveService.*`, AWS Config) names every
 * operation of a JSON service. Each rule injects one fault into matching requests: all of them, an exact `count`,
 * or a `fraction` drawn from a seeded generator (the same seed, the same requests).
 * Nothing here waits on a timer: a `hang` never answers and is cut by the client's own
 * timeout; `close()` destroys every socket still open.
 */
import * as http from "node:http";
import type { Socket } from "node:net";

import { seededRandom } from "./random";

export type Fault =
  /** 400 `ThrottlingException` (query protocol: `Throttling`). */
  | "throttle"
  /** 500 with an empty body: the SDK reports `UnknownError`. */
  | "server-error"
  /** 503 `ServiceUnavailable`. */
  | "unavailable"
  /** The connection is destroyed once the request has arrived (`ECONNRESET`). */
  | "reset"
  /** The request is read and never answered. */
  | "hang"
  /** 400 `ExpiredTokenException` (query protocol: `ExpiredToken`). */
  | "expired-token"
  /** 400 `UnrecognizedClientException`: what an opt-in region the account has not enabled answers. */
  | "unrecognized-client"
  /** 403 `AccessDeniedException` (query protocol: `AccessDenied`). */
  | "access-denied"
  /** 200 with an HTML page, as a captive portal or a misconfigured proxy answers. */
  | "html";

export interface FaultRule {
  /** Operation names, e.g. `PutConfigurationRecorder`, `AssumeRole`, or a whole JSON service: `StarlingDoveService.*`. */
  readonly apis: readonly string[];
  readonly fault: Fault;
  /** Inject into at most this many matching requests; default: every one. */
  readonly count?: number;
  /** Inject into this share of matching requests (seeded); default 1. */
  readonly fraction?: number;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Replace the rules (counts start again); `[]` makes the proxy a plain forwarder. */
  setRules(rules: readonly FaultRule[]): void;
  /** Faults injected so far, per `operation:fault`. */
  injected(): Record<string, number>;
  /** Every request seen, by operation, in order. */
  requests(): readonly string[];
  close(): Promise<void>;
}

/** The operation a request calls, from `X-Amz-Target` or the form body's `Action`. */
export function operationOf(headers: http.IncomingHttpHeaders, body: string): string {
  const target = headers["x-amz-target"];
  if (typeof target === "string" && target.includes(".")) return target.slice(target.lastIndexOf(".") + 1);
  const action = new URLSearchParams(body).get("Action");
  return action ?? "";
}

const JSON_ERRORS: Record<string, { status: number; type: string; message: string }> = {
  throttle: { status: 400, type: "ThrottlingException", message: "Rate exceeded" },
  unavailable: { status: 503, type: "ServiceUnavailableException", message: "Service unavailable" },
  "expired-token": { status: 400, type: "ExpiredTokenException", message: "The security token included in the request is expired" },
  "unrecognized-client": { status: 400, type: "UnrecognizedClientException", message: "The security token included in the request is invalid." },
  "access-denied": { status: 403, type: "AccessDeniedException", message: "User is not authorized to perform this action" },
};

const QUERY_ERRORS: Record<string, { status: number; type: string; message: string }> = {
  throttle: { status: 400, type: "Throttling", message: "Rate exceeded" },
  unavailable: { status: 503, type: "ServiceUnavailable", message: "Service unavailable" },
  "expired-token": { status: 400, type: "ExpiredToken", message: "The security token included in the request is expired" },
  "unrecognized-client": { status: 403, type: "InvalidClientTokenId", message: "The security token included in the request is invalid." },
  "access-denied": { status: 403, type: "AccessDenied", message: "User is not authorized to perform this action" },
};

function answerError(res: http.ServerResponse, fault: Fault, json: boolean): void {
  const e = (json ? JSON_ERRORS : QUERY_ERRORS)[fault];
  if (json) {
    res.writeHead(e.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": e.type, "x-amzn-requestid": "fault-proxy" });
    res.end(JSON.stringify({ __type: e.type, message: e.message }));
  } else {
    res.writeHead(e.status, { "content-type": "text/xml", "x-amzn-requestid": "fault-proxy" });
    res.end(
      `<ErrorResponse><Error><Type>Sender</Type><Code>${e.type}</Code><Message>${e.message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
    );
  }
}

/** Start the proxy on a free loopback port, forwarding to `upstream` (moto's endpoint). */
export async function startFaultProxy(upstream: string, options: { seed?: number; rules?: readonly FaultRule[] } = {}): Promise<FaultProxy> {
  const upstreamUrl = new URL(upstream);
  const random = seededRandom(options.seed ?? 1);
  let rules: { rule: FaultRule; used: number }[] = [];
  const setRules = (next: readonly FaultRule[]) => {
    rules = next.map((rule) => ({ rule, used: 0 }));
  };
  setRules(options.rules ?? []);
  const injected: Record<string, number> = {};
  const seen: string[] = [];
  const sockets = new Set<Socket>();

  const matches = (rule: FaultRule, operation: string, target: string) =>
    rule.apis.some((api) => api === operation || (api.endsWith(".*") && target.startsWith(api.slice(0, -1))));
  const pick = (operation: string, target: string): Fault | undefined => {
    for (const entry of rules) {
      const { rule } = entry;
      if (!matches(rule, operation, target)) continue;
      if (rule.count !== undefined && entry.used >= rule.count) continue;
      if (rule.fraction !== undefined && random() >= rule.fraction) continue;
      entry.used++;
      return rule.fault;
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req.headers, body.toString("utf8"));
      seen.push(operation);
      const target = typeof req.headers["x-amz-target"] === "string" ? req.headers["x-amz-target"] : "";
      const fault = pick(operation, target);
      if (fault) injected[`${operation}:${fault}`] = (injected[`${operation}:${fault}`] ?? 0) + 1;
      const json = target !== "";
      switch (fault) {
        case undefined:
          break;
        case "hang":
          return;
        case "reset":
          req.socket.destroy();
          return;
        case "server-error":
          res.writeHead(500, { "content-length": "0" });
          res.end();
          return;
        case "html":
          res.writeHead(200, { "content-type": "text/html" });
          res.end("<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body><p>Please accept the terms.</p></body></html>");
          return;
        default:
          answerError(res, fault, json);
          return;
      }
      const forward = http.request(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on("error", (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("fault proxy has no port");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    setRules,
    injected: () => ({ ...injected }),
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
