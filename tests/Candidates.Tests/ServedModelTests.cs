using Streaming.Serving;

namespace Streaming.Candidates.Tests;

public sealed class ServedModelTests
{
    [Fact]
    public void A_replaced_model_is_disposed_only_when_its_last_lease_ends()
    {
        var first = new Disposable("v1");
        var second = new Disposable("v2");
        var served = new ServedModel<Disposable>();
        Assert.Null(served.Acquire());

        served.Swap(first);
        var lease = served.Acquire()!;
        served.Swap(second);

        Assert.False(first.Disposed);
        Assert.Equal("v1", lease.Value.Name);
        using (var next = served.Acquire()!)
        {
            Assert.Equal("v2", next.Value.Name);
        }

        lease.Dispose();
        lease.Dispose();
        Assert.True(first.Disposed);
        Assert.Equal(1, first.Disposals);
        Assert.False(second.Disposed);

        served.Dispose();
        Assert.True(second.Disposed);
        Assert.Null(served.Acquire());
    }

    [Fact]
    public void A_model_swapped_in_after_shutdown_is_disposed_not_leaked()
    {
        var served = new ServedModel<Disposable>();
        served.Dispose();
        var late = new Disposable("late");

        served.Swap(late);

        Assert.True(late.Disposed);
        Assert.Null(served.Acquire());
    }

    [Fact]
    public async Task Leases_taken_while_swapping_never_see_a_disposed_model()
    {
        var served = new ServedModel<Disposable>();
        served.Swap(new Disposable("v0"));
        // Counts, not wall-clock time: on a busy machine a reader may start late, but it still takes its leases.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                using var lease = served.Acquire()!;
                Assert.False(lease.Value.Disposed);
            }
        })).ToList();
        var swaps = 0;
        while (readers.Exists(reader => !reader.IsCompleted))
        {
            served.Swap(new Disposable("v" + ++swaps));
            await Task.Yield();
        }

        await Task.WhenAll(readers);
        Assert.True(swaps > 0);
        served.Dispose();
    }

    private sealed class Disposable(string name) : IDisposable
    {
        private int _disposals;

        public string Name => name;

        public int Disposals => Volatile.Read(ref _disposals);

        public bool Disposed => Disposals > 0;

        public void Dispose() => Interlocked.Increment(ref _disposals);
    }
}
