// The stdio server a client adapter starts when the harness plays the server over stdio. It owns no
// protocol: it connects back to the harness on 127.0.0.1 and relays bytes both ways, so the harness
// sees and shapes every line the client writes. Usage: stdio-bridge <port> <token>
import { connect } from 'node:net';

const CONNECT_TIMEOUT_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`mcp-conform stdio bridge: ${message}\n`);
  process.exit(1);
}

const [portText, token] = process.argv.slice(2);
const port = Number(portText);
if (!Number.isInteger(port) || port <= 0 || port > 65_535 || !token) fail('usage: stdio-bridge <port> <token> (started by mcp-conform, not by hand)');

const socket = connect({ host: '127.0.0.1', port });
const timer = setTimeout(() => fail(`no connection to the harness on 127.0.0.1:${port} within ${CONNECT_TIMEOUT_MS} ms`), CONNECT_TIMEOUT_MS);
socket.on('connect', () => {
  clearTimeout(timer);
  // The token tells the harness which case this bridge belongs to; everything after it is the client's.
  socket.write(`${token}\n`);
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
});
socket.on('error', (e) => fail(`connection to the harness failed: ${e.message}`));
// Either side going away ends the bridge: the client closed stdin, or the harness ended the case.
socket.on('close', () => process.exit(0));
process.stdin.on('end', () => socket.end());
