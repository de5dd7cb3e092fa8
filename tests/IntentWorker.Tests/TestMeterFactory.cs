using System.Diagnostics.Metrics;

namespace Streaming.IntentWorker.Tests;

/// <summary>Meters for a test, outside any host; scoped to this factory so a collector of it sees no other test's.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Scope = this;
        return new Meter(options);
    }

    public void Dispose()
    {
    }
}
