using MathNet.Numerics.LinearAlgebra;
using MovieRec.Core.Domain;
using MovieRec.Engine.Recommenders;

namespace MovieRec.Engine.Tests.Recommenders;

public class GraphFilterTests
{
    // small enough that the randomized SVD's sketch spans every column, so it must equal the exact SVD
    private static readonly RatingMatrix Data = RatingMatrix.Build(SyntheticRatings.Generate(users: 60, items: 30, seed: 7), RatingScale.WholeStars);

    [Fact]
    public void ScoresEqualTheDenseFormulaWithAnExactSvd()
    {
        const int k = 4;
        const float alpha = 0.7f;
        var model = new GraphFilter { Factors = k, IdealWeight = alpha };
        model.Fit(Data);

        // R̃ = D_U^-1/2 X D_I^-1/2 with X = rating / 5; score = x R̃ᵀR̃ + α (x D_I^-1/2) V Vᵀ D_I^1/2
        var x = Matrix<double>.Build.Dense(Data.UserCount, Data.ItemCount);
        for (var u = 0; u < Data.UserCount; u++)
            for (var n = 0; n < Data.ItemsOf(u).Length; n++) x[u, Data.ItemsOf(u)[n]] = Data.ValuesOf(u)[n] / 5.0;
        var du = x.RowSums().Map(s => 1 / Math.Sqrt(s));
        var di = x.ColumnSums().Map(s => 1 / Math.Sqrt(s));
        var r = Matrix<double>.Build.DiagonalOfDiagonalVector(du) * x * Matrix<double>.Build.DiagonalOfDiagonalVector(di);
        var v = r.Svd().VT.SubMatrix(0, k, 0, Data.ItemCount).Transpose();
        var expected = x * r.TransposeThisAndMultiply(r)
            + alpha * (x * Matrix<double>.Build.DiagonalOfDiagonalVector(di) * v * v.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(di.Map(d => 1 / d)));

        var scores = new float[Data.ItemCount];
        for (var u = 0; u < Data.UserCount; u += 7)
        {
            model.Score(u, scores);
            for (var i = 0; i < Data.ItemCount; i++) Assert.Equal(expected[u, i], scores[i], 1e-4);
        }
    }

    [Fact]
    public void ScoreBlendSumsTheWeightedStandardizedScoresOfItsParts()
    {
        var ease = new Ease { Lambda = 50 };
        var filter = new GraphFilter { Factors = 3 };
        var blend = new ScoreBlend("test-blend", null, (ease, 1f), (filter, 0.5f));
        blend.Fit(Data);

        static float[] Standardized(Recommender m, int u)
        {
            var s = new float[m.Data.ItemCount];
            m.Score(u, s);
            var mean = s.Average();
            var sd = Math.Sqrt(s.Sum(x => (x - mean) * (x - mean)) / s.Length);
            return s.Select(x => (float)((x - mean) / sd)).ToArray();
        }
        var scores = new float[Data.ItemCount];
        blend.Score(3, scores);
        var e = Standardized(ease, 3);
        var g = Standardized(filter, 3);
        for (var i = 0; i < scores.Length; i++) Assert.Equal(e[i] + 0.5f * g[i], scores[i], 1e-4);

        // a new user stating a known user's ratings gets that user's scores
        var stated = Data.ItemsOf(3).ToArray().Zip(Data.ValuesOf(3).ToArray()).ToList();
        var folded = new float[Data.ItemCount];
        blend.ScoreNewUser(stated, folded);
        for (var i = 0; i < scores.Length; i++) Assert.Equal(scores[i], folded[i], 1e-4);
    }
}
