# GIL Lab: build the jar with Maven, then run it on a slim Debian with Java, Python and bubblewrap.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so code changes reuse the cached layer.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY web web
RUN mvn -B -q package -DskipTests

FROM debian:bookworm-slim
# pypy3 is a second interpreter to compare CPython with; README "Interpreters" shows how to add a free-threaded build.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless python3 pypy3 bubblewrap util-linux procps curl \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin gillab
WORKDIR /app
COPY --from=build /src/target/gil-lab.jar /app/gil-lab.jar
COPY lessons /app/lessons
RUN mkdir -p /app/data && chown -R gillab:gillab /app
USER gillab
ENV PORT=7070 GILLAB_LESSONS=/app/lessons GILLAB_DATA=/app/data
VOLUME ["/app/data", "/app/lessons"]
EXPOSE 7070
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:7070/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/gil-lab.jar"]
