namespace Streaming.Evaluator.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> samples of every dashboard series. A series that appears later (a new consumer
/// group, a new skip reason) is padded with nulls before its first value. Thread-safe.
/// </summary>
public sealed class DashboardHistory
{
    /// <summary>Ten minutes at one sample a second.</summary>
    public const int Capacity = 600;

    private readonly Lock _lock = new();
    private readonly List<long> _time = [];
    private readonly List<(string Id, string Title, string Unit)> _charts = [];
    private readonly Dictionary<string, Dictionary<string, List<double?>>> _series = new(StringComparer.Ordinal);

    /// <summary>Declares a chart; charts are returned in the order declared.</summary>
    public void Chart(string id, string title, string unit)
    {
        lock (_lock)
        {
            _charts.Add((id, title, unit));
            _series[id] = new Dictionary<string, List<double?>>(StringComparer.Ordinal);
        }
    }

    /// <summary>Adds one sample: every chart's values at <paramref name="time"/> (Unix seconds).</summary>
    public void Add(long time, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_lock)
        {
            _time.Add(time);
            var drop = _time.Count > Capacity;
            if (drop)
            {
                _time.RemoveAt(0);
            }

            foreach (var (chart, series) in _series)
            {
                var sample = values.GetValueOrDefault(chart);
                foreach (var (name, value) in sample ?? new Dictionary<string, double?>())
                {
                    if (!series.TryGetValue(name, out var points))
                    {
                        points = [.. Enumerable.Repeat<double?>(null, _time.Count - 1 + (drop ? 1 : 0))];
                        series[name] = points;
                    }

                    points.Add(value);
                }

                foreach (var (name, points) in series)
                {
                    if (sample is null || !sample.ContainsKey(name))
                    {
                        points.Add(null);
                    }

                    if (drop)
                    {
                        points.RemoveAt(0);
                    }
                }
            }
        }
    }

    public DashboardSnapshot Snapshot()
    {
        lock (_lock)
        {
            var charts = _charts.Select(c => new DashboardChart(
                c.Id,
                c.Title,
                c.Unit,
                _series[c.Id].ToDictionary(s => s.Key, s => (IReadOnlyList<double?>)[.. s.Value], StringComparer.Ordinal))).ToList();
            return new DashboardSnapshot([.. _time], charts);
        }
    }
}
