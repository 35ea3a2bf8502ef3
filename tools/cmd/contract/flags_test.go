package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		required   []string
		wantDone   bool
		wantCode   int    // exit status carried by the error; 0: none
		wantErr    string // the error's text; "" for none
		wantStderr string // what stderr must contain; "" for nothing
	}{
		{name: "flags only", args: []string{"--dir", "x"}},
		{name: "required given", args: []string{"--dir", "x"}, required: []string{"dir"}},
		{name: "help", args: []string{"-h"}, wantDone: true, wantStderr: "usage: contract try"},
		{name: "unknown flag", args: []string{"--nope"}, wantDone: true, wantCode: 2, wantStderr: "flag provided but not defined: -nope"},
		{name: "stray argument", args: []string{"--dir", "x", "extra"}, wantDone: true, wantErr: `try: unexpected arguments ["extra"]`, wantStderr: "usage: contract try"},
		{name: "required missing", args: nil, required: []string{"dir"}, wantDone: true, wantErr: "try: --dir is required", wantStderr: "-dir string"},
		{name: "required checked before stray arguments", args: []string{"extra"}, required: []string{"dir"}, wantDone: true, wantErr: "try: --dir is required", wantStderr: "usage: contract try"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			fs := newFlagSet("try", "usage: contract try [--dir d]\n\nflags:", &stderr)
			dir := fs.String("dir", "", "a directory")
			done, err := parseFlags(fs, tt.args, tt.required...)
			if done != tt.wantDone {
				t.Errorf("done = %v, want %v", done, tt.wantDone)
			}
			var ee exitError
			switch {
			case tt.wantCode != 0:
				if !errors.As(err, &ee) || ee.code != tt.wantCode {
					t.Errorf("err = %v, want exit status %d", err, tt.wantCode)
				}
			case tt.wantErr != "":
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("err = %v, want none", err)
			}
			if tt.wantStderr == "" && stderr.Len() > 0 {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, stderr.String())
			}
			if !tt.wantDone && *dir != "x" {
				t.Errorf("--dir = %q, want x", *dir)
			}
		})
	}
}
