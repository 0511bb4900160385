using MovieRec.Core.Domain;

namespace MovieRec.Engine.Tests.Recommenders;

/// <summary>Low-rank synthetic ratings: r = clip(round(3 + u·v + noise)) on a 1..5 scale, with power-law item popularity.</summary>
internal static class SyntheticRatings
{
    public static List<Rating> Generate(int users = 300, int items = 120, int rank = 3, int seed = 1, double noise = 0.3)
    {
        var rng = new Random(seed);
        var u = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, rank).Select(_ => Gauss(rng)).ToArray()).ToArray();
        var v = Enumerable.Range(0, items).Select(_ => Enumerable.Range(0, rank).Select(_ => Gauss(rng)).ToArray()).ToArray();
        var bu = Enumerable.Range(0, users).Select(_ => 0.3 * Gauss(rng)).ToArray();
        var bi = Enumerable.Range(0, items).Select(_ => 0.5 * Gauss(rng)).ToArray();
        var list = new List<Rating>();
        for (var a = 0; a < users; a++)
            for (var i = 0; i < items; i++)
            {
                var dot = 0.0;
                for (var f = 0; f < rank; f++) dot += u[a][f] * v[i][f];
                // power-law popularity, and people mostly rate what they like
                var p = (0.1 + 0.4 / Math.Sqrt(i + 1)) * 2 / (1 + Math.Exp(-1.5 * dot));
                if (rng.NextDouble() > p) continue;
                var value = Math.Clamp(Math.Round(3 + bu[a] + bi[i] + 0.7 * dot + noise * Gauss(rng)), 1, 5);
                list.Add(new Rating(1000 + a, 5000 + i, (float)value, a * 1000L + i));
            }
        return list;
    }

    public static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>A train/test split of the synthetic ratings (every 5th rating of a user goes to test).</summary>
    public static (List<Rating> Train, List<Rating> Test) Split(List<Rating> all)
    {
        var train = new List<Rating>();
        var test = new List<Rating>();
        foreach (var g in all.GroupBy(r => r.UserId))
        {
            var k = 0;
            foreach (var r in g) (k++ % 5 == 4 ? test : train).Add(r);
        }
        return (train, test);
    }
}
