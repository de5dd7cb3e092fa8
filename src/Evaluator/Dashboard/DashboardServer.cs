using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Streaming.Evaluator.Dashboard;

/// <summary>
/// Serves the dashboard with ASP.NET Core minimal APIs on its own Kestrel listener (the workers' host stays a plain
/// generic host): <c>/</c> the page, <c>/api/series</c> the plotted samples, <c>/api/session?id=</c> a session's latest
/// answers with titles (the newest answered session without <c>id</c>), <c>/api/accuracy</c> the full accuracy table,
/// and the vendored uPlot files. The page and library are embedded in the assembly: nothing to deploy beside it.
/// </summary>
public sealed partial class DashboardServer(
    IOptions<EvaluatorOptions> options,
    DashboardHistory history,
    PrequentialEvaluator evaluator,
    RecentSessions recent,
    ItemTitles titles,
    ILogger<DashboardServer> logger) : IHostedService, IAsyncDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    };

    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary>The address the dashboard answers on, once it listens.</summary>
    public Task<Uri> Address => _address.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // The worker host logs; the web host's own request logging would only repeat it.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, WorkerOwnedLifetime>();
        builder.WebHost.UseUrls($"http://{settings.DashboardHost}:{settings.DashboardPort}");
        var app = builder.Build();
        app.MapGet("/", () => Embedded("index.html"));
        app.MapGet("/{file}", (string file) => Embedded(file));
        app.MapGet("/api/series", () => Results.Json(history.Snapshot()));
        app.MapGet("/api/accuracy", () => Results.Json(evaluator.AccuracyTable()));
        app.MapGet("/api/session", (string? id) =>
        {
            var sessionId = string.IsNullOrWhiteSpace(id) ? recent.Latest : id;
            return sessionId is not null && recent.Get(sessionId) is { } found
                ? Results.Json(SessionPanel.Of(sessionId, found.Answers, found.Clicks, titles))
                : Results.NotFound();
        });
        await app.StartAsync(cancellationToken);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The dashboard's server reported no address.");
        var address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        LogListening(logger, address);
        _address.TrySetResult(address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static IResult Embedded(string file)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + file);
        return stream is null || !ContentTypes.TryGetValue(Path.GetExtension(file), out var type)
            ? Results.NotFound()
            : Results.Stream(stream, type);
    }

    [LoggerMessage(EventId = 1, EventName = "DashboardListening", Level = LogLevel.Information, Message = "Dashboard at {Address}")]
    private static partial void LogListening(ILogger logger, Uri address);
}
