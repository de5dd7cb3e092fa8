using System.Text;
using Streaming.Core.Datasets;

namespace Streaming.Core.Tests.Datasets;

public sealed class MovieLensReaderTests
{
    [Fact]
    public void Ratings_are_read_in_file_order_and_bad_lines_counted_with_their_numbers()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("ratings.dat",
            "1::1193::5::978300760\n" +
            "1::661::3\n" +                      // 2: too few fields
            "1::914::9::978301968\n" +           // 3: rating out of range
            "x::914::3::978301968\n" +           // 4: bad user
            "2::1357::4::-5\n" +                 // 5: bad timestamp
            "\n" +
            "2::3068::4::978299000\n");
        var log = new MalformedLineLog();

        var ratings = MovieLensReader.ReadRatings(path, log).ToList();

        Assert.Equal([new MovieLensRating(1, 1193, 5, 978300760), new MovieLensRating(2, 3068, 4, 978299000)], ratings);
        Assert.Equal(4, log.Count);
        Assert.Equal([2L, 3L, 4L, 5L], log.First.Select(m => m.LineNumber));
        Assert.All(log.First, m => Assert.Equal(path, m.File));
    }

    [Fact]
    public void Gzipped_ratings_read_the_same_as_plain()
    {
        using var dir = new TempDirectory();
        var lines = string.Concat(Enumerable.Range(1, 50).Select(i => $"{i % 7 + 1}::{i * 3}::{i % 5 + 1}::{978300000 + i}\n"));
        var plain = MovieLensReader.ReadRatings(dir.Write("r.dat", lines), new MalformedLineLog()).ToList();
        var gz = MovieLensReader.ReadRatings(dir.WriteGzip("r.dat.gz", lines), new MalformedLineLog()).ToList();
        Assert.Equal(50, plain.Count);
        Assert.Equal(plain, gz);
    }

    [Fact]
    public void Movies_are_decoded_as_iso_8859_1()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("movies.dat",
            "1::Misérables, Les (1995)::Drama|War\n2::Bad line\n3::Cité des enfants perdus, La (1995)::Adventure|Sci-Fi\n",
            Encoding.Latin1);
        var log = new MalformedLineLog();

        var movies = MovieLensReader.ReadMovies(path, log).ToList();

        Assert.Equal("Misérables, Les (1995)", movies[0].Title);
        Assert.Equal(["Drama", "War"], movies[0].Genres);
        Assert.Equal("Cité des enfants perdus, La (1995)", movies[1].Title);
        Assert.Equal(2, log.First.Single().LineNumber);
    }

    [Fact]
    public void Users_are_parsed_and_bad_gender_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("users.dat", "1::F::1::10::48067\n2::X::56::16::70072\n3::M::25::15::55117\n");
        var log = new MalformedLineLog();
        var users = MovieLensReader.ReadUsers(path, log).ToList();
        Assert.Equal([new MovieLensUser(1, 'F', 1, 10, "48067"), new MovieLensUser(3, 'M', 25, 15, "55117")], users);
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public void Ordered_ratings_and_sequences_carry_order_but_no_time()
    {
        using var dir = new TempDirectory();
        var csv = dir.Write("ratings_no_timestamp.csv", "user_id,movie_id,rating,order_in_user\n1,10,4,1\n1,20,5,0\n1,30,7,2\n");
        var log = new MalformedLineLog();
        var ordered = MovieLensReader.ReadOrderedRatings(csv, log).ToList();
        Assert.Equal([new MovieLensOrderedRating(1, 10, 4, 1), new MovieLensOrderedRating(1, 20, 5, 0)], ordered);
        Assert.Equal(4, log.First.Single().LineNumber);

        var seq = dir.Write("seq.txt", "1 10 20 30\n2\n3 5\n");
        var sequences = MovieLensReader.ReadUserSequences(seq, log).ToList();
        Assert.Equal(["10", "20", "30"], sequences[0].Items);
        Assert.Equal("3", sequences[1].UserId);
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void Wrong_header_is_an_error_naming_the_missing_columns()
    {
        using var dir = new TempDirectory();
        var csv = dir.Write("r.csv", "user,movie\n1,2\n");
        var error = Assert.Throws<InvalidDataException>(() => MovieLensReader.ReadOrderedRatings(csv, new MalformedLineLog()).ToList());
        Assert.Contains("order_in_user", error.Message, StringComparison.Ordinal);
    }
}
