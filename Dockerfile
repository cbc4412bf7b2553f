# syntax=docker/dockerfile:1
# IndexHub: build with the SDK, run on a small non-root runtime image.
#   docker build -t indexhub .
#   docker run -p 5080:8080 indexhub                      # embedded SQLite in the volume, shipped data loaded
#   docker run -p 5080:8080 -e Database__Provider=Postgres -e ConnectionStrings__IndexHub='Host=...' indexhub
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore from the project and package files alone, so this layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/IndexHub.Api/IndexHub.Api.csproj src/IndexHub.Api/
RUN dotnet restore src/IndexHub.Api/IndexHub.Api.csproj
COPY data/ data/
COPY src/ src/
RUN dotnet publish src/IndexHub.Api/IndexHub.Api.csproj --configuration Release --no-restore \
        --output /app -p:UseAppHost=false \
    && mkdir -p /state

# Chiseled: no shell, no package manager, a non-root user (app, 1654); "extra" adds ICU and time zones,
# which Vietnamese name matching and the Vietnam calendar day need.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled-extra AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --from=build --chown=1654:1654 /state /var/lib/indexhub
USER 1654
# Everything is configurable by environment (ASP.NET Core's "__" for ":"); these are the image's defaults.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Database__DataDirectory=/var/lib/indexhub \
    Logging__Console__FormatterName=json
EXPOSE 8080
VOLUME /var/lib/indexhub
# The image has no curl: the service probes itself (GET /health/live on its own port).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["dotnet", "IndexHub.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "IndexHub.Api.dll"]
