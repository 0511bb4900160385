using System.Text.Json.Serialization;

namespace MovieRec.Cli.Datasets;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(DatasetManifest))]
[JsonSerializable(typeof(DataInfo))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>TMDB's snake_case payloads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TmdbMovie))]
internal sealed partial class TmdbJsonContext : JsonSerializerContext;
