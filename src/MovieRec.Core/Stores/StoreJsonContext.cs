using System.Text.Json.Serialization;

namespace MovieRec.Core.Stores;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatedPreferences))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
