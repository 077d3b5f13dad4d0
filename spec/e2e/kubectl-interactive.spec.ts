// kubectl exec, attach, cp and port-forward through the tunnel (protocol v2
// upgraded streams), each compared with the same command run directly against
// the API server, over both of kubectl's transports (WebSocket, and SPDY with
// KUBECTL_*_WEBSOCKETS=false). The pod is a kwok pod: exec runs local
// processes, attach follows the harness's log file, port-forward reaches the
// pod-target server. kwok never delivers stdin EOF to a non-tty exec and loses
// exit codes, so every command here ends by itself (a script that exits, a
// pty, a command without stdin).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { E2eStack, type E2eAgent } from '../support/e2e/stack.ts';
import { collect, kubectlEnvFor, type KubectlResult } from '../../testkit/kubectl.ts';
import { KubectlWatch } from '../support/e2e/watch.ts';
import { eventually } from '../faults/helpers.ts';
import { kube } from '../../testkit/kube/harness.ts';
import { openConnects } from '../support/api-metrics.ts';
import { POD_TARGET_GREETING, podTargetBytes } from '../../testkit/kube/pod-target.ts';

const TRANSPORTS = [
  { name: 'WebSocket', env: {} },
  { name: 'SPDY', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } },
] as const;
const BIG = 50 * 1024 * 1024;

/**
 * Runs an `exec -i` again when kwok gave its process an empty stdin: now and then, on a loaded machine, kwok starts
 * the process with stdin already at EOF and the bytes kubectl sent are lost, so `sh` exits 0 having printed nothing.
 * Measured straight at the API server, with no agent in the path: 2 of 100 runs over SPDY with six kubectls at once.
 * Any other result, a wrong one included, is returned as it is; three empty runs in a row are returned too.
 */
async function kwokStdinRetry(run: () => Promise<KubectlResult>): Promise<KubectlResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    const empty = result.code === 0 && result.stdout === '' && result.stderr === '';
    if (!empty || attempt === 3) return result;
  }
}

