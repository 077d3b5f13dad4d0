# syntax=docker/dockerfile:1
# pipeops-agent container image (see docs/deployment.md).
#
#   docker build -t pipeops-agent .
#
# The image holds the project itself, not an installed npm package. lib/ is
# TypeScript; the build stage compiles it to dist/lib (scripts/build.js, what
# `npm ci` runs as `prepare`), which bin/agent.js runs: no type stripping at
# start-up or in the health probe. Node 24 comes from the base image; the
# `node` devDependency that pins Node 24 for development is not installed here.
#
# It runs as uid 10001 and writes nothing outside /var/lib/pipeops-agent (the
# identity file, a volume) and /tmp, so it works with a read-only root
# filesystem: docker run --read-only --tmpfs /tmp -v pipeops-state:/var/lib/pipeops-agent ...

ARG NODE_IMAGE=node:24-slim

# --- production dependencies ---------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the `prepare` script (scripts/build.js); with no lib/ here it has nothing to build.
COPY scripts/build.js ./scripts/
# bufferutil ships prebuilt binaries, so no compiler is needed.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- lib/ compiled to dist/lib --------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json ./
COPY scripts/build.js ./scripts/
COPY lib ./lib
RUN node scripts/build.js

# --- runtime -------------------------------------------------------------------
FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="pipeops-agent" \
      org.opencontainers.image.description="Outbound-only agent that lets the PipeOps control plane and Runners reach a Kubernetes API server over WebSocket" \
      org.opencontainers.image.licenses="Apache-2.0"

# The package managers are not needed to run the agent; fewer tools, less to exploit.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg \
 && groupadd --system --gid 10001 pipeops \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/pipeops-agent --no-create-home \
      --shell /usr/sbin/nologin pipeops \
 && mkdir -p /var/lib/pipeops-agent \
 && chown 10001:10001 /var/lib/pipeops-agent \
 && chmod 0700 /var/lib/pipeops-agent

WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY lib ./lib
COPY --from=build /app/dist ./dist
COPY schemas ./schemas

ENV NODE_ENV=production \
    PIPEOPS_AGENT_STATE_FILE=/var/lib/pipeops-agent/state.json
VOLUME ["/var/lib/pipeops-agent"]

# Numeric, so Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 10001:10001

# Nothing is exposed: the agent only dials out, and its health listener is on
# 127.0.0.1 inside the container. The health check runs in the container too.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "bin/agent.js", "health"]

STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/agent.js"]
