namespace Streaming.Trainer.Training;

/// <summary>What <c>streaming train</c> asks for: which split, which model, where to read and write.</summary>
public sealed class PaperRunOptions
{
    public const string DataDirectoryVariable = "STREAMING_DATA_DIR";

    public string Dataset { get; set; } = "ml-1m";

    /// <summary>"paper" (the paper's released split) or "temporal" (a time-based holdout).</summary>
    public string Protocol { get; set; } = "paper";

    /// <summary>"srgnn" or "dmsrec".</summary>
    public string Model { get; set; } = "srgnn";

    /// <summary>The data root containing <c>paper-splits/</c>; null falls back to STREAMING_DATA_DIR.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where metrics.json goes; null writes nothing.</summary>
    public string? OutputDirectory { get; set; }

    public TrainingOptions Training { get; set; } = new();

    public DmsRecOptions DmsRec { get; set; } = new();

    /// <summary>The data root to use, or a clear error when neither the option nor the variable is set.</summary>
    public string ResolveDataDirectory()
    {
        var root = string.IsNullOrWhiteSpace(DataDirectory) ? Environment.GetEnvironmentVariable(DataDirectoryVariable) : DataDirectory;
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new InvalidOperationException(
                $"No data directory: pass --data-dir DIR or set {DataDirectoryVariable} to the directory that contains paper-splits/.");
        }

        return root;
    }
}
