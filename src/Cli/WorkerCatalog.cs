using Microsoft.Extensions.Hosting;
using Streaming.Candidates;
using Streaming.Evaluator;
using Streaming.Ingest;
using Streaming.IntentWorker;
using Streaming.Ranker;
using Streaming.Trainer.Retraining;

namespace Streaming.Cli;

/// <summary>The workers this build can run, by name; each name composes one worker into a host.</summary>
internal static class WorkerCatalog
{
    public static IReadOnlyDictionary<string, Action<IHostApplicationBuilder>> Available { get; } =
        new Dictionary<string, Action<IHostApplicationBuilder>>(StringComparer.Ordinal)
        {
            ["ingest"] = builder => builder.AddIngest(),
            ["candidates"] = builder => builder.AddCandidates(),
            ["intents"] = builder => builder.AddIntentWorker(),
            ["ranker"] = builder => builder.AddRanker(),
            ["trainer"] = builder => builder.AddTrainer(),
            ["evaluator"] = builder => builder.AddEvaluator(),
        };
}
