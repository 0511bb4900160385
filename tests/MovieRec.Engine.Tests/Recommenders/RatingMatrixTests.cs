using MovieRec.Core.Domain;
using MovieRec.Engine.Recommenders;

namespace MovieRec.Engine.Tests.Recommenders;

public class RatingMatrixTests
{
    [Fact]
    public void CsrByUserAndByItemHoldTheSameRatings()
    {
        var ratings = SyntheticRatings.Generate(50, 40, seed: 3);
        var m = RatingMatrix.Build(ratings);
        Assert.Equal(ratings.Count, m.RatingCount);
        var byUser = new HashSet<(int, int, float)>();
        for (var u = 0; u < m.UserCount; u++)
        {
            var items = m.ItemsOf(u);
            var vals = m.ValuesOf(u);
            for (var k = 0; k < items.Length; k++) byUser.Add((m.UserIds[u], m.ItemIds[items[k]], vals[k]));
        }
        var byItem = new HashSet<(int, int, float)>();
        for (var i = 0; i < m.ItemCount; i++)
        {
            var users = m.UsersOf(i);
            var vals = m.ItemRatingsOf(i);
            for (var k = 0; k < users.Length; k++) byItem.Add((m.UserIds[users[k]], m.ItemIds[i], vals[k]));
        }
        Assert.True(byUser.SetEquals(ratings.Select(r => (r.UserId, r.MovieId, r.Value))));
        Assert.True(byItem.SetEquals(byUser));
        Assert.Equal(ratings.Average(r => r.Value), m.GlobalMean, 4);
        Assert.Equal(RatingScale.WholeStars, m.Scale);
    }

    [Fact]
    public void FingerprintIgnoresOrderButSeesValues()
    {
        var ratings = SyntheticRatings.Generate(30, 30, seed: 5);
        var a = RatingMatrix.Build(ratings);
        var b = RatingMatrix.Build(Enumerable.Reverse(ratings).ToList());
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        var changed = ratings.ToList();
        changed[7] = changed[7] with { Value = changed[7].Value == 5 ? 4 : 5 };
        Assert.NotEqual(a.Fingerprint, RatingMatrix.Build(changed).Fingerprint);
    }

    [Fact]
    public void DuplicatePairKeepsTheLastRating()
    {
        var m = RatingMatrix.Build([new Rating(1, 10, 2, 0), new Rating(1, 11, 3, 0), new Rating(1, 10, 5, 0)]);
        Assert.Equal(2, m.RatingCount);
        Assert.Equal(5f, m.ValuesOf(m.UserInner(1)!.Value)[0]);
    }

    [Fact]
    public void EmptyOrNonFiniteInputIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => RatingMatrix.Build([]));
        Assert.Contains("empty", e.Message, StringComparison.OrdinalIgnoreCase);
        var nan = Assert.Throws<ArgumentException>(() => RatingMatrix.Build([new Rating(1, 2, float.NaN, 0)]));
        Assert.Contains("user 1, movie 2", nan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopKIsOrderedAndBreaksTiesByIndex()
    {
        float[] s = [0.5f, 2f, float.NaN, 2f, -1f, float.NegativeInfinity, 1f];
        Assert.Equal([1, 3, 6], TopK.SelectIndices(s, 3));
        Assert.Equal([1, 3, 6, 0, 4], TopK.SelectIndices(s, 10));
        Assert.Empty(TopK.SelectIndices(s, 0));
        Assert.Equal([3, 6, 0], TopK.SelectIndices(s, 3, keep: i => i != 1)); // a rejected index leaves its place to the next
    }
}
