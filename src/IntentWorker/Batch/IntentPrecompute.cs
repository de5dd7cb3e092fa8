using Streaming.Core.Catalog;
using Streaming.Core.Intents;

namespace Streaming.IntentWorker.Batch;

/// <summary>
/// The batch path: the live worker's <see cref="IntentInference"/> over every sample of a split (session items and
/// its candidate list), written in sample order to an <see cref="IntentVectorFile"/>. Resumable: a rerun skips the
/// records the file already holds. Samples run concurrently in ordered chunks.
/// </summary>
public sealed class IntentPrecompute(IntentInference inference, ItemCatalog catalog, int concurrency)
{
    public async Task<PrecomputeProgress> RunAsync(
        IReadOnlyList<int[]> sessions,
        IReadOnlyList<int[]> candidates,
        string outputPath,
        IProgress<PrecomputeProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(candidates);
        if (sessions.Count != candidates.Count)
        {
            throw new InvalidDataException($"{sessions.Count} samples but {candidates.Count} candidate lists: line i of the candidates belongs to sample i");
        }

        var (writer, existing) = IntentVectorFile.OpenForAppend(outputPath, inference.Dimension);
        using (writer)
        {
            var withIntents = 0;
            var chunk = Math.Max(1, concurrency) * 8;
            for (var start = existing; start < sessions.Count; start += chunk)
            {
                var count = Math.Min(chunk, sessions.Count - start);
                var outcomes = await Task.WhenAll(Enumerable.Range(start, count).Select(i => InferAsync(sessions[i], candidates[i], cancellationToken)));
                foreach (var outcome in outcomes)
                {
                    Write(writer, inference.Dimension, outcome);
                    withIntents += outcome.HasIntents ? 1 : 0;
                }

                writer.Flush();
                progress?.Report(new PrecomputeProgress(start + count, sessions.Count, withIntents, existing));
            }

            return new PrecomputeProgress(sessions.Count, sessions.Count, withIntents, existing);
        }
    }

    /// <summary>The record of one outcome: flags say which groups really had intents; vectors as the vectorizer made them.</summary>
    internal static void Write(BinaryWriter writer, int dimension, IntentOutcome outcome)
    {
        var groups = IntentGroups.None;
        if (outcome.Vectors is not null)
        {
            groups |= outcome.Intents!.Explicit.Count > 0 ? IntentGroups.Explicit : IntentGroups.None;
            groups |= outcome.Intents.Latent.Count + outcome.Intents.FreeText.Count > 0 ? IntentGroups.Latent : IntentGroups.None;
        }

        IntentVectorFile.Write(writer, dimension, groups, outcome.Vectors?.Explicit, outcome.Vectors?.Latent);
    }

    private Task<IntentOutcome> InferAsync(int[] session, int[] candidateIds, CancellationToken cancellationToken) =>
        inference.InferAsync(Items(session), Items(candidateIds), cancellationToken);

    // Ids the item map does not know have no title; they are left out, as in the live worker.
    private CatalogItem[] Items(int[] paperIds) =>
        [.. paperIds.Select(id => catalog.IndexOf(id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Where(index => index != ItemCatalog.PaddingIndex)
            .Select(index => catalog[index])];
}
