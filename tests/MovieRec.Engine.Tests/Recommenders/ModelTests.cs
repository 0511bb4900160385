using MovieRec.Core.Domain;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Recommenders;

namespace MovieRec.Engine.Tests.Recommenders;

public class ModelTests
{
    private static readonly List<Rating> All = SyntheticRatings.Generate();
    private static readonly (List<Rating> Train, List<Rating> Test) Parts = SyntheticRatings.Split(All);
    private static readonly RatingMatrix Train = RatingMatrix.Build(Parts.Train, RatingScale.WholeStars);
    private static readonly SideInfo Side = MakeSide();

    private static SideInfo MakeSide()
    {
        string[] genres = ["Action", "Comedy", "Drama", "Horror"];
        var movies = Train.ItemIds.Select(id => new Movie(id, $"Movie {id}", 1960 + id % 60, [genres[id % 4], genres[(id / 4) % 4]])).ToList();
        var users = Train.UserIds.Select(id => new User(id, 15 + id % 50, id % 2 == 0 ? Gender.Female : Gender.Male, $"job{id % 7}")).ToList();
        return new SideInfo(movies, users);
    }

    public static TheoryData<string> Names() => [.. RecommenderCatalog.Names.Order(StringComparer.Ordinal)];

    private static readonly Dictionary<string, Recommender> Fitted = [];

    private static Recommender Fit(string name)
    {
        lock (Fitted)
        {
            if (Fitted.TryGetValue(name, out var m)) return m;
            m = RecommenderCatalog.Create(name, Side);
            m.Fit(Train);
            return Fitted[name] = m;
        }
    }

    private static byte[] Bytes(Recommender m)
    {
        using var ms = new MemoryStream();
        m.Save(ms);
        return ms.ToArray();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SavesAndLoadsBitForBit(string name)
    {
        var model = Fit(name);
        var bytes = Bytes(model);
        var loaded = ModelFile.Load(new MemoryStream(bytes), Train, Side);
        Assert.Equal(name, loaded.Kind);
        Assert.Equal(bytes, Bytes(loaded));
        var a = new float[Train.ItemCount];
        var b = new float[Train.ItemCount];
        for (var u = 0; u < Train.UserCount; u += 37)
        {
            model.Score(u, a);
            loaded.Score(u, b);
            Assert.Equal(a, b);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void RecommendsUnseenDistinctMoviesAndFallsBackForUnknownUsers(string name)
    {
        var model = Fit(name);
        var user = Train.UserIds[3];
        var recs = model.Recommend(user, 10);
        Assert.Equal(10, recs.Count);
        Assert.Equal(10, recs.Select(r => r.MovieId).Distinct().Count());
        var seen = Train.ItemsOf(3).ToArray().Select(i => Train.ItemIds[i]).ToHashSet();
        Assert.DoesNotContain(recs, r => seen.Contains(r.MovieId));
        Assert.True(recs.Zip(recs.Skip(1)).All(p => p.First.Score >= p.Second.Score));

        var unknown = model.Recommend(-12345, 5).Select(r => r.MovieId);
        var popular = Enumerable.Range(0, Train.ItemCount).OrderByDescending(Train.ItemDegree).ThenBy(i => i).Take(5).Select(i => Train.ItemIds[i]);
        Assert.Equal(popular, unknown);
        if (model is IRatingPredictor)
        {
            var p = model.PredictRating(-1, -1);
            Assert.InRange(p, 1f, 5f);
            Assert.InRange(model.PredictRating(user, 987654), 1f, 5f);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void RefusesAModelTrainedOnOtherData(string name)
    {
        var bytes = Bytes(Fit(name));
        var other = RatingMatrix.Build(Parts.Train.Take(Parts.Train.Count - 1).ToList(), RatingScale.WholeStars);
        var e = Assert.Throws<ModelMismatchException>(() => ModelFile.Load(new MemoryStream(bytes), other, Side));
        Assert.Contains("trained on other data", e.Message, StringComparison.Ordinal);
        Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes[..(bytes.Length / 2)]), Train, Side));
        Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream("not a model at all"u8.ToArray()), Train, Side));
    }

