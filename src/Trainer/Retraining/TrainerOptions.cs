using System.ComponentModel.DataAnnotations;

namespace Streaming.Trainer.Retraining;

/// <summary>Streaming Trainer settings (section <c>Trainer</c>); the model's hyper-parameters are otherwise the paper's.</summary>
public sealed class TrainerOptions
{
    public const string Section = "Trainer";

    /// <summary>Registry the trainer publishes to (and whose latest version is the one to beat).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Trainer:RegistryPath must name the model registry directory")]
    public string? RegistryPath { get; set; }

    /// <summary>Clicks that must have arrived since the last round (or the start) before a new round.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Trainer:MinNewClicks must be at least 1")]
    public int MinNewClicks { get; set; } = 5_000;

    /// <summary>Least time between rounds, counted from the start too, so a restart replays the log before training.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Trainer:MinInterval must be between 0 and 7 days")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the two conditions are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Trainer:CheckInterval must be between 10 ms and 1 hour")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 1000, ErrorMessage = "Trainer:Epochs must be between 1 and 1000")]
    public int Epochs { get; set; } = 3;

    /// <summary>libtorch intra-op threads for training (also ONNX Runtime's for the gate's evaluation).</summary>
    [Range(1, 64, ErrorMessage = "Trainer:Threads must be between 1 and 64")]
    public int Threads { get; set; } = 2;

    /// <summary>Hidden size (the paper's 100); smaller only for tests and demos.</summary>
    [Range(1, 4096, ErrorMessage = "Trainer:Hidden must be between 1 and 4096")]
    public int Hidden { get; set; } = 100;

    public int Seed { get; set; } = 2019;

    /// <summary>Publish only when the new model's holdout MRR@20 (percent) is at least the served one's minus this.</summary>
    [Range(-100.0, 100.0, ErrorMessage = "Trainer:Tolerance must be between -100 and 100 (MRR@20 points)")]
    public double Tolerance { get; set; }

    /// <summary>Share of sessions (by end time) validating the epoch choice, just before the test share.</summary>
    [Range(0.0, 0.5, ErrorMessage = "Trainer:ValidationFraction must be between 0 and 0.5")]
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>Share of sessions (the latest, by end time) in the holdout both models are judged on.</summary>
    [Range(0.01, 0.5, ErrorMessage = "Trainer:TestFraction must be between 0.01 and 0.5")]
    public double TestFraction { get; set; } = 0.1;

    /// <summary>Longer sessions are cut into pieces of this many clicks (0: no limit); the live window serving uses is 50.</summary>
    [Range(0, 10_000, ErrorMessage = "Trainer:MaxSessionLength must be between 0 and 10000")]
    public int MaxSessionLength { get; set; } = 50;

    /// <summary>Clicks kept in memory; beyond this the oldest are dropped (the model then learns from the recent past).</summary>
    [Range(1_000, 100_000_000, ErrorMessage = "Trainer:MaxClicks must be between 1000 and 100000000")]
    public int MaxClicks { get; set; } = 5_000_000;

    /// <summary>K of the published candidate graph's top-K (at least 20: the gate's metrics are at 20).</summary>
    [Range(20, 1000, ErrorMessage = "Trainer:TopK must be between 20 and 1000")]
    public int TopK { get; set; } = 100;

    /// <summary>
    /// Train the fused LLM-DMsRec model too when an intent catalog is known (<see cref="IntentCatalogPath"/>); false:
    /// SR-GNN only.
    /// </summary>
    public bool TrainFused { get; set; } = true;

    /// <summary>
    /// The catalog with titles the IntentWorker grounds intents in (its <c>IntentWorker:CatalogPath</c>, the default
    /// when this is unset); the logged intent titles are re-encoded through it. None: SR-GNN only.
    /// </summary>
    public string? IntentCatalogPath { get; set; }

    /// <summary>The IntentWorker's title-vector cache directory (default: <c>IntentWorker:TitleCacheDirectory</c>).</summary>
    public string? TitleCacheDirectory { get; set; }

    /// <summary>Weight of the KL alignment term (the released code's 0.3 with TAGNN).</summary>
    [Range(0.0, 100.0, ErrorMessage = "Trainer:Sigma must be between 0 and 100")]
    public double Sigma { get; set; } = 0.3;

    /// <summary>Dropout before the shared intent projection (the paper's 0.2).</summary>
    [Range(0.0, 0.95, ErrorMessage = "Trainer:IntentDropout must be between 0 and 0.95")]
    public double IntentDropout { get; set; } = 0.2;

    /// <summary>Probability of hiding each intent group of a training sample, so the "no intent" input is trained.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Trainer:MissingIntentRate must be between 0 and 1")]
    public double MissingIntentRate { get; set; } = 0.2;

    /// <summary>
    /// After the gate passes, train both models again on every session of the snapshot (the validation and holdout
    /// periods too, so items first clicked there are in the catalog) for the epochs validation chose, and publish
    /// those; false: publish the gated models, whose catalog lacks the newest periods' new items until a later round.
    /// </summary>
    public bool Refit { get; set; } = true;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Trainer:ConsumerGroup must not be empty")]
    public string ConsumerGroup { get; set; } = "trainer";
}
