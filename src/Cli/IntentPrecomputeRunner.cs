using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.IntentWorker;
using Streaming.IntentWorker.Batch;
using Streaming.Serving.Embeddings;
using Streaming.ServiceDefaults;
using Streaming.IntentWorker.Grounding;
using Streaming.IntentWorker.Providers;
using Streaming.State;

namespace Streaming.Cli;

/// <summary>
/// Intent vectors for a list of samples (session items and candidate list each) with the IntentWorker's own inference
/// (provider, prompt, grounding, encoder), written to an intent vector file: what <c>streaming intents precompute</c>
/// and the <c>up</c> bootstrap give the fused model's training. LLM settings come from the environment
/// (<c>IntentWorker__Llm__*</c>), as for the worker; progress goes to the log writer.
/// </summary>
internal static class IntentPrecomputeRunner
{
    public static async Task<IntentPrecomputeSummary> RunAsync(
        ItemCatalog catalog,
        IntentWorkerOptions options,
        IReadOnlyList<int[]> sessions,
        IReadOnlyList<int[]> candidates,
        string outputPath,
        int concurrency,
        string? redisConfiguration,
        TextWriter log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var telemetry = new TelemetryReader(services.GetRequiredService<IMeterFactory>());
        using var metrics = new IntentMetrics(services.GetRequiredService<IMeterFactory>());
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var redis = redisConfiguration is null
            ? null
            : new RedisConnection(Options.Create(new RedisOptions { Configuration = redisConfiguration }));
        var cache = redis is null ? null : new IntentStore(redis, Options.Create(options));

        var clock = Stopwatch.StartNew();
        var (encoder, inference) = IntentInferenceFactory.Create(
            catalog, options, LlmSettings(), new EncoderOptions(), new GroundingOptions(), cache, metrics, loggers.CreateLogger("intents"), TimeProvider.System);
        using (encoder)
        {
            await log.WriteLineAsync($"title vectors ready in {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
            var lastReport = Stopwatch.StartNew();
            var progress = new Progress<PrecomputeProgress>(p =>
            {
                if (lastReport.Elapsed >= TimeSpan.FromSeconds(2))
                {
                    lastReport.Restart();
                    var rate = (p.Done - p.Resumed) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                    var eta = rate > 0 ? TimeSpan.FromSeconds((p.Total - p.Done) / rate) : TimeSpan.Zero;
                    log.WriteLine($"  {p.Done}/{p.Total} samples ({p.Resumed} resumed), {p.WithIntents} with intents, {rate:F0}/s, eta {eta:hh\\:mm\\:ss}");
                }
            });
            var done = await new IntentPrecompute(inference, catalog, concurrency).RunAsync(sessions, candidates, outputPath, progress, cancellationToken);
            return new IntentPrecomputeSummary(
                done,
                (done.Done - done.Resumed) / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
                telemetry.Total(IntentMetrics.DroppedName, ("kind", IntentMetrics.NotACandidate)),
                telemetry.Total(IntentMetrics.FailedName, ("reason", IntentInference.NoGroundedIntents)));
        }
    }

    internal static LlmOptions LlmSettings()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var llm = new LlmOptions();
        configuration.GetSection("IntentWorker:Llm").Bind(llm);
        return llm;
    }
}
