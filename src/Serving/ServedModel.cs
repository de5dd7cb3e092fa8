namespace Streaming.Serving;

/// <summary>
/// The model a serving worker currently answers with, swappable while batches run. A batch takes a
/// <see cref="ServedModelLease{T}"/> with <see cref="Acquire"/> and uses that one model for all its messages;
/// <see cref="Swap"/> installs a model that was loaded beforehand in one atomic exchange. The replaced model is
/// disposed when the last lease on it ends (reference counting), so a batch that started on the old model
/// finishes on it and no ONNX session is freed under a running call. Thread-safe; lock-free for readers.
/// </summary>
/// <typeparam name="T">The loaded model, e.g. an ONNX session with its catalog and version.</typeparam>
public sealed class ServedModel<T> : IDisposable
    where T : class, IDisposable
{
    private Holder? _current;
    private volatile bool _disposed;

    /// <summary>The model new batches get, or null before the first <see cref="Swap"/>. For display: use <see cref="Acquire"/> to run it.</summary>
    public T? Current => Volatile.Read(ref _current)?.Value;

    /// <summary>A lease on the current model (null when there is none); dispose it when the batch is done.</summary>
    public ServedModelLease<T>? Acquire()
    {
        while (true)
        {
            var holder = Volatile.Read(ref _current);
            if (holder is null)
            {
                return null;
            }

            if (holder.TryAddReference())
            {
                return new ServedModelLease<T>(holder.Value, holder.Release);
            }

            // Swapped and released between the read and the increment: read the new one.
        }
    }

    /// <summary>Serves <paramref name="next"/> from now on; the previous model is disposed once no lease holds it.</summary>
    public void Swap(T next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, new Holder(next));
        previous?.Release();
        if (_disposed)
        {
            // A load that finished after shutdown: nobody will serve or release it.
            Interlocked.Exchange(ref _current, null)?.Release();
        }
    }

    /// <summary>Stops serving; the model is disposed once no lease holds it, and a later <see cref="Swap"/> disposes its model.</summary>
    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _current, null)?.Release();
    }

    private sealed class Holder(T value)
    {
        // One reference belongs to the slot itself; each lease adds one.
        private int _references = 1;

        public T Value { get; } = value;

        public bool TryAddReference()
        {
            var seen = Volatile.Read(ref _references);
            while (seen > 0)
            {
                var exchanged = Interlocked.CompareExchange(ref _references, seen + 1, seen);
                if (exchanged == seen)
                {
                    return true;
                }

                seen = exchanged;
            }

            return false;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Value.Dispose();
            }
        }
    }
}
