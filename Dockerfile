# GIL Lab: one Debian base for every stage. The jar is built here with Debian's Maven and JDK, or taken from the
# build context (docker build --build-arg JAR=target/gil-lab.jar .); README "Docker" explains how runs are contained.
ARG FREE_THREADED=1

FROM debian:bookworm-slim AS jar
ARG JAR=
WORKDIR /src
COPY . .
# With JAR set nothing is installed or compiled; otherwise Maven downloads the dependencies and builds the jar.
RUN set -eu; \
    if [ -n "$JAR" ]; then \
      test -f "$JAR" || { echo "JAR=$JAR is not in the build context (see .dockerignore)" >&2; exit 1; }; \
      cp "$JAR" /gil-lab.jar; \
    else \
      apt-get update; \
      apt-get install -y --no-install-recommends maven openjdk-17-jdk-headless; \
      mvn -B -q package -DskipTests -Dbuild.dir=/tmp/build; \
      cp /tmp/build/gil-lab.jar /gil-lab.jar; \
    fi

# A free-threaded CPython 3.13 (and the same version with the GIL) under /opt, built by bin/install-free-threaded;
# --build-arg FREE_THREADED=0 leaves /opt empty. Builds a bookworm machine already made (bin/install-free-threaded
# on the host) can be handed in under docker/prebuilt/ (python3.13 and python3.13t): they are checked, not rebuilt.
FROM debian:bookworm-slim AS free-threaded
ARG FREE_THREADED
COPY bin /tmp/gillab-bin
COPY docker /tmp/gillab-docker
RUN set -eu; \
    if [ "$FREE_THREADED" = 1 ]; then \
      test -x /tmp/gillab-bin/install-free-threaded || { echo "bin/install-free-threaded is missing; build with --build-arg FREE_THREADED=0" >&2; exit 1; }; \
      if [ -d /tmp/gillab-docker/prebuilt/python3.13t ]; then mv /tmp/gillab-docker/prebuilt/python3.13* /opt/; fi; \
      /tmp/gillab-bin/install-free-threaded; \
    fi; \
    rm -rf /tmp/gillab-docker

FROM debian:bookworm-slim
ARG FREE_THREADED
LABEL lab.gil.free-threaded=$FREE_THREADED
# pypy3 is a second interpreter to compare CPython with; bubblewrap isolates runs where the container allows it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless python3 pypy3 bubblewrap util-linux procps curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=free-threaded /opt/ /opt/
RUN for name in python3.13 python3.13t; do \
      if [ -x "/opt/$name/bin/$name" ]; then ln -sf "/opt/$name/bin/$name" "/usr/local/bin/$name"; fi; \
    done
WORKDIR /app
COPY --from=jar /gil-lab.jar /app/gil-lab.jar
COPY lessons /app/lessons
COPY docker/entrypoint /usr/local/bin/gillab-entrypoint
# The server stays root so that every run gets uid 65534 (nobody); data/ and lessons/ are closed to that uid.
RUN mkdir -p /app/data \
 && chown -R root:root /app/data /app/lessons \
 && chmod 0700 /app/data && chmod -R u=rwX,g=rX,o= /app/lessons
# Without namespaces a run would share the container's network, so edited code needs bubblewrap here.
ENV PORT=7070 GILLAB_LESSONS=/app/lessons GILLAB_DATA=/app/data GILLAB_REQUIRE_NAMESPACES=true
VOLUME ["/app/data"]
EXPOSE 7070
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS "http://localhost:${PORT}/health" || exit 1
ENTRYPOINT ["/usr/local/bin/gillab-entrypoint"]
