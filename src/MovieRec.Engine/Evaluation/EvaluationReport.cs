using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieRec.Engine.Evaluation;

/// <summary>The report of one evaluation run, in EVALUATION.md's JSON format (snake_case; metric names as written there).</summary>
public sealed class EvaluationReport
{
    public required string Dataset { get; init; }
    public required string Protocol { get; init; }
    public required int Seed { get; init; }
    public int K { get; init; } = 10;
    public required MachineInfo Machine { get; init; }
    public DateTimeOffset Date { get; init; } = DateTimeOffset.UtcNow;
    public string? Notes { get; init; }
    public List<ModelResult> Results { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJsonContext.Default.EvaluationReport);

    public static EvaluationReport FromJson(string json)
        => JsonSerializer.Deserialize(json, EvaluationJsonContext.Default.EvaluationReport) ?? throw new InvalidDataException("Empty evaluation report.");

    /// <summary>A Markdown summary: one table, a row per model.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"# {Protocol} on {Dataset}\n\nSeed {Seed}, K = {K}, {Machine.Cores} cores, {Machine.Os}, .NET {Machine.Runtime}, {Date:yyyy-MM-dd HH:mm} UTC.\n\n");
        if (Notes is not null) sb.Append(Notes).Append("\n\n");
        var metrics = Results.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        sb.Append("| model | fit s | ").Append(string.Join(" | ", metrics)).Append(" |\n");
        sb.Append("|---|---:|").Append(string.Concat(metrics.Select(_ => "---:|"))).Append('\n');
        foreach (var r in Results)
        {
            sb.Append(c, $"| {r.Model} | {r.FitSeconds:0.###} | ");
            sb.Append(string.Join(" | ", metrics.Select(m => r.Metrics.TryGetValue(m, out var v)
                ? v.ToString("0.0000", c) + (r.Spread is not null && r.Spread.TryGetValue(m, out var s) ? " ± " + s.ToString("0.0000", c) : "")
                : "")));
            sb.Append(" |\n");
        }
        var cold = Results.Where(r => r.ColdStart is not null).ToList();
        if (cold.Count > 0)
        {
            var coldMetrics = cold.SelectMany(r => r.ColdStart!.Keys).Distinct().ToList();
            sb.Append("\nCold-start slice (users with at most 5 training ratings):\n\n| model | ").Append(string.Join(" | ", coldMetrics)).Append(" |\n|---|");
            sb.Append(string.Concat(coldMetrics.Select(_ => "---:|"))).Append('\n');
            foreach (var r in cold)
                sb.Append(c, $"| {r.Model} | ").Append(string.Join(" | ", coldMetrics.Select(m => r.ColdStart!.TryGetValue(m, out var v) ? v.ToString("0.0000", c) : ""))).Append(" |\n");
        }
        return sb.ToString();
    }
}

public sealed class ModelResult
{
    public required string Model { get; init; }
    public Dictionary<string, string> Params { get; init; } = [];
    /// <summary>Mean fit time per fold (or of the single fit).</summary>
    public double FitSeconds { get; init; }
    public Dictionary<string, double> Metrics { get; init; } = [];
    /// <summary>Standard deviation over folds (rating-kfold).</summary>
    public Dictionary<string, double>? Spread { get; init; }
    /// <summary>The cold-start slice (ranking-holdout).</summary>
    public Dictionary<string, double>? ColdStart { get; init; }
    public int? UsersEvaluated { get; init; }
    public int? UsersSkipped { get; init; }
    public string? Note { get; init; }
}

public sealed record MachineInfo(int Cores, string Os, string Runtime)
{
    public static MachineInfo Current => new(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription, Environment.Version.ToString());
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluationReport))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
