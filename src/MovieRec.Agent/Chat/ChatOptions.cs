using System.ComponentModel.DataAnnotations;

namespace MovieRec.Agent.Chat;

/// <summary>Conversation settings (appsettings.json section "Chat").</summary>
public sealed class ChatServiceOptions
{
    public const string Section = "Chat";

    /// <summary>History sent to the model is trimmed to about this many tokens, newest first.</summary>
    [Range(200, 200_000)] public int HistoryTokenBudget { get; set; } = 3000;
    [Range(1, 20)] public int DefaultK { get; set; } = 5;
    public const int MaxK = 20;
}
