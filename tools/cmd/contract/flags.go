package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlagSet returns a subcommand's flag set: parse errors go to stderr, and
// its usage is the text usage (ending with the line that introduces the
// flags) followed by the flags and their defaults.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's arguments and checks that each flag named
// in required was given a value and that no argument is left over. When done
// is true the command returns err at once: nil after -h (the usage was
// printed), exit status 2 for a bad flag (the flag package said why), or the
// error of a missing flag or a stray argument (after the usage).
func parseFlags(fs *flag.FlagSet, args []string, required ...string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return true, exitError{2}
	}
	for _, name := range required {
		if f := fs.Lookup(name); f == nil || f.Value.String() == "" {
			fs.Usage()
			return true, fmt.Errorf("%s: --%s is required", fs.Name(), name)
		}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return true, fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return false, nil
}
