# OrleansKv node image: `docker build -t orleanskv .` from the repository root.
# The Kubernetes manifests in deploy/kubernetes run this image; README: "Run in a container / on Kubernetes".

# Build: restore from the project files alone (a layer that survives source edits), then publish
# the Silo, framework-dependent, for the architecture being built (amd64 or arm64).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Api/Api.csproj Api/
COPY Client/Client.csproj Client/
COPY Shell/Shell.csproj Shell/
COPY Silo/Silo.csproj Silo/
RUN dotnet restore Silo/Silo.csproj -a $TARGETARCH
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -a $TARGETARCH --no-restore -o /app

# Run: the ASP.NET Core runtime image, as its non-root user `app` (UID and GID 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown 1654:1654 /data
USER 1654
# The node binds its HTTP port itself (--bind, --http-port); the image's default of 8080 for
# ASP.NET Core would only add a warning that it is overridden.
ENV ASPNETCORE_HTTP_PORTS=
# Every node keeps its data (RocksDB, and with SQLite membership the membership file) here.
VOLUME /data
# HTTP API, Orleans silo-to-silo, Orleans gateway (clients): the ports of CMD and of the StatefulSet.
EXPOSE 8080 11111 30000
ENTRYPOINT ["/app/OrleansKv.Silo", "node"]
# A single node with its own membership file, for `docker run -p 8080:8080 -v orleanskv:/data orleanskv`.
# Kubernetes replaces these arguments (deploy/kubernetes/statefulset.yaml): node id from the pod,
# pod IP advertised, PostgreSQL membership.
CMD ["--node-id", "1", "--replication-factor", "1", "--data-dir", "/data", "--bind", "0.0.0.0", "--advertise", "127.0.0.1", "--http-port", "8080", "--silo-port", "11111", "--gateway-port", "30000"]
