using Streaming.Core.Intents;

namespace Streaming.Core.Tests.Intents;

public sealed class IntentVectorFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("intent-vectors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Records_round_trip_with_their_flags_and_vectors()
    {
        var path = Path.Combine(_directory, "a.int");
        var random = new Random(3);
        var expected = new[] { IntentGroups.Explicit | IntentGroups.Latent, IntentGroups.Latent, IntentGroups.None, IntentGroups.Explicit }
            .Select(groups => new IntentVectorRecord(groups, Vector(random, 5), groups == IntentGroups.None ? new float[5] : Vector(random, 5)))
            .ToList();

        var (writer, existing) = IntentVectorFile.OpenForAppend(path, 5);
        using (writer)
        {
            foreach (var record in expected)
            {
                IntentVectorFile.Write(writer, 5, record.Groups, record.Explicit, record.Latent);
            }
        }

        var contents = IntentVectorFile.Read(path);

        Assert.Equal(0, existing);
        Assert.Equal(5, contents.Dimension);
        Assert.Equal(expected.Count, contents.Records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Groups, contents.Records[i].Groups);
            Assert.Equal(expected[i].Explicit, contents.Records[i].Explicit);
            Assert.Equal(expected[i].Latent, contents.Records[i].Latent);
        }

        Assert.True(contents.Records[0].HasExplicit && contents.Records[0].HasLatent);
        Assert.False(contents.Records[1].HasExplicit);
        Assert.True(contents.Records[1].HasLatent);
        Assert.Equal(8 + (4 * IntentVectorFile.RecordBytes(5)), new FileInfo(path).Length);
    }

    [Fact]
    public void Null_vectors_are_written_as_zeros()
    {
        var path = Path.Combine(_directory, "zeros.int");
        var (writer, _) = IntentVectorFile.OpenForAppend(path, 3);
        using (writer)
        {
            IntentVectorFile.Write(writer, 3, IntentGroups.None, null, null);
        }

        var record = Assert.Single(IntentVectorFile.Read(path).Records);

        Assert.Equal(IntentGroups.None, record.Groups);
        Assert.Equal(new float[3], record.Explicit);
        Assert.Equal(new float[3], record.Latent);
    }

    [Fact]
    public void Reopening_resumes_after_the_last_whole_record_and_drops_a_cut_one()
    {
        var path = Path.Combine(_directory, "resume.int");
        var (writer, _) = IntentVectorFile.OpenForAppend(path, 2);
        using (writer)
        {
            IntentVectorFile.Write(writer, 2, IntentGroups.Latent, [1, 2], [3, 4]);
            IntentVectorFile.Write(writer, 2, IntentGroups.Explicit, [5, 6], [7, 8]);
            writer.Write((byte)1); // an interrupted third record
            writer.Write(9f);
        }

        var (again, existing) = IntentVectorFile.OpenForAppend(path, 2);
        using (again)
        {
            IntentVectorFile.Write(again, 2, IntentGroups.None, null, null);
        }

        var records = IntentVectorFile.Read(path).Records;

        Assert.Equal(2, existing);
        Assert.Equal(3, records.Count);
        Assert.Equal([5f, 6f], records[1].Explicit);
        Assert.Equal(IntentGroups.None, records[2].Groups);
    }

    [Fact]
    public void A_file_of_another_dimension_or_format_is_refused()
    {
        var path = Path.Combine(_directory, "dim.int");
        var (writer, _) = IntentVectorFile.OpenForAppend(path, 4);
        writer.Dispose();
        var other = Path.Combine(_directory, "other.bin");
        File.WriteAllBytes(other, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Assert.Throws<InvalidDataException>(() => IntentVectorFile.OpenForAppend(path, 8));
        Assert.Throws<InvalidDataException>(() => IntentVectorFile.Read(other));
        var (file, _) = IntentVectorFile.OpenForAppend(Path.Combine(_directory, "short.int"), 4);
        using (file)
        {
            Assert.Throws<ArgumentException>(() => IntentVectorFile.Write(file, 4, IntentGroups.Explicit, [1, 2], null));
        }
    }

    private static float[] Vector(Random random, int dimension) =>
        [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() - 0.5f)];
}
