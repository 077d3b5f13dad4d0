// Runs the reference stack by hand:
//
//   PIPEOPS_TOKEN=… RUNNER_TOKEN=… npm run reference -- [--control-plane-port 7070]
//       [--runner-port 7071] [--gateway-port 7072] [--heartbeat-interval 10]
//
// Tokens come from the environment only, so they never show up in `ps` or in a log line.
import { parseArgs } from 'node:util';
import { startReferenceStack } from './start.ts';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'control-plane-port': { type: 'string', default: '7070' },
      'runner-port': { type: 'string', default: '7071' },
      'gateway-port': { type: 'string', default: '7072' },
      'heartbeat-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(
      'usage: PIPEOPS_TOKEN=… RUNNER_TOKEN=… npm run reference -- [--control-plane-port N] [--runner-port N]\n' +
        '       [--gateway-port N] [--heartbeat-interval SECONDS]\n',
    );
    return;
  }
  const apiToken = process.env.PIPEOPS_TOKEN;
  const runnerToken = process.env.RUNNER_TOKEN;
  if (apiToken === undefined || apiToken === '' || runnerToken === undefined || runnerToken === '') {
    throw new Error('set PIPEOPS_TOKEN (what the agent presents to the control plane) and RUNNER_TOKEN (what it presents to the Runner)');
  }
  const heartbeat = values['heartbeat-interval'];
  const stack = await startReferenceStack({
    apiToken,
    runnerToken,
    controlPlanePort: portNumber(values['control-plane-port'], '--control-plane-port'),
    runnerPort: portNumber(values['runner-port'], '--runner-port'),
    gatewayPort: portNumber(values['gateway-port'], '--gateway-port'),
    ...(heartbeat === undefined ? {} : { heartbeatIntervalSeconds: portNumber(heartbeat, '--heartbeat-interval') }),
  });
  process.stderr.write(
    `\nagent:   pipeops.api_url: ${stack.controlPlane.url}   (token: $PIPEOPS_TOKEN)\n` +
      `agents:  curl -H "Authorization: Bearer $PIPEOPS_TOKEN" ${stack.controlPlane.url}/agents\n` +
      `kubectl: kubectl --server ${stack.gatewayUrl} get pods -A\n\n`,
  );
  const stop = (): void => {
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function portNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be an integer 0–65535, got "${value}"`);
  return n;
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`reference: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
