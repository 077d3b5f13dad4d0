// Starts the whole reference stack on 127.0.0.1: a Runner, a control plane that assigns
// that Runner to every agent, and a kubectl gateway in front of the Runner. Specs and the
// CLI start it the same way:
//
//   const stack = await startReferenceStack({ apiToken, runnerToken });
//   // agent config: pipeops.api_url = stack.controlPlane.url, pipeops.token = apiToken
//   await stack.controlPlane.waitForRegister();
//   await stack.runner.waitForAgent();
//   // kubectl --server stack.gatewayUrl get pods
//   await stack.close();
import { startControlPlane, type ControlPlane } from './control-plane.ts';
import { startKubectlGateway, type KubectlGateway } from './kubectl-gateway.ts';
import type { ReferenceLogger } from './log.ts';
import { startRunner, type AgentTarget, type Runner } from './runner.ts';

export interface ReferenceStackOptions {
  /** The PipeOps token the agent presents to the control plane. */
  apiToken: string;
  /** The token the control plane hands out with the Runner's URL. */
  runnerToken: string;
  controlPlanePort?: number;
  runnerPort?: number;
  gatewayPort?: number;
  heartbeatIntervalSeconds?: number;
  /** Which agent the kubectl gateway talks to; default: the first connected. */
  gatewayTarget?: AgentTarget;
  /** One logger for all three servers; default: pino on stdout. */
  logger?: ReferenceLogger;
}

export interface ReferenceStack {
  controlPlane: ControlPlane;
  runner: Runner;
  gateway: KubectlGateway;
  /** `http://127.0.0.1:<port>` for `kubectl --server`. */
  gatewayUrl: string;
  close(): Promise<void>;
}

export async function startReferenceStack(options: ReferenceStackOptions): Promise<ReferenceStack> {
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  const runner = await startRunner({ token: options.runnerToken, ...port(options.runnerPort), ...logger });
  const controlPlane = await startControlPlane({
    token: options.apiToken,
    runners: [runner.assignment('reference-runner')],
    ...port(options.controlPlanePort),
    ...(options.heartbeatIntervalSeconds === undefined ? {} : { heartbeatIntervalSeconds: options.heartbeatIntervalSeconds }),
    ...logger,
  }).catch(async (err: unknown) => {
    await runner.close();
    throw err;
  });
  const gateway = await startKubectlGateway({
    runner,
    ...port(options.gatewayPort),
    ...(options.gatewayTarget === undefined ? {} : { target: options.gatewayTarget }),
    ...logger,
  }).catch(async (err: unknown) => {
    await Promise.all([controlPlane.close(), runner.close()]);
    throw err;
  });
  return {
    controlPlane,
    runner,
    gateway,
    gatewayUrl: gateway.url,
    async close() {
      await gateway.close();
      await Promise.all([controlPlane.close(), runner.close()]);
    },
  };
}

function port(value: number | undefined): { port?: number } {
  return value === undefined ? {} : { port: value };
}