describe('kubectl exec, attach, cp and port-forward through the tunnel', function () {
  let stack: E2eStack;
  let agent: E2eAgent;
  let pod: string;
  const children: KubectlWatch[] = [];

  before(async function () {
    stack = await E2eStack.start();
    agent = await stack.startAgent('interactive');
    const deployment = await kube.runDeployment('interactive', 1);
    pod = deployment.pods[0] ?? '';
  });

  afterEach(function () {
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
  });

  after(async function () {
    await stack?.close();
  });

  /** The same command through the tunnel and directly. */
  async function both(args: string[], env: Record<string, string>, input?: string): Promise<[KubectlResult, KubectlResult]> {
    const options = { env, ...(input === undefined ? {} : { input }) };
    return Promise.all([stack.viaTunnel(args, options), stack.direct(args, options)]);
  }

  function kubeconfigs(): [string, string][] {
    return [
      ['tunnel', agent.kubeconfig],
      ['direct', kube.adminKubeconfig],
    ];
  }

  for (const transport of TRANSPORTS) {
    describe(`over ${transport.name}`, function () {
      it('exec runs a command and prints its output, as directly', async function () {
        const [tunnel, direct] = await both(['exec', pod, '--', 'sh', '-c', 'echo out; echo err >&2'], transport.env);
        expect(direct.code, direct.stderr).to.equal(0);
        expect(tunnel).to.deep.equal(direct);
        expect(tunnel.stdout).to.equal('out\n');
        expect(tunnel.stderr).to.equal('err\n');
      });

      it('exec -i feeds a script on stdin that ends the shell, as directly', async function () {
        const script = 'echo first\nexpr 6 \\* 7\nexit\n';
        const args = ['exec', '-i', pod, '--', 'sh'];
        const options = { env: transport.env, input: script };
        const [tunnel, direct] = await Promise.all([
          kwokStdinRetry(() => stack.viaTunnel(args, options)),
          kwokStdinRetry(() => stack.direct(args, options)),
        ]);
        expect(direct.code, direct.stderr).to.equal(0);
        expect(tunnel).to.deep.equal(direct);
        expect(tunnel.stdout).to.equal('first\n42\n');
      });

      it('exec -it gives an interactive shell with a terminal, as directly', async function () {
        const results = await Promise.all(
          kubeconfigs().map(async ([label, kubeconfig]) => {
            // `script` supplies the terminal kubectl -t needs. Typed as a person would: a line after the prompt,
            // `exit` after its answer.
            const command = `${stack.kubectl.path} exec -it ${pod} -- sh`;
            const child = spawn('script', ['-qec', command, '/dev/null'], { env: kubectlEnvFor(stack.kubectl, kubeconfig, transport.env), stdio: ['pipe', 'pipe', 'pipe'] });
            const result = collect(child, 60_000, `kubectl exec -it (${label})`);
            let out = '';
            const seen = (pattern: RegExp): Promise<void> =>
              new Promise((resolve) => {
                const check = (s?: Buffer): void => {
                  if (s !== undefined) out += s.toString();
                  if (!pattern.test(out)) return;
                  child.stdout.off('data', check);
                  resolve();
                };
                child.stdout.on('data', check);
                check();
              });
            await seen(/# $/);
            child.stdin.write('test -t 0 && echo "tty-$((6*7))"\r');
            await seen(/tty-42\r?\n/);
            child.stdin.write('exit\r');
            return result;
          }),
        );
        for (const r of results) {
          expect(r.code, r.stdout + r.stderr).to.equal(0);
          expect(r.stdout).to.match(/^(?:# )?tty-42\r?$/m);
        }
      });

      it('attach streams what the container writes after it attached, as directly', async function () {
        const watches = kubeconfigs().map(([, kubeconfig]) => {
          const w = new KubectlWatch(stack.kubectl.spawn(['attach', pod], kubeconfig, transport.env));
          children.push(w);
          return w;
        });
        // kubectl prints nothing until it is attached: append until each has seen a line, then one more for both.
        const marker = `attach-${randomBytes(4).toString('hex')}`;
        let n = 0;
        const seen = Promise.all(watches.map((w) => w.waitForLine(new RegExp(`^${marker}-\\d+$`), 60_000)));
        const feeder = setInterval(() => kube.appendPodLog(`${marker}-${n++}`), 200);
        try {
          await seen;
        } finally {
          clearInterval(feeder);
        }
        kube.appendPodLog(`${marker}-last`);
        await Promise.all(watches.map((w) => w.waitForLine(new RegExp(`^${marker}-last$`))));
        for (const w of watches) expect(w.stderr).to.not.match(/error/i);
      });

      it('cp copies a file out of the pod byte for byte, as directly', async function () {
        const content = randomBytes(3 * 1024 * 1024);
        const name = `cp-${transport.name}-${randomBytes(4).toString('hex')}.bin`;
        const source = join(kube.state.kwok.workDir, name);
        writeFileSync(source, content);
        const results = await Promise.all(
          kubeconfigs().map(async ([label]) => {
            const out = join(stack.dir, `${label}-${name}`);
            const args = ['cp', `${kube.namespace}/${pod}:${source}`, out];
            const r = label === 'tunnel' ? await stack.viaTunnel(args, { env: transport.env }) : await stack.direct(args, { env: transport.env });
            return { r, bytes: r.code === 0 ? readFileSync(out) : Buffer.alloc(0) };
          }),
        );
        const [tunnel, direct] = results;
        expect(direct?.r.code, direct?.r.stderr).to.equal(0);
        expect(tunnel?.r).to.deep.equal(direct?.r);
        expect(sha256(tunnel?.bytes ?? Buffer.alloc(0))).to.equal(sha256(content));
      });

      it('port-forward carries 10 parallel requests and 50 MB each way, as directly', async function () {
        const expectedDownload = sha256(podTargetBytes(BIG));
        const upload = randomBytes(BIG);
        for (const [label, kubeconfig] of kubeconfigs()) {
          const w = new KubectlWatch(stack.kubectl.spawn(['port-forward', `pod/${pod}`, ':80'], kubeconfig, transport.env));
          children.push(w);
          const line = await w.waitForLine(/^Forwarding from 127\.0\.0\.1:\d+ -> 80$/, 60_000);
          const port = Number(/:(\d+) ->/.exec(line)?.[1]);
          const greetings = await Promise.all(Array.from({ length: 10 }, () => httpRequest(port, 'GET', '/')));
          for (const g of greetings) expect(g.toString(), label).to.equal(POD_TARGET_GREETING);
          const [down, up] = await Promise.all([httpRequest(port, 'GET', `/bytes?n=${BIG}`), httpRequest(port, 'POST', '/sha256', upload)]);
          expect(down.length, label).to.equal(BIG);
          expect(sha256(down), label).to.equal(expectedDownload);
          expect(up.toString().trim(), label).to.equal(sha256(upload));
          w.child.kill('SIGINT');
          await w.exited;
        }
      });
    });
  }

  it('refuses exec when the agent is configured to (proxy.upgrade.exec: false), before the API server', async function () {
    const narrow = await stack.startAgent('no-exec', kube.saDir, { PIPEOPS_PROXY_UPGRADE_EXEC: 'false' });
    const r = await stack.kubectl.run(['exec', pod, '--', 'echo', 'hi'], { kubeconfig: narrow.kubeconfig });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/pods\/exec is disabled \(proxy\.upgrade\.exec\)/);
    // port-forward stays allowed.
    const w = new KubectlWatch(stack.kubectl.spawn(['port-forward', `pod/${pod}`, ':80'], narrow.kubeconfig));
    children.push(w);
    const line = await w.waitForLine(/^Forwarding from 127\.0\.0\.1:\d+ -> 80$/, 60_000);
    const greeting = await httpRequest(Number(/:(\d+) ->/.exec(line)?.[1]), 'GET', '/');
    expect(greeting.toString()).to.equal(POD_TARGET_GREETING);
  });
});

describe('kubectl exec through an agent that gets SIGTERM', function () {
  let stack: E2eStack;

  before(async function () {
    stack = await E2eStack.start();
  });

  after(async function () {
    await stack?.close();
  });

  it('ends the session, closes the exec at the API server and exits 0', async function () {
    const agent = await stack.startAgent('sigterm');
    const pod = (await kube.runDeployment('sigterm', 1)).pods[0] ?? '';
    // stdin stays open and the command never ends: only the agent's shutdown can end this session.
    const session = stack.kubectl.spawn(['exec', '-i', pod, '--', 'sleep', '600', '0.4343'], agent.kubeconfig);
    const ended = collect(session, 60_000, 'kubectl exec -i');
    await eventually(async () => (await openConnects('exec')) === 1, 30_000, 'the exec open at the API server');
    agent.process.child.kill('SIGTERM');
    const exit = await agent.process.child.exited;
    expect(exit.code, agent.process.child.logTail()).to.equal(0);
    const r = await ended;
    expect(r.code).to.not.equal(0);
    await eventually(async () => (await openConnects('exec')) === 0, 30_000, 'no exec left open at the API server');
  });
});


function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function httpRequest(port: number, method: string, path: string, body?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (p: Buffer) => parts.push(p));
      res.on('end', () => resolve(Buffer.concat(parts)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
