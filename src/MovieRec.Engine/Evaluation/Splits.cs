using MovieRec.Core.Domain;

namespace MovieRec.Engine.Evaluation;

/// <summary>
/// One train/test split; Validation is used by ranking-recbole only. ranking-holdout also has ColdTrain, the training
/// set in which a random 20% of users keep only 5 ratings, and ColdUsers, the users with at most 5 ratings in it.
/// </summary>
public sealed record Split(IReadOnlyList<Rating> Train, IReadOnlyList<Rating> Test, IReadOnlyList<Rating> Validation, IReadOnlySet<int> ColdUsers)
{
    public IReadOnlyList<Rating> ColdTrain { get; init; } = Train;
}

/// <summary>The splits of EVALUATION.md, each fully determined by the seed.</summary>
public static class Splits
{
    /// <summary>rating-kfold: shuffle all ratings with the seed, cut into <paramref name="folds"/> equal folds; fold f is the test set of split f.</summary>
    public static IEnumerable<Split> RatingKFold(IReadOnlyList<Rating> ratings, int seed, int folds = 5)
    {
        var shuffled = ratings.ToArray();
        Shuffle(shuffled, new Random(seed));
        var n = shuffled.Length;
        for (var f = 0; f < folds; f++)
        {
            int from = (int)((long)n * f / folds), to = (int)((long)n * (f + 1) / folds);
            var train = new List<Rating>(n - (to - from));
            train.AddRange(shuffled.AsSpan(0, from));
            train.AddRange(shuffled.AsSpan(to));
            yield return new Split(train, shuffled[from..to], [], new HashSet<int>());
        }
    }

    /// <summary>
    /// ranking-holdout: per user (in id order) shuffle their ratings with the seed and hold out 20% (rounded, at least 1).
    /// The cold-start slice is simulated on a copy of the training set (ColdTrain): a random 20% of users keep only 5
    /// random training ratings; the main metrics use the full training set.
    /// </summary>
    public static Split RankingHoldout(IReadOnlyList<Rating> ratings, int seed, double holdout = 0.2, double coldShare = 0.2, int coldKeep = 5)
    {
        var rng = new Random(seed);
        var byUser = ratings.GroupBy(r => r.UserId).OrderBy(g => g.Key).ToList();
        var train = new Dictionary<int, List<Rating>>();
        var test = new List<Rating>();
        foreach (var g in byUser)
        {
            var list = g.OrderBy(r => r.MovieId).ThenBy(r => r.Timestamp).ToArray();
            Shuffle(list, rng);
            var nTest = Math.Max(1, (int)Math.Round(holdout * list.Length, MidpointRounding.AwayFromZero));
            if (nTest >= list.Length) nTest = list.Length - 1; // keep at least one training rating
            test.AddRange(list.AsSpan(0, Math.Max(0, nTest)));
            train[g.Key] = [.. list.AsSpan(Math.Max(0, nTest))];
        }
        var users = byUser.Select(g => g.Key).ToArray();
        Shuffle(users, rng);
        var coldTrain = train.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var u in users.Take((int)Math.Round(coldShare * users.Length)))
        {
            var list = train[u].ToArray();
            Shuffle(list, rng);
            coldTrain[u] = [.. list.Take(coldKeep)];
        }
        var cold = coldTrain.Where(kv => kv.Value.Count <= coldKeep).Select(kv => kv.Key).ToHashSet();
        return new Split(train.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value).ToList(), test, [], cold)
        {
            ColdTrain = coldTrain.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value).ToList(),
        };
    }

    /// <summary>
    /// ranking-recbole: drop ratings below 3; keep users and items with at least 10 interactions (repeat until stable);
    /// every remaining rating is a positive (the evaluation counts them all; the ratings keep their values, which
    /// only rating-weighted models read, as RecBole's atomic files keep the rating column). Per user shuffle with the seed and split 80/10/10 with
    /// RecBole's rounding (valid = test = floor(0.1 n), train = the rest).
    /// </summary>
    public static Split RecBole(IReadOnlyList<Rating> ratings, int seed, int minInteractions = 10, float minRating = 3f)
    {
        var kept = ratings.Where(r => r.Value >= minRating).ToList();
        while (true)
        {
            var userCounts = kept.CountBy(r => r.UserId).ToDictionary();
            var itemCounts = kept.CountBy(r => r.MovieId).ToDictionary();
            var next = kept.Where(r => userCounts[r.UserId] >= minInteractions && itemCounts[r.MovieId] >= minInteractions).ToList();
            if (next.Count == kept.Count) break;
            kept = next;
        }
        var rng = new Random(seed);
        var train = new List<Rating>();
        var valid = new List<Rating>();
        var test = new List<Rating>();
        foreach (var g in kept.GroupBy(r => r.UserId).OrderBy(g => g.Key))
        {
            var list = g.OrderBy(r => r.MovieId).ToArray();
            Shuffle(list, rng);
            var n = list.Length;
            int nValid = (int)(0.1 * n), nTest = (int)(0.1 * n);
            var nTrain = n - nValid - nTest;
            train.AddRange(list.AsSpan(0, nTrain));
            valid.AddRange(list.AsSpan(nTrain, nValid));
            test.AddRange(list.AsSpan(nTrain + nValid));
        }
        return new Split(train, test, valid, new HashSet<int>());
    }

    internal static void Shuffle<T>(T[] a, Random rng)
    {
        for (var k = a.Length - 1; k > 0; k--)
        {
            var j = rng.Next(k + 1);
            (a[k], a[j]) = (a[j], a[k]);
        }
    }
}
