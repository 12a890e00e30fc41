// Entry point: `node server.js stdio`, `node server.js http <port> <path>`, or `node server.js sse <port> <path>`
// (the legacy HTTP+SSE transport of 2024-11-05; <path> is its SSE endpoint).
// Faults come from MCP_CONFORM_FAULTS (comma-separated); an unknown name is a usage error (exit 2).
import { FAULTS_ENV, parseFaults, UnknownFaultError, type Faults } from './faults.js';
import { startHttp } from './http.js';
import { startLegacySse } from './legacy-sse.js';
import { log } from './protocol.js';
import { startStdio } from './stdio.js';

const USAGE = 'usage: node server.js stdio | node server.js http <port> <path> | node server.js sse <port> <path>';

function usageError(message: string): never {
  process.stderr.write(`mcp-conform faulty: ${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let faults: Faults;
  try {
    faults = parseFaults(process.env[FAULTS_ENV]);
  } catch (e) {
    if (e instanceof UnknownFaultError) usageError(e.message);
    throw e;
  }
  if (faults.size > 0) log(`faults on: ${[...faults].join(', ')}`);

  // The harness stops servers with SIGTERM; nothing needs flushing, so leave at once.
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));

  const [mode, portArg, pathArg] = argv;
  if (mode === 'stdio') return startStdio(faults);
  if (mode === 'http' || mode === 'sse') {
    const port = Number(portArg ?? '0');
    if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(`invalid port '${portArg}'\n${USAGE}`);
    const path = pathArg ?? (mode === 'http' ? '/mcp' : '/sse');
    if (!path.startsWith('/')) usageError(`the path must start with '/': '${path}'\n${USAGE}`);
    if (mode === 'http') startHttp(port, path, faults);
    else startLegacySse(port, path, faults);
    return;
  }
  usageError(USAGE);
}

main(process.argv.slice(2));
