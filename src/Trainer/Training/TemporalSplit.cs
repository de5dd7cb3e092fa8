using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Models;
using Streaming.Core.Sessions;

namespace Streaming.Trainer.Training;

/// <summary>
/// The temporal protocol: what a live recommender faces. Sessions (cut from a raw log by the caller)
/// are ordered by end time; the latest share is test, the share before it validation, everything
/// earlier train (<see cref="TimeSplitter"/>; with <see cref="TimeSplitOptions.DropUnseenItems"/>, the
/// default, items unseen in training are dropped from later sessions). The catalog holds the training
/// items only, so the model never scores an item it cannot have learned. Every prefix of every session is a sample (s1..si → s(i+1)), in train,
/// validation and test alike: each next click is a prediction the live system makes.
/// </summary>
public static class TemporalSplit
{
    public static TrainingSplit Build(string dataset, IReadOnlyList<Session> sessions, TimeSplitOptions options, IEnumerable<ItemMetadata>? metadata)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(options);
        if (sessions.Any(s => s.EndTime is null))
        {
            throw new InvalidOperationException(
                "The temporal protocol needs real timestamps, and these clicks have none (e.g. ML-1M's ratings_no_timestamp.csv): pass a file with times, such as --file ratings_users_1-2999.dat.gz.");
        }

        var split = TimeSplitter.Split(sessions, options);
        var catalog = ItemCatalog.Build(split.Train.SelectMany(s => s.Clicks).Select(c => c.ItemId), metadata);
        var (train, trainOrigins) = Samples(split.Train, catalog);
        var (validation, validationOrigins) = Samples(split.Validation, catalog);
        var (test, testOrigins) = Samples(split.Test, catalog);
        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidOperationException(
                $"The temporal split left {train.Count} train and {test.Count} test samples: sessions need at least 2 clicks (check the session rule).");
        }

        var first = split.Train.Min(s => s.StartTime);
        var window = new DataWindow($"temporal:{dataset}", first, split.Validation.Count > 0 ? split.ValidationStart : split.TestStart, train.Count);
        return new TrainingSplit(dataset, "temporal", catalog.Count, [.. train, .. validation], validation.Count, test, catalog, window)
        {
            TrainOrigins = [.. trainOrigins, .. validationOrigins],
            TestOrigins = testOrigins,
        };
    }

    /// <summary>Every prefix sample of the sessions, with the origin of each (the prefix's last click).</summary>
    public static (List<PaperSample> Samples, List<SampleOrigin> Origins) Samples(IReadOnlyList<Session> sessions, ItemCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(catalog);
        var samples = new List<PaperSample>();
        var origins = new List<SampleOrigin>();
        foreach (var session in sessions)
        {
            // Clicks the catalog knows, so prefix k ends at known[k].
            var known = session.Clicks.Where(c => catalog.IndexOf(c.ItemId) != ItemCatalog.PaddingIndex).ToArray();
            var ids = catalog.Encode(known.Select(c => c.ItemId));
            var k = 0;
            foreach (var prefix in PrefixAugmentation.Expand(ids))
            {
                samples.Add(new PaperSample(prefix.Prefix, prefix.Target));
                origins.Add(new SampleOrigin(session.UserId, known[k].Position + 1L, known[k].Time));
                k++;
            }
        }

        return (samples, origins);
    }
}
