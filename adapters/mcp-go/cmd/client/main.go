// Command client is the mcp-conform client adapter for mark3labs/mcp-go: it reads a client plan
// (schema/client-plan.schema.json), carries out each action with mcp-go's Client, answers the
// server's sampling, elicitation and roots requests from the plan, and writes the outcomes file
// (schema/client-outcome.schema.json).
//
//	client --plan <plan.json> --outcomes <outcomes.jsonl>
//
// Exit status: 0 when the plan ran to its end (failed actions are outcomes), 2 for a bad plan or bad
// usage, 1 for anything else.
package main

import (
	"errors"
	"fmt"
	"os"
)

const usage = "usage: client --plan <plan.json> --outcomes <outcomes.jsonl>"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	planFile, outcomesFile, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n%s\n", err, usage)
		return 2
	}
	p, err := readPlan(planFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n", err)
		if errors.Is(err, errPlan) {
			return 2
		}
		return 1
	}
	out, err := openOutcomes(outcomesFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n", err)
		return 1
	}
	r := newRunner(p, out)
	r.run()
	r.shutdown()
	out.event("done", "", nil)
	if err := out.close(); err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n", err)
		return 1
	}
	return 0
}

func parseArgs(args []string) (planFile, outcomesFile string, err error) {
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return "", "", fmt.Errorf("%s needs a value", args[i])
		}
		switch args[i] {
		case "--plan":
			planFile = args[i+1]
		case "--outcomes":
			outcomesFile = args[i+1]
		default:
			return "", "", fmt.Errorf("unexpected argument %s", args[i])
		}
	}
	if planFile == "" || outcomesFile == "" {
		return "", "", errors.New("both --plan and --outcomes are required")
	}
	return planFile, outcomesFile, nil
}
