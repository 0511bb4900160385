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
        var picked = new List<T>(Math.Min(k, candidates.Count));
        var left = candidates.ToList();
        var maxSim = new double[left.Count];
        var franchises = new HashSet<string>();
        while (picked.Count < k && left.Count > 0)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < left.Count; i++)
            {
                if (franchise is not null && picked.Count < franchiseWindow && franchises.Contains(franchise(left[i]))) continue;
                var value = lambda * relevance(left[i]) - (1 - lambda) * maxSim[i];
                if (value > bestValue) { bestValue = value; best = i; }
            }
            if (best < 0)
            {
                // only same-franchise candidates remain for the window: relax the rule rather than return fewer
                franchise = null;
                continue;
            }
            var chosen = left[best];
            picked.Add(chosen);
            if (franchise is not null) franchises.Add(franchise(chosen));
            left.RemoveAt(best);
            var sims = maxSim.ToList();
            sims.RemoveAt(best);
            for (var i = 0; i < left.Count; i++) sims[i] = Math.Max(sims[i], similarity(chosen, left[i]));
            maxSim = [.. sims];
        }
        return picked;
    }
}
