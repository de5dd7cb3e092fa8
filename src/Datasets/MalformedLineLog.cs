namespace Streaming.Core.Datasets;

/// <summary>
/// Collects the malformed lines every reader reports: counted and skipped by default, fatal when
/// <see cref="Fatal"/> is set. Keeps the first few for the summary so a bad file is diagnosable
/// without flooding the console.
/// </summary>
public sealed class MalformedLineLog
{
    private readonly List<MalformedLine> _first = [];

    public MalformedLineLog(bool fatal = false, int keep = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        Fatal = fatal;
        Keep = keep;
    }

    /// <summary>When true, the first malformed line throws <see cref="MalformedLineException"/>.</summary>
    public bool Fatal { get; }

    /// <summary>How many malformed lines are kept for <see cref="First"/>.</summary>
    public int Keep { get; }

    /// <summary>Number of malformed lines reported so far (all files).</summary>
    public long Count { get; private set; }

    /// <summary>The first <see cref="Keep"/> malformed lines, in the order met.</summary>
    public IReadOnlyList<MalformedLine> First => _first;

    /// <summary>Called for every malformed line (e.g. to print it to stderr as it happens).</summary>
    public event EventHandler<MalformedLine>? Reported;

    public void Report(string file, long lineNumber, string reason)
    {
        var line = new MalformedLine(file, lineNumber, reason);
        Count++;
        if (_first.Count < Keep)
        {
            _first.Add(line);
        }

        Reported?.Invoke(this, line);
        if (Fatal)
        {
            throw new MalformedLineException(line);
        }
    }
}