    [Theory]
    [InlineData("baseline", 0.85)]
    [InlineData("mf", 0.85)]
    [InlineData("mf-tuned", 0.85)]
    [InlineData("svdpp", 0.80)]
    [InlineData("knnbaseline", 0.85)]
    [InlineData("userknn", 0.90)]
    [InlineData("fm", 0.85)]
    [InlineData("blend", 0.80)]
    [InlineData("ncf", 0.90)]
    public void RatingPredictorsBeatTheGlobalMeanOnHeldOutRatings(string name, double maxShareOfMeanRmse)
    {
        var model = (IRatingPredictor)Fit(name);
        var mean = new RatingErrors();
        var errors = new RatingErrors();
        foreach (var r in Parts.Test)
        {
            mean.Add(Train.GlobalMean, r.Value);
            errors.Add(Train.Scale.Clip(model.Predict(Train.UserInner(r.UserId) ?? -1, Train.ItemInner(r.MovieId) ?? -1)), r.Value);
        }
        Assert.True(errors.Rmse < maxShareOfMeanRmse * mean.Rmse, $"{name}: RMSE {errors.Rmse:0.000} vs global mean {mean.Rmse:0.000}");
    }

    [Theory]
    [InlineData("ease")]
    [InlineData("ease-rated")]
    [InlineData("edlae")]
    [InlineData("gfcf")]
    [InlineData("ease-gfcf-als")]
    [InlineData("itemknn")]
    [InlineData("userknn-cos")]
    [InlineData("als")]
    [InlineData("mf")]
    public void RankersFindHeldOutMoviesBetterThanPopularity(string name)
    {
        // relevant = every held-out movie; popularity is the bar to beat on personalized data
        double Hits(Recommender m) => Parts.Test.GroupBy(r => r.UserId).Sum(g =>
        {
            var rel = g.Select(r => r.MovieId).ToHashSet();
            return m.Recommend(g.Key, 10).Count(r => rel.Contains(r.MovieId));
        });
        var model = Hits(Fit(name));
        var pop = Hits(Fit("pop"));
        Assert.True(model > pop, $"{name}: {model} hits vs popularity {pop}");
    }

    [Fact]
    public void MatrixFactorizationIsDeterministicForASeedWhateverTheThreads()
    {
        var a = new BiasedMf { Epochs = 5 };
        a.Fit(Train);
        var b = new BiasedMf { Epochs = 5 };
        ThreadPool.GetMinThreads(out var w, out var io);
        b.Fit(Train);
        Assert.Equal(Bytes(a), Bytes(b));
        var c = new BiasedMf { Epochs = 5, Seed = 7 };
        c.Fit(Train);
        Assert.NotEqual(Bytes(a), Bytes(c));
        var d = new BiasedMf { Epochs = 5, Strata = 1 }; // sequential schedule: still a good model
        d.Fit(Train);
        Assert.True(Math.Abs(a.Predict(0, 0) - d.Predict(0, 0)) < 1.5f);
        Assert.True(w > 0 && io > 0);
    }

    [Fact]
    public void EaseFoldInOfAKnownUsersRatingsEqualsTheirOwnScores()
    {
        var ease = (Ease)Fit("ease");
        var u = 5;
        var own = new float[Train.ItemCount];
        ease.Score(u, own);
        var items = Train.ItemsOf(u).ToArray();
        var folded = new float[Train.ItemCount];
        ease.ScoreNewUser(items.Select(i => (i, 5f)).ToList(), folded);
        Assert.Equal(own, folded);
    }

