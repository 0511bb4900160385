using System.Text;
using System.Text.RegularExpressions;

namespace MovieRec.Agent.Prompts;

/// <summary>
/// A Markdown template with <c>{{placeholder}}</c> slots. Rendering needs exactly the template's
/// placeholders: a missing value or a value for an unknown placeholder is a <see cref="PromptException"/>,
/// never a silent blank.
/// </summary>
public sealed partial class PromptTemplate
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex PlaceholderPattern();

    private PromptTemplate(string name, string text, IReadOnlySet<string> placeholders)
    {
        Name = name;
        Text = text;
        Placeholders = placeholders;
    }

    /// <summary>The template's name (its file name without .md).</summary>
    public string Name { get; }

    public string Text { get; }

    /// <summary>The placeholder names used in the text.</summary>
    public IReadOnlySet<string> Placeholders { get; }

    public static PromptTemplate Parse(string name, string text)
    {
        var names = PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return new PromptTemplate(name, text, names);
    }

    /// <exception cref="PromptException">A placeholder has no value, or a value names no placeholder.</exception>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var missing = Placeholders.Where(p => !values.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var unknown = values.Keys.Where(k => !Placeholders.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            var problems = new StringBuilder($"Prompt '{Name}': ");
            if (missing.Count > 0) problems.Append($"no value for {{{{{string.Join("}}, {{", missing)}}}}}. ");
            if (unknown.Count > 0) problems.Append($"unknown placeholder(s) {string.Join(", ", unknown)} (the template uses: {string.Join(", ", Placeholders.Order(StringComparer.Ordinal))}).");
            throw new PromptException(problems.ToString().Trim());
        }
        return PlaceholderPattern().Replace(Text, m => values[m.Groups[1].Value]);
    }

    public string Render(params (string Name, string Value)[] values) =>
        Render(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
}

/// <summary>A prompt template is missing, malformed, or rendered with the wrong values.</summary>
public sealed class PromptException : Exception
{
    public PromptException(string message) : base(message) { }
    public PromptException(string message, Exception innerException) : base(message, innerException) { }
    public PromptException() { }
}
