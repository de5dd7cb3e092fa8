namespace Streaming.Core.Datasets;

/// <summary>One line of <c>movies.dat</c>: <c>MovieID::Title::Genres</c> (genres pipe-separated).</summary>
public sealed record MovieLensMovie(int MovieId, string Title, IReadOnlyList<string> Genres);
