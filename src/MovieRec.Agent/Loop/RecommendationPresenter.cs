using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace MovieRec.Agent.Loop;

/// <summary>
/// The <c>present_recommendations</c> tool of one turn: the model hands over its final picks (ids and
/// reasons); the latest call wins. The loop checks the ids against the turn's tool results afterwards.
/// </summary>
internal sealed class RecommendationPresenter
{
    public const string ToolName = "present_recommendations";

    private const string ToolDescription =
        "Present your final movie recommendations before writing the answer. movie_ids: ids exactly as returned by the other tools " +
        "in this turn, best first. reasons: one short reason per movie, same order.";

    private readonly Lock _lock = new();
    private IReadOnlyList<(int MovieId, string Reason)>? _latest;

    public RecommendationPresenter() =>
        Function = AIFunctionFactory.Create((Func<int[], string[]?, string>)Present, ToolName, ToolDescription);

    public AIFunction Function { get; }

    /// <summary>The last presentation (null when the model never called the tool).</summary>
    public IReadOnlyList<(int MovieId, string Reason)>? Latest
    {
        get { lock (_lock) return _latest; }
    }

    private string Present(
        [Description("Movie ids from this turn's tool results, best first.")] int[] movie_ids,
        [Description("One short reason per movie, in the same order as movie_ids.")] string[]? reasons = null)
    {
        var picks = new List<(int, string)>();
        var seen = new HashSet<int>();
        for (var i = 0; i < movie_ids.Length; i++)
            if (seen.Add(movie_ids[i]))
                picks.Add((movie_ids[i], reasons is not null && i < reasons.Length ? reasons[i] ?? "" : ""));
        lock (_lock) _latest = picks;
        return $$"""{"recorded":{{picks.Count}}}""";
    }
}