    [Theory]
    [InlineData("als", 6)]
    [InlineData("mf", 4)]
    [InlineData("itemknn", 10)]
    [InlineData("ease-gfcf-als", 10)]
    public void FoldInFromStatedRatingsRecoversTheUsersRecommendations(string name, int minOverlap)
    {
        var model = Fit(name);
        var overlaps = new List<int>();
        foreach (var u in new[] { 2, 40, 77, 150 })
        {
            var raw = Train.UserIds[u];
            var stated = Train.ItemsOf(u).ToArray().Zip(Train.ValuesOf(u).ToArray()).Select(p => (Train.ItemIds[p.First], p.Second)).ToList();
            var own = model.Recommend(raw, 10).Select(r => r.MovieId).ToHashSet();
            overlaps.Add(model.RecommendForNewUser(stated, 10).Count(r => own.Contains(r.MovieId)));
        }
        Assert.True(overlaps.Average() >= minOverlap, $"{name}: overlaps {string.Join(",", overlaps)}");
    }

    [Fact]
    public void NewUserWithOnlyUnknownMoviesGetsPopularity()
    {
        var recs = Fit("mf").RecommendForNewUser([(424242, 5f)], 3);
        var popular = Enumerable.Range(0, Train.ItemCount).OrderByDescending(Train.ItemDegree).ThenBy(i => i).Take(3).Select(i => Train.ItemIds[i]);
        Assert.Equal(popular, recs.Select(r => r.MovieId));
    }

    [Fact]
    public void UnfittedModelsAndUnknownNamesGiveClearErrors()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new BiasedMf().Recommend(1, 10));
        Assert.Contains("not trained", e.Message, StringComparison.Ordinal);
        var n = Assert.Throws<ArgumentException>(() => RecommenderCatalog.Create("svd-- "));
        Assert.Contains("Known models", n.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load("/nonexistent/model.bin", Train));
    }

    [Theory]
    [InlineData(40)]   // one pivot block
    [InlineData(150)]  // several blocks, the last one partial
    [InlineData(600)]  // more than one column tile
    public void GaussJordanInverseMatchesMathNet(int n)
    {
        var rng = new Random(4);
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble());
        var spd = a.TransposeThisAndMultiply(a) / n + MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(n) * 5;
        var flat = new float[n * n];
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) flat[i * n + j] = (float)spd[i, j];
        Ease.InvertSpd(flat, n);
        var expected = spd.Inverse();
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) Assert.Equal(expected[i, j], flat[i * n + j], 3);
    }
}

public class UserClustersTests
{
    [Fact]
    public void ColdStartFromDemographicsPicksTheClusterOfSimilarUsers()
    {
        // two taste groups that differ by gender and occupation: women/doctors like movies 1..20, men/artists like 21..40
        var ratings = new List<Rating>();
        var users = new List<User>();
        var rng = new Random(3);
        for (var u = 1; u <= 120; u++)
        {
            var groupA = u % 2 == 0;
            users.Add(new User(u, 20 + u % 30, groupA ? Gender.Female : Gender.Male, groupA ? "doctor" : "artist"));
            for (var i = 1; i <= 40; i++)
            {
                if (rng.NextDouble() > 0.5) continue;
                var liked = groupA == i <= 20;
                ratings.Add(new Rating(u, i, liked ? 5 : 1, 0));
            }
        }
        var data = RatingMatrix.Build(ratings, RatingScale.WholeStars);
        var model = new UserClusters(new SideInfo([], users)) { Clusters = 2 };
        model.Fit(data);
        var forWoman = model.RecommendForDemographics(new User(999, 30, Gender.Female, "doctor"), 10);
        var forMan = model.RecommendForDemographics(new User(998, 30, Gender.Male, "artist"), 10);
        Assert.All(forWoman, r => Assert.InRange(r.MovieId, 1, 20));
        Assert.All(forMan, r => Assert.InRange(r.MovieId, 21, 40));
        var fromLikes = model.RecommendForNewUser([(25, 5f), (30, 5f)], 5);
        Assert.All(fromLikes, r => Assert.InRange(r.MovieId, 21, 40));
        Assert.Throws<InvalidOperationException>(() =>
        {
            var noDemo = new UserClusters { Clusters = 2 };
            noDemo.Fit(data);
            noDemo.RecommendForDemographics(new User(1, 30), 5);
        });
    }
}
