using System.Diagnostics.Metrics;

namespace Streaming.IntentWorker.Tests;

/// <summary>Meters for a test, outside any host.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
