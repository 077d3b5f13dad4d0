// GENERATED FILE - do not edit. Produced by `npm run generate` from schemas/frame-request.v2.schema.json, schemas/frame-response.v2.schema.json, schemas/session-message.schema.json
// (scripts/generate-protocol-types.ts); `npm run generate:check` fails when it is stale.
// Wire types of the agent's protocol (docs/protocol.md).

/**
 * A K8s proxy request frame of protocol v2 (pipeops.agent.v2): the v1 frame plus upgraded streams (`upgrade`) and the `DATA` frames that carry bytes to an upgraded stream. In a binary message the JSON part has no `body`: the bytes after it are the body.
 */
export type K8sProxyRequest = {
  /**
   * Request id chosen by the sender, echoed on every response frame. Unique among the sender's in-flight requests on one socket.
   */
  id: string;
  method: ProxyMethod;
  /**
   * API-server path, e.g. /api/v1/namespaces/default/pods. Required unless method is CANCEL.
   */
  path?: string;
  /**
   * HTTP request headers, one string value per name.
   */
  headers?: {
    /**
     * An HTTP field value: no CR, LF or NUL.
     */
    [k: string]: string;
  };
  /**
   * Request body, standard base64 with padding (RFC 4648 §4); for DATA, the next bytes of the upgraded stream. Absent in the JSON part of a binary message.
   */
  body?: string;
  /**
   * Query parameters, each name with its list of values (Go url.Values).
   */
  query?: {
    [k: string]: string[];
  };
  /**
   * Stream the response: a start frame, chunk frames, then a done frame.
   */
  stream?: boolean;
  /**
   * Upgrade the connection (exec, attach, port-forward, WebSockets to pods and services): bytes flow both ways after a 101 start frame. Requires stream: true.
   */
  upgrade?: boolean;
  /**
   * For a stream request, the stream id to use when free; for CANCEL, the stream to cancel; for DATA, the upgraded stream the bytes belong to.
   */
  stream_id?: string;
};
/**
 * HTTP method to use against the API server, CANCEL to end an open stream, or DATA to send bytes to an upgraded stream.
 */
export type ProxyMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'CANCEL' | 'DATA';

/**
 * A K8s proxy response frame (agent → sender of the request, on the same socket). Plain: {id, status_code, headers, body?}. Stream start: {id, stream, stream_id, status_code, headers}. Chunk: {id, stream, stream_id, chunk, body}. End: {id, stream, stream_id, done, error?}; a stream request refused or answered non-2xx ends with one done frame carrying status_code (and headers, body or error). Protocol v2 adds, for upgraded streams, a 101 start frame carrying `window` and window frames {id, stream, stream_id, window} granting the peer more DATA bytes. In a binary message the JSON part has no `body`: the bytes after it are the body.
 */
export type K8sProxyResponse = {
  /**
   * The request's id; the empty string when the request was too broken to have one.
   */
  id: string;
  /**
   * HTTP status from the API server (101 on an upgraded stream's start frame), or the agent's own (400, 403, 404, 409, 413, 429, 499, 502, 503, 504), which then comes with error_code.
   */
  status_code?: number;
  /**
   * HTTP response headers, one string value per name.
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * Response body bytes, standard base64 with padding. For a watch chunk: exactly one watch event.
   */
  body?: string;
  /**
   * Why the agent failed the request, or why a stream ended abnormally ("cancelled", upstream reset, timeout, shutdown): text for people; act on error_code.
   */
  error?: string;
  /**
   * The agent's stable code for the error (docs/errors.md), on every frame the agent fails a request or ends a stream abnormally with; absent on answers relayed from the API server. New codes may be added: treat an unknown one by its status_code, or as an abnormal end.
   */
  error_code?: string;
  /**
   * Part of a stream.
   */
  stream?: boolean;
  /**
   * The stream this frame belongs to. Required on stream frames, except on the done frame of a stream request the agent refused or failed before the stream started (it carries error_code), which has none: such a frame is matched by id.
   */
  stream_id?: string;
  /**
   * Carries the next bytes of a stream in `body`.
   */
  chunk?: boolean;
  /**
   * The stream's terminal frame.
   */
  done?: boolean;
  /**
   * Upgraded streams: on the 101 start frame, how many DATA body bytes the peer may send before they are acknowledged; on a window frame, how many more bytes it may send.
   */
  window?: number;
};

