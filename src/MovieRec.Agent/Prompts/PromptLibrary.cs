using Microsoft.Extensions.Options;

namespace MovieRec.Agent.Prompts;

/// <summary>Where the prompt templates live; bound from the appsettings section <c>Prompts</c>.</summary>
public sealed class PromptOptions
{
    public const string SectionName = "Prompts";

    /// <summary>Folder with system.md, repair.md, email.md; relative paths are tried from the working directory, then upwards from the app's folder.</summary>
    public string Folder { get; set; } = "prompts";
}

/// <summary>Loads the templates when options are validated (at start-up with ValidateOnStart): a missing folder,
/// file or placeholder stops the start instead of failing the first request.</summary>
internal sealed class PromptOptionsValidator : IValidateOptions<PromptOptions>
{
    public ValidateOptionsResult Validate(string? name, PromptOptions options)
    {
        try
        {
            PromptLibrary.Load(PromptLibrary.ResolveFolder(options.Folder));
            return ValidateOptionsResult.Success;
        }
        catch (PromptException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}

/// <summary>
/// The prompt templates, loaded once at start-up from a folder and checked against the placeholders each
/// one declares (<see cref="Declared"/>): a missing file, an unknown placeholder or a declared one the
/// text never uses fails the load with a message naming the file.
/// </summary>
public sealed class PromptLibrary
{
    public const string SystemName = "system";
    public const string RepairName = "repair";
    public const string EmailName = "email";

    /// <summary>Every template and the placeholders it must use, no more, no less.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Declared = new Dictionary<string, string[]>
    {
        [SystemName] = ["profile", "preferences", "count"],
        [RepairName] = ["ungrounded", "allowed"],
        [EmailName] = ["name", "profile"],
    };

    private readonly Dictionary<string, PromptTemplate> _templates;

    private PromptLibrary(string folder, Dictionary<string, PromptTemplate> templates)
    {
        Folder = folder;
        _templates = templates;
    }

    public string Folder { get; }

    /// <summary>The assistant's role and rules: {{profile}}, {{preferences}}.</summary>
    public PromptTemplate System => _templates[SystemName];

    /// <summary>The grounding correction: {{ungrounded}}, {{allowed}}.</summary>
    public PromptTemplate Repair => _templates[RepairName];

    /// <summary>The personalized email request: {{name}}, {{profile}}.</summary>
    public PromptTemplate Email => _templates[EmailName];

    public PromptTemplate this[string name] => _templates.TryGetValue(name, out var t) ? t
        : throw new PromptException($"No prompt template '{name}' (known: {string.Join(", ", _templates.Keys)}).");

    /// <exception cref="PromptException">The folder or a file is missing, or a template's placeholders differ from the declared ones (all problems listed).</exception>
    public static PromptLibrary Load(string folder, IReadOnlyDictionary<string, string[]>? declared = null)
    {
        declared ??= Declared;
        var resolved = ResolveFolder(folder);
        var templates = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, variables) in declared)
        {
            var path = Path.Combine(resolved, name + ".md");
            if (!File.Exists(path))
            {
                problems.Add($"{path}: file not found.");
                continue;
            }
            var template = PromptTemplate.Parse(name, File.ReadAllText(path));
            var unknown = template.Placeholders.Except(variables).Order(StringComparer.Ordinal).ToList();
            var unused = variables.Except(template.Placeholders).ToList();
            if (unknown.Count > 0) problems.Add($"{path}: unknown placeholder(s) {{{{{string.Join("}}, {{", unknown)}}}}}; allowed: {string.Join(", ", variables)}.");
            if (unused.Count > 0) problems.Add($"{path}: declared placeholder(s) never used: {string.Join(", ", unused)}.");
            templates[name] = template;
        }
        if (problems.Count > 0) throw new PromptException("Invalid prompt templates: " + string.Join(" ", problems));
        return new PromptLibrary(resolved, templates);
    }

    /// <summary>An absolute folder as is; a relative one from the working directory, else the nearest match above the app's folder.</summary>
    public static string ResolveFolder(string folder)
    {
        if (Path.IsPathRooted(folder))
            return Directory.Exists(folder) ? folder : throw new PromptException($"Prompt folder '{folder}' does not exist.");
        var fromCwd = Path.GetFullPath(folder);
        if (Directory.Exists(fromCwd)) return fromCwd;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new PromptException($"Prompt folder '{folder}' not found (looked in {Directory.GetCurrentDirectory()} and above {AppContext.BaseDirectory}); set Prompts:Folder.");
    }
}
