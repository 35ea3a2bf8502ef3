package codegen

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	oapicodegen "github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"go.yaml.in/yaml/v3"
)

// ConfigName is the file name of a generated package's oapi-codegen configuration.
const ConfigName = "oapi-codegen.yaml"

// oapiCodegenModule is the module whose version is written into generated headers.
const oapiCodegenModule = "github.com/oapi-codegen/oapi-codegen/v2"

// File is one rendered file.
type File struct {
	// Path is slash-separated and relative to the contract root (gen/models/models.gen.go).
	Path string
	Data []byte
}

// config is oapi-codegen's configuration file: its Configuration plus the output path.
type config struct {
	oapicodegen.Configuration `yaml:",inline"`
	Output                    string `yaml:"output"`
}

// Configs returns the paths of the oapi-codegen configurations under genDir in fsys, sorted.
func Configs(fsys fs.FS, genDir string) ([]string, error) {
	matches, err := fs.Glob(fsys, path.Join(genDir, "*", ConfigName))
	if err != nil {
		return nil, err
	}
	slices.Sort(matches)
	return matches, nil
}

// Render generates the Go files of every configuration under genDir from the bundled
// OpenAPI document. Output paths in a configuration are relative to its own folder.
func Render(ctx context.Context, fsys fs.FS, genDir string, openAPI []byte, hash string) ([]File, error) {
	cfgs, err := Configs(fsys, genDir)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, cfgPath := range cfgs {
		raw, err := fs.ReadFile(fsys, cfgPath)
		if err != nil {
			return nil, err
		}
		f, err := renderOne(ctx, cfgPath, raw, openAPI, hash)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
		unimpl, err := RenderUnimplemented(f.Data, hash)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cfgPath, err)
		}
		if unimpl != nil {
			out = append(out, File{Path: path.Join(path.Dir(f.Path), "unimplemented.gen.go"), Data: unimpl})
		}
	}
	return out, nil
}

func renderOne(ctx context.Context, cfgPath string, raw, openAPI []byte, hash string) (File, error) {
	var cfg config
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return File{}, fmt.Errorf("%s: %w", cfgPath, err)
	}
	if cfg.Output == "" || path.IsAbs(cfg.Output) || strings.Contains(cfg.Output, "..") {
		return File{}, fmt.Errorf("%s: output must be a file name inside the package folder, got %q", cfgPath, cfg.Output)
	}
	version := moduleVersion()
	cfg.NoVCSVersionOverride = &version
	cfg.Configuration = cfg.Configuration.UpdateDefaults()
	if err := cfg.Validate(); err != nil {
		return File{}, fmt.Errorf("%s: %w", cfgPath, err)
	}
	// Each package gets a fresh document: oapi-codegen may annotate the one it is given.
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(openAPI)
	if err != nil {
		return File{}, fmt.Errorf("load the bundled OpenAPI document: %w", err)
	}
	code, err := oapicodegen.Generate(doc, cfg.Configuration)
	if err != nil {
		return File{}, fmt.Errorf("%s: oapi-codegen: %w", cfgPath, err)
	}
	return File{Path: path.Join(path.Dir(cfgPath), cfg.Output), Data: stampHash([]byte(code), hash)}, nil
}

// stampHash adds the contract hash to the generated header, right after the
// "Code generated ... DO NOT EDIT." line, so a stale file names the contract it came from.
func stampHash(code []byte, hash string) []byte {
	line := []byte("// Contract hash: " + hash + "\n")
	lines := bytes.SplitAfter(code, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte("// Code generated ")) {
			return slices.Concat(bytes.Join(lines[:i+1], nil), line, bytes.Join(lines[i+1:], nil))
		}
	}
	return slices.Concat(line, code)
}

// moduleVersion returns oapi-codegen's version as built into this binary, so the header
// names the generator that really ran (the version pinned in go.mod).
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == oapiCodegenModule {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}
