namespace MovieRec.Engine.Hybrid;

/// <summary>Maximal marginal relevance (Carbonell and Goldstein 1998) with a franchise rule.</summary>
public static class Diversity
{
    /// <summary>
    /// Picks <paramref name="k"/> of <paramref name="candidates"/> (sorted or not), each step taking the one maximizing
    /// lambda * relevance - (1 - lambda) * max similarity to those already picked. Within the first
    /// <paramref name="franchiseWindow"/> picks, a second movie of an already picked franchise is passed over
    /// (it may still appear later).
    /// </summary>
    public static List<T> Select<T>(IReadOnlyList<T> candidates, int k, double lambda, Func<T, double> relevance,
        Func<T, T, double> similarity, Func<T, string>? franchise = null, int franchiseWindow = 5)
    {
        var n = candidates.Count;
        var picked = new List<T>(Math.Min(k, n));
        var taken = new bool[n];
        var maxSim = new double[n];
        var relevances = candidates.Select(relevance).ToArray();
        var keys = franchise is null ? null : candidates.Select(franchise).ToArray(); // once, not at every step
        var franchiseRule = keys is not null;
        var franchises = new HashSet<string>();
        while (picked.Count < Math.Min(k, n))
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (taken[i] || (franchiseRule && picked.Count < franchiseWindow && franchises.Contains(keys![i]))) continue;
                var value = lambda * relevances[i] - (1 - lambda) * maxSim[i];
                if (value > bestValue) { bestValue = value; best = i; }
            }
            if (best < 0)
            {
                // only same-franchise candidates remain for the window: relax the rule rather than return fewer
                franchiseRule = false;
                continue;
            }
            taken[best] = true;
            picked.Add(candidates[best]);
            if (keys is not null) franchises.Add(keys[best]);
            for (var i = 0; i < n; i++)
                if (!taken[i]) maxSim[i] = Math.Max(maxSim[i], similarity(candidates[best], candidates[i]));
        }
        return picked;
    }
}
