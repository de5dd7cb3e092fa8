# One image with the `streaming` command; each compose service runs one worker with `streaming worker <name>`.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Cli -c Release -o /app

# The ASP.NET Core runtime: the evaluator serves its dashboard with Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV OMP_WAIT_POLICY=PASSIVE
ENTRYPOINT ["dotnet", "/app/streaming.dll"]
CMD ["--help"]
