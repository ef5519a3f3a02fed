//go:build tools

// Package engine pins the Pulumi CLI that tools/engine/provision builds where
// no `pulumi` is installed: `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi`
// in this module. A wrapper module is needed because pkg/v3's own go.mod has
// replace directives, which `go install pkg@version` refuses; replace
// directives apply only in the main module, and this one requires pkg/v3 and
// sdk/v3 at the same release instead.
package engine

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
