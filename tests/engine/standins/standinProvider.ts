/**
 * A stand-in for the `aws` and `aws-native` resource plugins, for the engine
 * tests and the engine benchmark: a real plugin process that the Pulumi engine
 * launches from PATH (bin/pulumi-resource-aws, bin/pulumi-resource-aws-native)
 * and talks to over the provider gRPC protocol. It answers every resource type
 * and invoke the program uses (resourceFacts.ts) at once, with deterministic
 * ids and ARNs in AWS's formats, writes every request to a JSON-lines log the
 * tests read (AWS_CONFIG_ORG_STANDIN_LOG), and refuses a type or invoke it does
 * not know.
 *
 * It is a stand-in, not the real provider: it proves nothing about the real
 * provider's validation, defaults or replacements. Neither real plugin can be
 * built from a package registry (../shared/pulumi-engine-facts.md).
 */
import { appendFileSync, readFileSync } from "node:fs";

import * as grpc from "@grpc/grpc-js";

import { AWS_NATIVE_TYPES, AWS_TYPES, hex, type Place, type TypeFacts } from "./resourceFacts";

const provproto = require("@pulumi/pulumi/proto/provider_pb");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const plugproto = require("@pulumi/pulumi/proto/plugin_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

type Props = Record<string, unknown>;

/** The engine's marker for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const PACKAGE = process.argv[2] === "aws-native" ? "aws-native" : "aws";
const TYPES: Readonly<Record<string, TypeFacts>> = PACKAGE === "aws" ? AWS_TYPES : AWS_NATIVE_TYPES;
const LOG = process.env.AWS_CONFIG_ORG_STANDIN_LOG;

function log(entry: Props): void {
  if (LOG) appendFileSync(LOG, `${JSON.stringify({ plugin: PACKAGE, pid: process.pid, ...entry })}\n`);
}

interface OrganizationFixture {
  readonly id?: string;
  readonly managementAccountId?: string;
  readonly accounts: readonly { id: string; name: string; status: string }[];
  readonly ouMembers?: Readonly<Record<string, readonly string[]>>;
}

let fixture: OrganizationFixture | undefined;

/** The organization fixture, read once per plugin process (every create asks for it). */
function organization(): OrganizationFixture {
  const file = process.env.AWS_CONFIG_ORG_STANDIN_ORGANIZATION;
  if (!file) throw new Error(`${PACKAGE} stand-in: the program asked for the organization, but AWS_CONFIG_ORG_STANDIN_ORGANIZATION names no fixture file`);
  return (fixture ??= JSON.parse(readFileSync(file, "utf8")) as OrganizationFixture);
}

/** The provider instance's own place: its account (allowedAccountIds, else an assumed role's account) and region. */
const configured = { accountId: "123456789012", region: "us-east-1" };

function configure(variables: Map<string, string>, args: Props): void {
  // Provider inputs reach a plugin JSON-encoded, as strings.
  const get = (key: string): unknown => {
    const raw = args[key] ?? variables.get(`${PACKAGE}:config:${key}`) ?? variables.get(`${PACKAGE}:${key}`);
    return typeof raw === "string" ? parseMaybe(raw) : raw;
  };
  const region = get("region");
  if (typeof region === "string" && region !== UNKNOWN) configured.region = region;
  const allowed = get("allowedAccountIds");
  const roles = get("assumeRoles") ?? get("assumeRole");
  const roleArn = Array.isArray(roles) ? (roles[0] as Props | undefined)?.roleArn : (roles as Props | undefined)?.roleArn;
  if (Array.isArray(allowed) && typeof allowed[0] === "string") configured.accountId = allowed[0];
  else if (typeof roleArn === "string") configured.accountId = roleArn.split(":")[4] ?? configured.accountId;
}

function parseMaybe(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function placeOf(inputs: Props): Place {
  const org = process.env.AWS_CONFIG_ORG_STANDIN_ORGANIZATION ? organization() : undefined;
  return {
    accountId: configured.accountId,
    region: typeof inputs.region === "string" && inputs.region !== UNKNOWN ? inputs.region : configured.region,
    organizationId: org?.id ?? "o-standin0000",
    managementAccountId: org?.managementAccountId ?? configured.accountId,
  };
}

function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

function factsOf(urn: string): TypeFacts {
  const type = typeOf(urn);
  const facts = TYPES[type];
  if (!facts) {
    throw new Error(`${PACKAGE} stand-in: unknown resource type ${type} (${urn}); describe it in tests/engine/standins/resourceFacts.ts`);
  }
  return facts;
}

const toJs = (s: { toJavaScript(): Props } | undefined): Props => (s ? s.toJavaScript() : {});
const toStruct = (v: Props): unknown => structproto.Struct.fromJavaScript(v);

type Callback = (err: grpc.ServiceError | null, value?: unknown) => void;
type Call = { request: Record<string, (...a: unknown[]) => unknown> } & Record<string, unknown>;

/** Every handler logs its request and turns a thrown error into a gRPC error the engine shows. */
function handler(method: string, body: (req: Call["request"]) => unknown): (call: Call, cb: Callback) => void {
  return (call, cb) => {
    try {
      cb(null, body(call.request));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log({ method, error: message });
      cb({ code: grpc.status.UNKNOWN, details: message, message, name: "Error", metadata: new grpc.Metadata() } as grpc.ServiceError);
    }
  };
}

function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

const service = {
  // The version of the SDK package the program uses, so the engine's version check is quiet.
  getPluginInfo: handler("GetPluginInfo", () =>
    new plugproto.PluginInfo().setVersion((require(`@pulumi/${PACKAGE}/package.json`) as { version: string }).version),
  ),
  getSchema: handler("GetSchema", () => new provproto.GetSchemaResponse().setSchema("{}")),
  checkConfig: handler("CheckConfig", (req) => new provproto.CheckResponse().setInputs(req.getNews())),
  diffConfig: handler("DiffConfig", (req) => {
    const olds = toJs(req.getOldInputs() as never),
      news = toJs(req.getNews() as never);
    const changed = Object.keys({ ...olds, ...news }).filter((k) => differs(olds[k], news[k]));
    return new provproto.DiffResponse()
      .setChanges(changed.length ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
      .setDiffsList(changed);
  }),
  configure: handler("Configure", (req) => {
    const variables = new Map<string, string>((req.getVariablesMap() as { entries(): { next(): unknown } } & { toArray(): [string, string][] }).toArray());
    configure(variables, toJs(req.getArgs() as never));
    log({ method: "Configure", accountId: configured.accountId, region: configured.region });
    return new provproto.ConfigureResponse().setAcceptsecrets(false).setAcceptresources(false).setAcceptoutputs(false).setSupportspreview(false);
  }),
  check: handler("Check", (req) => {
    const urn = String(req.getUrn());
    const facts = factsOf(urn);
    const olds = toJs(req.getOlds() as never),
      news = toJs(req.getNews() as never);
    const inputs = { ...news };
    if (facts.autoName && inputs[facts.autoName] === undefined) {
      const logical = urn.split("::")[3] ?? "resource";
      inputs[facts.autoName] = olds[facts.autoName] ?? `${logical}-${hex(urn, 7)}`;
    }
    log({ method: "Check", type: typeOf(urn), urn });
    return new provproto.CheckResponse().setInputs(toStruct(inputs));
  }),
  diff: handler("Diff", (req) => {
    const urn = String(req.getUrn());
    const facts = factsOf(urn);
    const olds = toJs(req.getOldInputs() as never);
    const base = Object.keys(olds).length ? olds : toJs(req.getOlds() as never);
    const news = toJs(req.getNews() as never);
    const ignored = new Set(req.getIgnorechangesList() as string[]);
    const keys = [...new Set([...Object.keys(news), ...Object.keys(olds)])].filter((k) => !ignored.has(k));
    const changed = keys.filter((k) => news[k] === UNKNOWN || differs(base[k], news[k]));
    const replaces = changed.filter((k) => facts.replaceOn?.includes(k));
    log({ method: "Diff", type: typeOf(urn), urn, changed });
    return new provproto.DiffResponse()
      .setChanges(changed.length ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
      .setDiffsList(changed)
      .setReplacesList(replaces);
  }),
  create: handler("Create", (req) => {
    const urn = String(req.getUrn());
    const inputs = toJs(req.getProperties() as never);
    const { id, outs } = factsOf(urn).outputs(inputs, placeOf(inputs), urn);
    log({ method: "Create", type: typeOf(urn), urn, id });
    return new provproto.CreateResponse().setId(id).setProperties(toStruct({ ...inputs, ...outs }));
  }),
  read: handler("Read", (req) => {
    const urn = String(req.getUrn());
    factsOf(urn);
    log({ method: "Read", type: typeOf(urn), urn, id: req.getId() });
    return new provproto.ReadResponse().setId(req.getId()).setProperties(req.getProperties()).setInputs(req.getInputs());
  }),
  update: handler("Update", (req) => {
    const urn = String(req.getUrn());
    const olds = toJs(req.getOlds() as never),
      news = toJs(req.getNews() as never);
    const { outs } = factsOf(urn).outputs(news, placeOf(news), urn);
    log({ method: "Update", type: typeOf(urn), urn, id: req.getId() });
    // Computed outputs that identify the resource stay as they were.
    return new provproto.UpdateResponse().setProperties(
      toStruct({ ...olds, ...news, ...outs, ...pick(olds, ["arn", "keyId", "uniqueId", "queryId", "queryArn"]) }),
    );
  }),
  delete: handler("Delete", (req) => {
    const urn = String(req.getUrn());
    factsOf(urn);
    log({ method: "Delete", type: typeOf(urn), urn, id: req.getId() });
    return new emptyproto.Empty();
  }),
  invoke: handler("Invoke", (req) => {
    const token = String(req.getTok());
    const args = toJs(req.getArgs() as never);
    log({ method: "Invoke", token });
    return new provproto.InvokeResponse().setReturn(toStruct(answerInvoke(token, args)));
  }),
  cancel: handler("Cancel", () => new emptyproto.Empty()),
  attach: handler("Attach", () => new emptyproto.Empty()),
};

function pick(from: Props, keys: readonly string[]): Props {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}

function answerInvoke(token: string, args: Props): Props {
  if (PACKAGE !== "aws") throw new Error(`${PACKAGE} stand-in: unknown invoke ${token}`);
  switch (token) {
    case "aws:organizations/getOrganization:getOrganization": {
      const org = organization();
      const id = org.id ?? "o-standin0000";
      const management = org.managementAccountId ?? configured.accountId;
      return {
        id,
        arn: `arn:aws:organizations::${management}:organization/${id}`,
        masterAccountId: management,
        featureSet: "ALL",
        accounts: org.accounts.map((a) => ({
          id: a.id,
          name: a.name,
          status: a.status,
          state: a.status,
          arn: `arn:aws:organizations::${management}:account/${id}/${a.id}`,
          email: `aws+${a.id}@example.com`,
        })),
        nonMasterAccounts: [],
        roots: [],
        awsServiceAccessPrincipals: [],
        enabledPolicyTypes: [],
      };
    }
    case "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": {
      const ou = String(args.parentId);
      const org = organization();
      const byId = new Map(org.accounts.map((a) => [a.id, a]));
      return {
        id: ou,
        parentId: ou,
        accounts: (org.ouMembers?.[ou] ?? []).map((id) => ({ id, name: byId.get(id)?.name ?? id, status: byId.get(id)?.status ?? "ACTIVE" })),
      };
    }
    default:
      throw new Error(`${PACKAGE} stand-in: unknown invoke ${token}; answer it in tests/engine/standins/standinProvider.ts`);
  }
}

function main(): void {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService, service as unknown as grpc.UntypedServiceImplementation);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      console.error(`${PACKAGE} stand-in: ${err.message}`);
      process.exit(1);
    }
    log({ method: "Start" });
    // The engine reads the port from the first line of standard output.
    process.stdout.write(`${port}\n`);
  });
}

main();
