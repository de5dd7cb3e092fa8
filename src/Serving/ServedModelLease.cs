namespace Streaming.Serving;

/// <summary>One batch's hold on a served model (<see cref="ServedModel{T}.Acquire"/>): the model stays alive until it is disposed.</summary>
/// <typeparam name="T">The loaded model.</typeparam>
public sealed class ServedModelLease<T> : IDisposable
    where T : class, IDisposable
{
    private Action? _release;

    internal ServedModelLease(T value, Action release)
    {
        Value = value;
        _release = release;
    }

    public T Value { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
