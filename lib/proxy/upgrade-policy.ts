// Which requests may upgrade the connection: the subresources that need it
// (pods exec, attach, portforward and proxy; services proxy) and nothing else,
// narrowed further by the operator's proxy.upgrade settings. Checked before the
// API server is contacted; the ordinary path rules (checkPath) apply as well.
import type { AgentConfig } from '../config/types.ts';
import type { AgentError } from '../errors.ts';
import { policyRefused, upgradeDisabled } from './refusals.ts';

const NAME = '[^/]+';
const POD_TARGET = new RegExp(`^/api/v1/namespaces/${NAME}/pods/${NAME}/(?:(exec|attach|portforward)|(proxy)(?:/.*)?)$`);
const SERVICE_TARGET = new RegExp(`^/api/v1/namespaces/${NAME}/services/${NAME}/proxy(?:/.*)?$`);

export type UpgradeTarget = 'exec' | 'attach' | 'portforward' | 'proxy';

/**
 * Why the upgrade is refused, or undefined when it may go to the API server:
 * UPGRADE_DISABLED when the configuration turns it off (a peer should not retry
 * it on this agent), POLICY_REFUSED for a target that never upgrades.
 */
export function checkUpgrade(path: string, settings: AgentConfig['proxy']['upgrade']): AgentError<'UPGRADE_DISABLED' | 'POLICY_REFUSED'> | undefined {
  if (!settings.enabled) return upgradeDisabled('upgraded streams are disabled (proxy.upgrade.enabled)');
  const target = upgradeTarget(path);
  if (target === undefined) {
    return policyRefused('only the exec, attach, portforward and proxy subresources of pods and the proxy subresource of services can be upgraded');
  }
  if ((target === 'exec' || target === 'attach') && !settings.exec) {
    return upgradeDisabled(`pods/${target} is disabled (proxy.upgrade.exec)`);
  }
  return undefined;
}

export function upgradeTarget(path: string): UpgradeTarget | undefined {
  const pod = POD_TARGET.exec(path);
  if (pod !== null) return (pod[1] ?? pod[2]) as UpgradeTarget;
  return SERVICE_TARGET.test(path) ? 'proxy' : undefined;
}
