using System.ComponentModel.DataAnnotations;

namespace MovieRec.Engine.Hybrid;

/// <summary>Weights and knobs of the hybrid engine (appsettings.json section "Hybrid").</summary>
public sealed class HybridOptions
{
    public const string Section = "Hybrid";

    public HybridStrategy Strategy { get; set; } = HybridStrategy.Blend;
    [Range(0, 10)] public double CollaborativeWeight { get; set; } = 0.6;
    [Range(0, 10)] public double ContentWeight { get; set; } = 0.3;
    [Range(0, 10)] public double SentimentWeight { get; set; } = 0.03;
    [Range(0, 10)] public double PopularityWeight { get; set; } = 0.1;
    /// <summary>The collaborative weight is scaled by n / (n + this), n = the user's known ratings: a new user leans on content and popularity.</summary>
    [Range(0, 1000)] public double CollaborativeConfidenceRatings { get; set; } = 5;
    /// <summary>Added to the blended score (0 to 1) of a movie with one of the request's preferred genres.</summary>
    [Range(0, 1)] public double PreferredGenreBonus { get; set; } = 0.1;
    /// <summary>MMR trade-off: 1 = relevance only, 0 = diversity only.</summary>
    [Range(0, 1)] public double MmrLambda { get; set; } = 0.9;
    /// <summary>Candidates taken from each source (vector index, collaborative model) before blending.</summary>
    [Range(10, 100000)] public int CandidatePool { get; set; } = 400;
    /// <summary>Ratings at the global mean added to every movie's Bayesian average.</summary>
    [Range(0, 1000)] public double PopularityPriorCount { get; set; } = 10;
}
