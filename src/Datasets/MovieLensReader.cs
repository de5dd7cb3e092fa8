using System.Text;

namespace Streaming.Core.Datasets;

/// <summary>
/// Streaming readers for MovieLens-1M: the official <c>::</c>-separated files (ISO-8859-1, gzip
/// allowed) and the derived files without timestamps. Bad lines go to the <see cref="MalformedLineLog"/>.
/// </summary>
public static class MovieLensReader
{
    private const string Separator = "::";

    /// <summary>The official files are ISO-8859-1 (accented titles in movies.dat).</summary>
    public static Encoding FileEncoding => Encoding.Latin1;

    /// <summary>Reads <c>ratings.dat</c> (<c>UserID::MovieID::Rating::Timestamp</c>) in file order.</summary>
    public static IEnumerable<MovieLensRating> ReadRatings(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in DataFile.ReadLines(path, FileEncoding))
        {
            if (line.Text.Length == 0)
            {
                continue;
            }

            var parts = line.Text.Split(Separator);
            if (parts.Length != 4)
            {
                log.Report(path, line.Number, $"expected 4 '::'-separated fields, found {parts.Length}");
                continue;
            }

            if (!FieldParse.Int(parts[0], out var user) || user <= 0
                || !FieldParse.Int(parts[1], out var movie) || movie <= 0)
            {
                log.Report(path, line.Number, "user or movie id is not a positive integer");
                continue;
            }

            if (!FieldParse.Int(parts[2], out var rating) || rating is < 1 or > 5)
            {
                log.Report(path, line.Number, $"rating '{parts[2]}' is not an integer from 1 to 5");
                continue;
            }

            if (!FieldParse.Long(parts[3], out var timestamp) || timestamp <= 0)
            {
                log.Report(path, line.Number, $"timestamp '{parts[3]}' is not positive epoch seconds");
                continue;
            }

            yield return new MovieLensRating(user, movie, rating, timestamp);
        }
    }

    /// <summary>Reads <c>movies.dat</c> (<c>MovieID::Title::Genres</c>).</summary>
    public static IEnumerable<MovieLensMovie> ReadMovies(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in DataFile.ReadLines(path, FileEncoding))
        {
            if (line.Text.Length == 0)
            {
                continue;
            }

            var parts = line.Text.Split(Separator);
            if (parts.Length != 3)
            {
                log.Report(path, line.Number, $"expected 3 '::'-separated fields, found {parts.Length}");
                continue;
            }

            if (!FieldParse.Int(parts[0], out var movie) || movie <= 0)
            {
                log.Report(path, line.Number, $"movie id '{parts[0]}' is not a positive integer");
                continue;
            }

            if (parts[1].Length == 0)
            {
                log.Report(path, line.Number, "empty title");
                continue;
            }

            yield return new MovieLensMovie(movie, parts[1], FieldParse.PipeList(parts[2]));
        }
    }

    /// <summary>Reads <c>users.dat</c> (<c>UserID::Gender::Age::Occupation::Zip-code</c>).</summary>
    public static IEnumerable<MovieLensUser> ReadUsers(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in DataFile.ReadLines(path, FileEncoding))
        {
            if (line.Text.Length == 0)
            {
                continue;
            }

            var parts = line.Text.Split(Separator);
            if (parts.Length != 5)
            {
                log.Report(path, line.Number, $"expected 5 '::'-separated fields, found {parts.Length}");
                continue;
            }

            if (!FieldParse.Int(parts[0], out var user) || user <= 0)
            {
                log.Report(path, line.Number, $"user id '{parts[0]}' is not a positive integer");
                continue;
            }

            if (parts[1] is not ("M" or "F"))
            {
                log.Report(path, line.Number, $"gender '{parts[1]}' is not M or F");
                continue;
            }

            if (!FieldParse.Int(parts[2], out var age) || !FieldParse.Int(parts[3], out var occupation))
            {
                log.Report(path, line.Number, "age or occupation is not an integer");
                continue;
            }

            yield return new MovieLensUser(user, parts[1][0], age, occupation, parts[4]);
        }
    }

    /// <summary>Reads <c>ratings_no_timestamp.csv</c> (<c>user_id,movie_id,rating,order_in_user</c>, with header).</summary>
    public static IEnumerable<MovieLensOrderedRating> ReadOrderedRatings(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        CsvHeader? header = null;
        foreach (var record in CsvRecordReader.ReadFile(path, log))
        {
            if (header is null)
            {
                header = CsvHeader.Parse(path, record, "user_id", "movie_id", "rating", "order_in_user");
                continue;
            }

            var f = record.Fields;
            if (f.Length < header.Width)
            {
                log.Report(path, record.LineNumber, $"expected {header.Width} fields, found {f.Length}");
                continue;
            }

            if (!FieldParse.Int(f[header["user_id"]], out var user) || user <= 0
                || !FieldParse.Int(f[header["movie_id"]], out var movie) || movie <= 0)
            {
                log.Report(path, record.LineNumber, "user or movie id is not a positive integer");
                continue;
            }

            if (!FieldParse.Int(f[header["rating"]], out var rating) || rating is < 1 or > 5)
            {
                log.Report(path, record.LineNumber, $"rating '{f[header["rating"]]}' is not an integer from 1 to 5");
                continue;
            }

            if (!FieldParse.Int(f[header["order_in_user"]], out var order) || order < 0)
            {
                log.Report(path, record.LineNumber, $"order_in_user '{f[header["order_in_user"]]}' is not a non-negative integer");
                continue;
            }

            yield return new MovieLensOrderedRating(user, movie, rating, order);
        }
    }

    /// <summary>Reads a <c>user m1 m2 …</c> sequence file (whitespace-separated, oldest first).</summary>
    public static IEnumerable<UserSequence> ReadUserSequences(string path, MalformedLineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in DataFile.ReadLines(path))
        {
            var parts = line.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length < 2)
            {
                log.Report(path, line.Number, "a user with no items");
                continue;
            }

            yield return new UserSequence(parts[0], parts[1..]);
        }
    }
}
