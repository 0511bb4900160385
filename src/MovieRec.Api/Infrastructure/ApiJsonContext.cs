using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Service;
using MovieRec.Api.Models;

namespace MovieRec.Api.Infrastructure;

/// <summary>Source-generated JSON metadata for every type the API reads or writes (camelCase, enums as strings).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChatRequestBody))]
[JsonSerializable(typeof(ChatResponse))]
[JsonSerializable(typeof(ChatDelta))]
[JsonSerializable(typeof(MovieDetails))]
[JsonSerializable(typeof(IReadOnlyList<MovieRecommendation>))]
[JsonSerializable(typeof(FeedbackBody))]
[JsonSerializable(typeof(FeedbackRecorded))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(EmailMessage))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
