using System.Globalization;

namespace Streaming.Trainer.Training;

/// <summary>
/// Renders training progress as one carriage-return line on a text writer (stderr by default), at
/// most a few times per second so the display never slows training down.
/// </summary>
public sealed class ConsoleProgressLine : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private long _lastWrite;
    private string _lastPhase = string.Empty;

    public ConsoleProgressLine(TextWriter? writer = null, TimeProvider? time = null)
    {
        _writer = writer ?? Console.Error;
        _time = time ?? TimeProvider.System;
    }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var now = _time.GetTimestamp();
        var phaseChanged = value.Phase != _lastPhase;
        if (!phaseChanged && value.Batch != value.Batches && _time.GetElapsedTime(_lastWrite, now) < TimeSpan.FromMilliseconds(250))
        {
            return;
        }

        _lastWrite = now;
        _lastPhase = value.Phase;
        var line = value.Phase == "train"
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {value.Epoch}/{value.Epochs}  batch {value.Batch}/{value.Batches}  loss {value.MeanLoss:F4}  {value.SamplesPerSecond:F0} samples/s  ETA {value.EpochEta:mm\\:ss}")
            : string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch}/{value.Epochs}  evaluating on {value.Phase}...");
        _writer.Write("\r" + line.PadRight(88));
        if (value.Phase == "test")
        {
            _writer.WriteLine();
        }
    }
}
