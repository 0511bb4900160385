using System.Globalization;
using System.Text.Json.Serialization;
using MovieRec.Agent.Chat;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>How recommendations look in a terminal: a table of title, year, genres and why.</summary>
public static class RecommendationView
{
    public static Table Table(IReadOnlyList<MovieRecommendation> movies, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("Title")
            .AddColumn(new TableColumn("Year").RightAligned())
            .AddColumn("Genres")
            .AddColumn("Why");
        if (title is not null) table.Title(Markup.Escape(title));
        for (var i = 0; i < movies.Count; i++)
        {
            var m = movies[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(m.Title),
                m.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(string.Join(", ", m.Genres)),
                Markup.Escape(Why(m)));
        }
        return table;
    }

    /// <summary>The first two facts, which is what fits on one line.</summary>
    public static string Why(MovieRecommendation movie) => string.Join("; ", movie.Reasons.Take(2));

    public static string Display(MovieRecommendation movie) => movie.Year is { } y ? $"{movie.Title} ({y})" : movie.Title;
}

/// <summary>The --json output of recommend, similar and search.</summary>
public sealed record RecommendationsOutput(string Command, int? UserId, string? Query, int? SeedMovieId, string? SeedTitle, IReadOnlyList<MovieRecommendation> Recommendations);

/// <summary>JSON for people and scripts: indented, apostrophes and accents as they are.</summary>
internal static class CommandsJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(CommandsJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Options);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecommendationsOutput))]
[JsonSerializable(typeof(ChatResponse))]
internal sealed partial class CommandsJsonContext : JsonSerializerContext;
