using MovieRec.Engine.Vectors;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Vectors;

/// <summary>Input validation and file damage, for both index kinds.</summary>
public class VectorIndexContractTests
{
    public static TheoryData<string> Kinds => new() { "exact", "hnsw" };

    private static IVectorIndex Create(string kind, int dim) =>
        kind == "exact" ? new ExactVectorIndex(dim) : new HnswVectorIndex(dim, new HnswOptions { M = 8, EfConstruction = 50 });

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BadInput_GetsClearArgumentExceptions(string kind)
    {
        var index = TestVectors.Fill(Create(kind, 4), TestVectors.Gaussian(10, 4, seed: 1));
        float[] good = [1, 2, 3, 4];

        var e = Assert.ThrowsAny<ArgumentException>(() => index.Search(good, 0));
        Assert.Contains("k must be at least 1", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => index.Search(good, -3));
        Assert.ThrowsAny<ArgumentException>(() => index.SearchBatch([good], 0));
        e = Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3], 5));
        Assert.Contains("dimension 4, got 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => index.Search([1, float.NaN, 3, 4], 5));
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => index.SearchBatch([good, [0, 0, 0, 0]], 5));
        Assert.Contains("all zeros", e.Message);
        Assert.Contains("queries[1]", e.Message);
        Assert.Throws<ArgumentException>(() => index.Add(1, [1, 2, float.PositiveInfinity, 4]));
        Assert.Throws<ArgumentException>(() => index.Add(1, [1, 2, 3, 4, 5]));
        e = Assert.Throws<ArgumentException>(() => index.Add(100, good));
        Assert.Contains("already", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => index.Add(-1, good));
        Assert.Equal(10, index.Count); // nothing half-added
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DamagedFiles_GiveInvalidDataExceptionsNamingTheFile(string kind)
    {
        using var temp = new TempDir();
        var path = temp.File("index.mrvi");
        TestVectors.Fill(Create(kind, 16), TestVectors.Gaussian(200, 16, seed: 2)).Save(path);
        var bytes = File.ReadAllBytes(path);

        void AssertCorrupt(byte[] content, string reason)
        {
            var damaged = temp.File("damaged.mrvi");
            File.WriteAllBytes(damaged, content);
            var e = Assert.Throws<InvalidDataException>(() => VectorIndexFile.Load(damaged));
            Assert.Contains(damaged, e.Message);
            Assert.Contains(reason, e.Message);
        }

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        AssertCorrupt(flipped, "checksum");
        AssertCorrupt(bytes[..(bytes.Length - 7)], "truncated");
        AssertCorrupt(bytes[..30], "truncated");
        AssertCorrupt([], "truncated");
        AssertCorrupt([.. "JUNK"u8, .. bytes[4..]], "magic");
        var version = (byte[])bytes.Clone();
        version[4] = 99;
        AssertCorrupt(version, "version 99");
        AssertCorrupt([.. bytes, 1, 2, 3], "checksum");

        var missing = temp.File("missing.mrvi");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => VectorIndexFile.Load(missing)).Message);
        if (kind == "exact") Assert.Contains("not an HNSW", Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path)).Message);
        else Assert.Contains("not an exact", Assert.Throws<InvalidDataException>(() => ExactVectorIndex.Load(path)).Message);
    }
}
