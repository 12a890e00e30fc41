// Command client is the mcp-conform client adapter for the Go MCP SDK: it reads a client plan
// (schema/client-plan.schema.json), carries out each action with the SDK's mcp.Client, answers the
// server's requests from the plan, and writes the outcomes file (schema/client-outcome.schema.json).
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
	files, err := parseArgs(args)
	var p *plan
	if err == nil {
		p, err = readPlan(files["plan"])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n%s\n", err, usage)
		return 2
	}
	out, err := openOutcomes(files["outcomes"])
	if err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n", err)
		return 1
	}
	defer out.close()
	r, err := newRunner(p, out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "client: %v\n", err)
		var pe planError
		if errors.As(err, &pe) {
			return 2
		}
		return 1
	}
	r.run()
	r.shutdown()
	out.write(map[string]any{"event": "done"})
	return 0
}

func parseArgs(args []string) (map[string]string, error) {
	files := map[string]string{}
	for i := 0; i < len(args); i += 2 {
		flag := args[i]
		if (flag != "--plan" && flag != "--outcomes") || i+1 >= len(args) {
			return nil, planErrorf("unexpected argument %s", flag)
		}
		files[flag[2:]] = args[i+1]
	}
	if files["plan"] == "" || files["outcomes"] == "" {
		return nil, planErrorf("both --plan and --outcomes are required")
	}
	return files, nil
}
