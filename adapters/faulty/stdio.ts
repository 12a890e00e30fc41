// stdio transport: newline-delimited JSON-RPC on stdin/stdout. stdout carries protocol messages
// only; anything else goes to stderr. One Session lives as long as the process.
import type { Faults } from './faults.js';
import { classify, encode, type Message } from './jsonrpc.js';
import { handle } from './protocol.js';
import { Session } from './session.js';
import { onStdinLines } from './io.js';

export function startStdio(faults: Faults): void {
  const session = new Session(faults);
  // A closed pipe on our side means the client is gone: nothing left to do.
  process.stdout.on('error', () => process.exit(0));
  // stdout-banner: the human-readable start-up line many servers print, on the protocol channel.
  if (faults.has('stdout-banner')) process.stdout.write('mcp-conform faulty fixture: listening on stdio\n');
  const write = (message: Message): void => {
    process.stdout.write(`${encode(message, faults)}\n`);
  };

  const onLine = async (line: string): Promise<void> => {
    const outcome = await handle(classify(line), session, write);
    if (outcome.reply) write(outcome.reply);
  };

  // Not awaited: requests run concurrently, so a slow tool never holds up a ping behind it.
  onStdinLines((line) => void onLine(line));
  // stdin closing is how a stdio client says goodbye; pending work is abandoned on purpose.
  process.stdin.on('end', () => {
    session.close();
    process.exit(0);
  });
}
