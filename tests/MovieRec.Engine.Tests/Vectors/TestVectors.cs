using MovieRec.Engine.Vectors;

namespace MovieRec.Engine.Tests.Vectors;

/// <summary>Seeded random vectors and a double-precision brute-force reference.</summary>
internal static class TestVectors
{
    public static float[][] Gaussian(int count, int dim, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new float[dim];
            for (var j = 0; j < dim; j++)
            {
                // Box-Muller
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                vectors[i][j] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }
        return vectors;
    }

    public static T Fill<T>(T index, float[][] vectors, int firstId = 100) where T : IVectorIndex
    {
        for (var i = 0; i < vectors.Length; i++) index.Add(firstId + 3 * i, vectors[i]);
        return index;
    }

    /// <summary>Top k by a double-precision dot over the index's stored vectors; ties to the lower id.</summary>
    public static List<(int Id, double Score)> BruteForce(IVectorIndex index, IEnumerable<int> ids, float[] query, int k, Func<int, bool>? allowed = null)
    {
        var norm = Math.Sqrt(query.Sum(x => (double)x * x));
        return ids.Where(id => allowed?.Invoke(id) ?? true)
            .Select(id =>
            {
                var v = index.GetVector(id).ToArray();
                double dot = 0;
                for (var j = 0; j < v.Length; j++) dot += v[j] * (query[j] / norm);
                return (Id: id, Score: dot);
            })
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(k).ToList();
    }

    public static IEnumerable<int> Ids(int count, int firstId = 100) => Enumerable.Range(0, count).Select(i => firstId + 3 * i);
}
