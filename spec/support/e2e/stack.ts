// Everything an end-to-end spec needs around the real API server: the
// reference Runner and control plane (restartable on the same port), a kubectl
// gateway per agent, bin/agent.js as a child process with in-cluster-style
// credentials, and kubeconfigs for kubectl through the tunnel and straight to
// the API server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../../../examples/reference/control-plane.ts';
import { startKubectlGateway, type KubectlGateway } from '../../../examples/reference/kubectl-gateway.ts';
import { silentLogger } from '../../../examples/reference/log.ts';
import { startRunner, type Runner } from '../../../examples/reference/runner.ts';
import { kube } from '../../../testkit/kube/harness.ts';
import { AgentProcess } from '../../../testkit/agent-process.ts';
import { stopAllChildren } from '../../../testkit/children.ts';
import { Kubectl, writeGatewayKubeconfig, type KubectlOptions, type KubectlResult } from '../../../testkit/kubectl.ts';

export interface E2eAgent {
  process: AgentProcess;
  gateway: KubectlGateway;
  /** kubeconfig naming this agent's gateway. */
  kubeconfig: string;
}

export class E2eStack {
  readonly dir: string;
  readonly apiToken: string;
  readonly runner: Runner;
  controlPlane: ControlPlane;
  readonly kubectl: Kubectl;
  readonly agents: E2eAgent[] = [];
  #controlPlaneDown = false;

  private constructor(dir: string, apiToken: string, runner: Runner, controlPlane: ControlPlane) {
    this.dir = dir;
    this.apiToken = apiToken;
    this.runner = runner;
    this.controlPlane = controlPlane;
    this.kubectl = new Kubectl(kube.kubectlPath, join(dir, 'kube-cache'));
  }

  static async start(): Promise<E2eStack> {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-e2e-'));
    const apiToken = randomBytes(16).toString('hex');
    const runner = await startRunner({ token: randomBytes(16).toString('hex'), logger: silentLogger });
    const controlPlane = await startControlPlane({
      token: apiToken,
      runners: [runner.assignment('reference-runner')],
      heartbeatIntervalSeconds: 2,
      logger: silentLogger,
    });
    return new E2eStack(dir, apiToken, runner, controlPlane);
  }

  /** Starts bin/agent.js with the given service-account dir, waits for /ready and for the Runner's hello. */
  async startAgent(name: string, saDir = kube.saDir, settings: Record<string, string> = {}): Promise<E2eAgent> {
    const agentId = `e2e-${name}`;
    const process = await AgentProcess.start({
      name,
      apiUrl: this.controlPlane.url,
      token: this.apiToken,
      kubeEnv: kube.agentEnv(saDir),
      dir: this.dir,
      settings: { PIPEOPS_AGENT_ID: agentId, ...settings },
    });
    const gateway = await startKubectlGateway({ runner: this.runner, target: { agentId }, logger: silentLogger });
    const agent: E2eAgent = {
      process,
      gateway,
      kubeconfig: writeGatewayKubeconfig(join(this.dir, `${name}.kubeconfig`), gateway.url, kube.namespace),
    };
    this.agents.push(agent);
    await this.waitConnected(agent);
    return agent;
  }

  /** /ready is 200, the control plane has its register and the Runner its hello. */
  async waitConnected(agent: E2eAgent, timeoutMs = 30_000): Promise<void> {
    const agentId = `e2e-${agent.process.name}`;
    await agent.process.waitReady(timeoutMs);
    await this.controlPlane.waitForRegister({ agentId, timeoutMs });
    await this.runner.waitForAgent({ agentId, timeoutMs });
  }

  /** Closes the control plane, as a crash or a restart would (every agent socket is cut). */
  async stopControlPlane(): Promise<void> {
    if (this.#controlPlaneDown) return;
    this.#controlPlaneDown = true;
    await this.controlPlane.close();
  }

  /** Starts a new control plane on the port of the last one (same URL, same token, no memory of agents). */
  async startControlPlane(): Promise<void> {
    if (!this.#controlPlaneDown) throw new Error('the control plane is running');
    this.controlPlane = await startControlPlane({
      token: this.apiToken,
      port: this.controlPlane.port,
      runners: [this.runner.assignment('reference-runner')],
      heartbeatIntervalSeconds: 2,
      logger: silentLogger,
    });
    this.#controlPlaneDown = false;
  }

  async restartControlPlane(): Promise<void> {
    await this.stopControlPlane();
    await this.startControlPlane();
  }

  /** kubectl through the tunnel (the first agent's gateway unless another kubeconfig is given). */
  viaTunnel(args: string[], options: Partial<KubectlOptions> = {}): Promise<KubectlResult> {
    const kubeconfig = options.kubeconfig ?? this.agents[0]?.kubeconfig;
    if (kubeconfig === undefined) throw new Error('no agent started');
    return this.kubectl.run(args, { ...options, kubeconfig });
  }

  /** kubectl straight at the API server as cluster admin. */
  direct(args: string[], options: Partial<KubectlOptions> = {}): Promise<KubectlResult> {
    return this.kubectl.run(args, { ...options, kubeconfig: kube.adminKubeconfig });
  }

  async close(): Promise<void> {
    await stopAllChildren();
    await Promise.all(this.agents.map((a) => a.gateway.close()));
    await Promise.all([this.stopControlPlane(), this.runner.close()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
