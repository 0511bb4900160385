namespace MovieRec.Engine.Text.Vader;

/// <summary>
/// VADER scores of one text: the shares of negative, neutral and positive weight (each rounded to 3 decimals)
/// and the normalized compound score in [-1, 1] (rounded to 4 decimals), exactly as vaderSentiment 3.3.1 reports them.
/// </summary>
public readonly record struct SentimentScores(double Negative, double Neutral, double Positive, double Compound)
{
    public static SentimentScores Empty => default;
}
