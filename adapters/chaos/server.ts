// Entry point: `node server.js stdio` or `node server.js http <port> <path>`. The one misbehaviour
// comes from MCP_CONFORM_CHAOS (see README.md); an unknown mode is a usage error (exit 2).
import { startHttp } from './http.js';
import { appliesTo, CHAOS_ENV, LIMITS, parseMode, UnknownModeError, type ChaosTransport, type Mode } from './modes.js';
import { log } from './protocol.js';
import { startStdio } from './stdio.js';

const USAGE = 'usage: node server.js stdio | node server.js http <port> <path>';

function usageError(message: string): never {
  log(message);
  process.exit(2);
}

function readMode(): Mode | undefined {
  try {
    return parseMode(process.env[CHAOS_ENV]);
  } catch (e) {
    if (e instanceof UnknownModeError) usageError(e.message);
    throw e;
  }
}

/** Whatever the mode, the process ends: on a signal, when its parent closes stdin, and at the latest after its lifetime. */
function bound(transport: ChaosTransport): void {
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
  setTimeout(() => {
    log(`exiting after the fixture's lifetime of ${LIMITS.lifetimeMs} ms`);
    process.exit(0);
  }, LIMITS.lifetimeMs).unref();
  // Over stdio, stdin is the protocol channel and its end is handled there; over HTTP nothing else reads it.
  if (transport === 'http') {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
  }
}

function main(argv: string[]): void {
  const mode = readMode();
  const [transport, portArg, pathArg] = argv;
  if (transport !== 'stdio' && transport !== 'http') usageError(USAGE);
  if (mode === 'exit-at-once') {
    log('exit-at-once: exiting with code 3');
    process.exit(3);
  }
  if (mode) log(`mode ${mode}${appliesTo(mode, transport) ? '' : ` (does not apply to ${transport}: serving correctly)`}`);
  bound(transport);
  if (transport === 'stdio') return startStdio(mode);
  const port = Number(portArg ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(`invalid port '${portArg}'\n${USAGE}`);
  const path = pathArg ?? '/mcp';
  if (!path.startsWith('/')) usageError(`the path must start with '/': '${path}'\n${USAGE}`);
  startHttp(port, path, mode);
}

main(process.argv.slice(2));
