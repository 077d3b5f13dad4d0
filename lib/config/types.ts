// The effective configuration the agent runs with, after defaults, file, env
// and flags are merged and validated. Durations are milliseconds here; in the
// file, env and flags they are strings such as "30s".

export interface RunnerConfig {
  url: string;
  token: string;
  name?: string;
  /** The file the token was read from, when it came from one. */
  token_file?: string;
}

export interface AgentConfig {
  agent: {
    id: string;
    name: string;
    cluster_name: string;
    poll_interval: number;
    port: number;
    /** Address of the health listener; loopback unless an operator chooses otherwise. */
    host: string;
    debug: boolean;
    labels: Record<string, string>;
    /** Where the generated agent_id and last cluster_id are kept on a VM. */
    state_file: string;
    /** auto: ConfigMap when in a cluster, else state_file. */
    state_store: 'auto' | 'file' | 'configmap';
    state_configmap: string;
    shutdown_timeout: number;
  };
  pipeops: {
    api_url: string;
    token: string;
    token_file: string;
    timeout: number;
    ping_interval: number;
    compression: boolean;
    /** Frames larger than this are sent uncompressed; 0 = compress every frame. */
    compression_max_frame_bytes: number;
    tls: {
      enabled: boolean;
      insecure_skip_verify: boolean;
      ca_file: string;
    };
    reconnect: {
      enabled: boolean;
      /** 0 = retry forever. */
      max_attempts: number;
      /** Base of the exponential backoff. */
      interval: number;
      /** Cap of the exponential backoff. */
      max_interval: number;
    };
  };
  /** Runners dialled without assignment from the control plane. */
  runners: RunnerConfig[];
  kubernetes: {
    kubeconfig: string;
    in_cluster: boolean;
    namespace: string;
    /** Directory holding token, ca.crt and namespace for in-cluster credentials. */
    service_account_dir: string;
  };
  proxy: {
    allow_impersonation: boolean;
    /** Bounded impersonation: exact names or `prefix*` patterns; empty lists with allow_impersonation = any name. */
    impersonate_users: string[];
    impersonate_groups: string[];
    max_frame_bytes: number;
    max_body_bytes: number;
    max_response_bytes: number;
    max_concurrent_requests: number;
    max_concurrent_streams: number;
    rate_limit: {
      requests_per_second: number;
      burst: number;
    };
    request_timeout: number;
    /** 0 = no idle timeout on streams. */
    stream_idle_timeout: number;
    upgrade: {
      enabled: boolean;
      exec: boolean;
      /** 0 = no idle timeout on upgraded streams. */
      idle_timeout: number;
      window: number;
    };
  };
  audit: {
    enabled: boolean;
    /** stdout, stderr or an absolute file path (resolved at load for `run`). */
    output: string;
    max_file_bytes: number;
    max_files: number;
    queue_size: number;
  };
  logging: {
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
    format: 'json' | 'text';
    output: string;
  };
}
