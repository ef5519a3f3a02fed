// Command pulumi-language-nodejs is aws-config-org's own stand-in for Pulumi's
// Node.js language host. It is NOT Pulumi's: Pulumi's host lives in a Go
// module that is never tagged, and the Go module proxy these machines reach
// refuses every pseudo-version of it, so tools/engine/provision builds this one
// beside the real CLI. A user's Pulumi install brings the real host, and this
// one is never used there.
//
// It does what the engine asks of a language host for this project, and no
// more: start the program through @pulumi/pulumi's own `cmd/run` (Run), start
// a policy pack through `cmd/run-policy-pack` or a plugin through
// `cmd/run-plugin` (RunPlugin), and name the resource plugins that installed
// packages declare (GetRequiredPlugins, GetRequiredPackages). Everything else
// answers Unimplemented, which the engine tolerates outside `pulumi new`,
// `pulumi install` and `pulumi convert`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Version reports the CLI release this host was built with (set by -ldflags).
var Version = "3.0.0"

// nodeJSProcessExitedAfterLoggingUserActionableMessage is the exit code that
// @pulumi/pulumi's cmd/run uses when it has already reported the error to
// the engine: the engine must then "bail" without printing it again.
const nodeJSProcessExitedAfterLoggingUserActionableMessage = 32

func main() {
	engineAddress := ""
	// The engine passes its own address as the last positional argument;
	// flags such as -tracing or -root may come before it.
	for _, arg := range os.Args[1:] {
		if !strings.HasPrefix(arg, "-") {
			engineAddress = arg
		}
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-nodejs (aws-config-org stand-in): node is not on PATH")
		os.Exit(1)
	}
	host := &languageHost{engineAddress: engineAddress, nodeBin: nodeBin}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (aws-config-org stand-in): %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of standard output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (aws-config-org stand-in): %v\n", err)
		os.Exit(1)
	}
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	nodeBin       string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// programDirectory is where the program (or plugin) lives: the request's
// ProgramInfo where the engine sends one, else the working directory.
func programDirectory(info *pulumirpc.ProgramInfo, pwd string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return pwd
}

// sdkCommand finds @pulumi/pulumi's cmd/<name> from dir upwards, as Node's own
// module resolution would (npm workspaces hoist the SDK to the root).
func sdkCommand(dir, name string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", name)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("@pulumi/pulumi is not installed in %s or any folder above it: run npm ci", dir)
		}
	}
}

type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

// resourcePlugins lists the resource plugins that packages under dir's
// node_modules declare ({"pulumi": {"resource": true}} in their package.json).
func resourcePlugins(dir string) ([]*pulumirpc.PluginDependency, error) {
	seen := map[string]*pulumirpc.PluginDependency{}
	var walk func(modules string) error
	walk = func(modules string) error {
		entries, err := os.ReadDir(modules)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, entry := range entries {
			pkgDir := filepath.Join(modules, entry.Name())
			if strings.HasPrefix(entry.Name(), "@") {
				if err := walk(pkgDir); err != nil {
					return err
				}
				continue
			}
			raw, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
			if err != nil {
				continue
			}
			var pkg packageJSON
			if json.Unmarshal(raw, &pkg) != nil || !pkg.Pulumi.Resource {
				continue
			}
			name := pkg.Pulumi.Name
			if name == "" {
				name = strings.TrimPrefix(strings.TrimPrefix(pkg.Name, "@pulumi/"), "@")
			}
			version := pkg.Pulumi.Version
			if version == "" {
				version = pkg.Version
			}
			if !strings.HasPrefix(version, "v") {
				version = "v" + version
			}
			seen[name] = &pulumirpc.PluginDependency{
				Name: name, Kind: "resource", Version: version, Server: pkg.Pulumi.Server,
			}
		}
		return nil
	}
	for d := dir; ; d = filepath.Dir(d) {
		if err := walk(filepath.Join(d, "node_modules")); err != nil {
			return nil, err
		}
		if _, err := os.Stat(filepath.Join(d, "package.json")); err == nil {
			break // the package root: Node resolves no higher for this program
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	plugins := make([]*pulumirpc.PluginDependency, 0, len(names))
	for _, name := range names {
		plugins = append(plugins, seen[name])
	}
	return plugins, nil
}

func (h *languageHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	plugins, err := resourcePlugins(programDirectory(req.GetInfo(), req.GetPwd()))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *languageHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	plugins, err := resourcePlugins(programDirectory(req.GetInfo(), ""))
	if err != nil {
		return nil, err
	}
	packages := make([]*pulumirpc.PackageDependency, 0, len(plugins))
	for _, p := range plugins {
		packages = append(packages, &pulumirpc.PackageDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// runtimeOption reads one of Pulumi.yaml's runtime.options.
func runtimeOption(info *pulumirpc.ProgramInfo, key string) (string, bool) {
	if info == nil || info.GetOptions() == nil {
		return "", false
	}
	v, ok := info.GetOptions().GetFields()[key]
	if !ok {
		return "", false
	}
	switch x := v.AsInterface().(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := programDirectory(info, req.GetPwd())
	runPath, err := sdkCommand(dir, "run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	if nodeargs, ok := runtimeOption(info, "nodeargs"); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, runPath)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	if info != nil {
		flag("root-directory", info.GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	entry := "."
	if info != nil && info.GetEntryPoint() != "" && info.GetEntryPoint() != "." {
		entry = filepath.Join(dir, info.GetEntryPoint())
	} else if info == nil && req.GetProgram() != "" { //nolint:staticcheck // engines without ProgramInfo
		entry = req.GetProgram() //nolint:staticcheck
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
	)
	typescript := "true"
	if v, ok := runtimeOption(info, "typescript"); ok {
		typescript = v
	}
	env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+typescript)
	if v, ok := runtimeOption(info, "tsconfig"); ok {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+v)
	}

	cmd := exec.CommandContext(ctx, h.nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == nodeJSProcessExitedAfterLoggingUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// streamWriter forwards a plugin's output to the engine, one chunk a message.
type streamWriter struct {
	mu     *sync.Mutex
	send   func(*pulumirpc.RunPluginResponse) error
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	chunk := append([]byte(nil), p...)
	msg := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: chunk}}
	if w.stderr {
		msg = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: chunk}}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.send(msg); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *languageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	info := req.GetInfo()
	dir := programDirectory(info, req.GetPwd())
	command := "run-plugin"
	if req.GetKind() == "analyzer" {
		command = "run-policy-pack"
	}
	runPath, err := sdkCommand(dir, command)
	if err != nil {
		return err
	}
	// cmd/run-policy-pack and cmd/run-plugin take the engine's address first
	// (the engine passes it in Args), then the program to load.
	args := append([]string{runPath}, req.GetArgs()...)
	args = append(args, dir)

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	if v, ok := runtimeOption(info, "typescript"); ok {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+v)
	}

	mu := &sync.Mutex{}
	cmd := exec.CommandContext(server.Context(), h.nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = streamWriter{mu: mu, send: server.Send}
	cmd.Stderr = streamWriter{mu: mu, send: server.Send, stderr: true}
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return err
		}
		code = int32(exit.ExitCode())
	}
	mu.Lock()
	defer mu.Unlock()
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

var _ io.Writer = streamWriter{}
