# podgraph: the GraphQL service in a small, non-root runtime image.
#
#   docker build -t podgraph .            # compiles in the builder image, runs on distroless
#   docker compose up                     # serves ./data on http://127.0.0.1:8000/graphql
#
# Build arguments:
#   RUST_IMAGE  builder image (Rust toolchain, Debian bookworm: glibc 2.36)
#   BASE_IMAGE  runtime base; needs glibc >= 2.36 and libgcc_s (distroless/cc has both
#               and nothing else: no shell, no package manager)
#   BINARY      `build` compiles in RUST_IMAGE; `prebuilt` takes target/release/podgraph
#               from the build context instead (CI reuses its release build; with BuildKit
#               the builder stage is then skipped and RUST_IMAGE is never pulled)
ARG RUST_IMAGE=rust:1-bookworm
ARG BASE_IMAGE=gcr.io/distroless/cc-debian12
ARG BINARY=build

FROM ${RUST_IMAGE} AS build
WORKDIR /src
# Manifests first, so the dependency build is cached while only the sources change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src tests examples && echo 'fn main() {}' > src/main.rs && touch src/lib.rs tests/tests.rs \
    && cargo build --release --locked --bin podgraph || true
COPY build.rs ./
COPY examples/queries examples/queries
COPY web/vendor web/vendor
COPY web/static web/static
COPY src src
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin podgraph \
    && cp target/release/podgraph /podgraph

FROM scratch AS prebuilt
COPY target/release/podgraph /podgraph

FROM ${BINARY} AS binary

FROM ${BASE_IMAGE}
COPY --from=binary /podgraph /usr/local/bin/podgraph
# The sample data, served when no folder is mounted on /data.
COPY data /data
ENV PODGRAPH_DATA=/data \
    PODGRAPH_LISTEN=0.0.0.0:8000 \
    PODGRAPH_LOG_FORMAT=json
# Not root (the distroless "nonroot" ids; no passwd entry is needed).
USER 65532:65532
EXPOSE 8000
# The binary is its own probe: no shell or curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/podgraph", "probe"]
ENTRYPOINT ["/usr/local/bin/podgraph"]
CMD ["serve"]