/**
 * A session message: any message with a string `type`. Messages the agent sends (register, heartbeat, hello) are closed; messages the agent receives (registered, heartbeat_ack, runners, error) accept fields added by a newer peer and ignore them.
 */
export type SessionMessage =
  | RegisterMessage
  | RegisteredMessage
  | HeartbeatMessage
  | HeartbeatAckMessage
  | RunnersMessage
  | HelloMessage
  | DrainingMessage
  | ErrorMessage;

/**
 * agent → control plane, first message after every connect.
 */
export interface RegisterMessage {
  type: 'register';
  id: string;
  payload: {
    agent_id: string;
    agent_name: string;
    cluster_name: string;
    labels: {
      [k: string]: string;
    };
    agent_version: string;
    kubernetes_version: string;
    hostname: string;
    /**
     * What this agent can do, e.g. "k8s-proxy", "watch", "stream".
     */
    capabilities: string[];
    /**
     * Sent once known, so a restarted agent keeps its cluster.
     */
    cluster_id?: string;
    /**
     * This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id.
     */
    instance_id?: string;
  };
}
/**
 * control plane → agent, the answer to register.
 */
export interface RegisteredMessage {
  type: 'registered';
  /**
   * The register message's id.
   */
  id: string;
  payload: {
    cluster_id: string;
    /**
     * Overrides agent.poll_interval for heartbeats.
     */
    heartbeat_interval_seconds?: number;
    runners?: RunnerAssignment[];
  };
}
/**
 * A Runner the agent dials: its WebSocket URL and the token it presents there.
 */
export interface RunnerAssignment {
  url: string;
  token: string;
  name?: string;
}
/**
 * agent → control plane, every agent.poll_interval or heartbeat_interval_seconds.
 */
export interface HeartbeatMessage {
  type: 'heartbeat';
  id?: string;
  payload: {
    agent_id: string;
    cluster_id: string;
    /**
     * RFC 3339 UTC time.
     */
    timestamp: string;
    status: 'healthy' | 'degraded';
    /**
     * Why the agent is degraded, when it is.
     */
    reason?: string;
    cluster: {
      nodes: number;
      pods: number;
      deployments: number;
      services: number;
    };
    connections: {
      control_plane: boolean;
      runners: number;
    };
    proxy: {
      active_streams: number;
      requests_per_minute: number;
    };
    /**
     * This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id.
     */
    instance_id?: string;
  };
}
/**
 * control plane → agent, optional; its payload is free-form.
 */
export interface HeartbeatAckMessage {
  type: 'heartbeat_ack';
  id?: string;
  payload?: {
    [k: string]: unknown;
  };
}
/**
 * control plane → agent: the full set of Runners; the agent dials new ones and closes removed ones.
 */
export interface RunnersMessage {
  type: 'runners';
  id?: string;
  payload: {
    runners: RunnerAssignment[];
  };
}
/**
 * agent → Runner, first message on each Runner socket.
 */
export interface HelloMessage {
  type: 'hello';
  id?: string;
  payload: {
    agent_id: string;
    cluster_id: string;
    cluster_name: string;
    agent_version: string;
    /**
     * What this agent can do, e.g. "k8s-proxy", "watch", "stream".
     */
    capabilities: string[];
    /**
     * This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id.
     */
    instance_id?: string;
  };
}
/**
 * agent → control plane and every Runner, when a replica starts to shut down: send it no new requests (they are answered 503); its non-stream requests in flight are still answered, its streams end with done and error "shutdown" so the peer re-opens them on another replica. A peer that does not know this type answers it with error unknown_type, which the agent ignores.
 */
export interface DrainingMessage {
  type: 'draining';
  id?: string;
  payload: {
    agent_id: string;
    cluster_id: string;
    /**
     * This replica of the agent: the pod name (POD_NAME) in a cluster, else host name and process id. Stable for the life of the process; every replica of one cluster shares agent_id and cluster_id and has its own instance_id.
     */
    instance_id: string;
    /**
     * How long non-stream requests in flight may still take before the replica closes its sockets.
     */
    grace_seconds: number;
  };
}
/**
 * either way: a session-level error, e.g. code "unknown_type"; `id` names the message it answers.
 */
export interface ErrorMessage {
  type: 'error';
  id?: string;
  payload: {
    code: string;
    message: string;
  };
}
