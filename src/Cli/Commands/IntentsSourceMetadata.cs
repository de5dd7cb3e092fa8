using System.Globalization;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets;

namespace Streaming.Cli.Commands;

/// <summary>
/// Categories/genres and brands of a paper split's items from the source dataset's own metadata file next to the
/// splits (<c>ml-1m/movies.dat</c>, <c>beauty/beauty_items.csv</c>), keyed by the item map's source id. The paper
/// splits carry titles only; the offline catalog heuristic relates candidates to a session by these fields.
/// </summary>
internal static class IntentsSourceMetadata
{
    /// <summary>The metadata by source id and the file it came from, or null when the file is not there.</summary>
    public static (IReadOnlyDictionary<string, ItemMetadata> BySourceId, string Path)? Load(string dataRoot, string dataset)
    {
        var log = new MalformedLineLog();
        var movies = Path.Combine(dataRoot, DatasetSource.MovieLens1M, "movies.dat");
        var beauty = Path.Combine(dataRoot, DatasetSource.Beauty, "beauty_items.csv");
        if (dataset == DatasetSource.MovieLens1M && File.Exists(movies))
        {
            var byId = new Dictionary<string, ItemMetadata>(StringComparer.Ordinal);
            foreach (var movie in MovieLensReader.ReadMovies(movies, log))
            {
                var id = movie.MovieId.ToString(CultureInfo.InvariantCulture);
                byId[id] = new ItemMetadata(id, movie.Title, movie.Genres, null);
            }

            return (byId, movies);
        }

        if (dataset == DatasetSource.Beauty && File.Exists(beauty))
        {
            var byId = new Dictionary<string, ItemMetadata>(StringComparer.Ordinal);
            foreach (var item in AmazonReader.ReadBeautyItems(beauty, log))
            {
                byId[item.ItemId] = new ItemMetadata(item.ItemId, item.Title, item.Categories, string.IsNullOrWhiteSpace(item.Brand) ? null : item.Brand);
            }

            return (byId, beauty);
        }

        return null;
    }
}
