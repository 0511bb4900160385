using System.Globalization;
using MovieRec.Engine.Text.Vader;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Engine.Tests.Text.Vader;

/// <summary>Protocol vader-reference (EVALUATION.md): agreement with vaderSentiment 3.3.1 and correlation with human ratings.</summary>
public sealed class VaderReferenceTests(ITestOutputHelper output)
{
    internal static readonly Lazy<VaderAnalyzer> Analyzer = new(() => new VaderAnalyzer(SharedData.Path("vader")));

    [Fact]
    public void Scores_match_the_reference_implementation_on_every_row()
    {
        var path = SharedData.Path("vader", "reference_scores.tsv");
        var rows = 0;
        var exact = 0;
        var mismatches = new List<string>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t', 6);
            var expected = new SentimentScores(Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4]));
            var actual = Analyzer.Value.PolarityScores(f[5]);
            rows++;
            if (expected == actual) exact++;
            if (!Close(expected.Negative, actual.Negative) || !Close(expected.Neutral, actual.Neutral)
                || !Close(expected.Positive, actual.Positive) || !Close(expected.Compound, actual.Compound))
                mismatches.Add($"{f[0]}: expected {expected}, got {actual}: {f[5]}");
        }
        output.WriteLine($"agreement {rows - mismatches.Count}/{rows} = {(rows - mismatches.Count) / (double)rows:P3}; bit-identical {exact}");
        foreach (var m in mismatches.Take(30)) output.WriteLine(m);
        Assert.Equal(7515, rows);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }

    [Theory]
    [InlineData("tweets", 0.872)]
    [InlineData("movieReviewSnippets", 0.428)]
    [InlineData("amazonReviewSnippets", 0.590)]
    [InlineData("nytEditorialSnippets", 0.503)]
    public void Compound_correlates_with_human_ratings_as_published(string corpus, double published)
    {
        var path = SharedData.Path("vader", "hutto_ICWSM_2014", corpus + "_GroundTruth.txt");
        var human = new List<double>();
        var vader = new List<double>();
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split('\t', 3);
            if (f.Length < 3) continue;
            human.Add(Parse(f[1]));
            vader.Add(Analyzer.Value.PolarityScores(f[2]).Compound);
        }
        var r = Pearson(human, vader);
        output.WriteLine($"{corpus}: n={human.Count} r={r:F4} (published {published})");
        Assert.InRange(r, published - 0.01, published + 0.01);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-3 + 1e-9;

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
