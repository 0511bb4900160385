using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Prompts;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Prompts;

public class PromptTemplateTests
{
    [Fact]
    public void Render_FillsEveryPlaceholder_IncludingSpacedOnes()
    {
        var template = PromptTemplate.Parse("t", "Hi {{name}}, you like {{ genres }}. Bye {{name}}.");
        Assert.Equal(["genres", "name"], template.Placeholders.Order());
        Assert.Equal("Hi Ann, you like Drama. Bye Ann.", template.Render(("name", "Ann"), ("genres", "Drama")));
    }

    [Fact]
    public void Render_WithAMissingValue_Throws()
    {
        var error = Assert.Throws<PromptException>(() => PromptTemplate.Parse("t", "{{a}} {{b}}").Render(("a", "1")));
        Assert.Contains("{{b}}", error.Message);
    }

    [Fact]
    public void Render_WithAValueForAnUnknownPlaceholder_Throws()
    {
        var error = Assert.Throws<PromptException>(() => PromptTemplate.Parse("t", "{{a}}").Render(("a", "1"), ("typo", "2")));
        Assert.Contains("typo", error.Message);
    }

    [Fact]
    public void TheShippedPrompts_LoadAndRender()
    {
        var prompts = PromptLibrary.Load(Path.Combine(SharedData.RepoRoot, "prompts"));

        var system = prompts.System.Render(("profile", "Loves Sci-Fi."), ("preferences", "No horror."), ("count", "7"));
        Assert.Contains("Loves Sci-Fi.", system);
        Assert.Contains("No horror.", system);
        Assert.Contains("7 movies unless", system);
        Assert.Contains("present_recommendations", system);
        Assert.DoesNotContain("{{", system);
        Assert.Contains("Ann", prompts.Email.Render(("name", "Ann"), ("profile", "Likes comedies.")));
        Assert.Contains("- 7", prompts.Repair.Render(("ungrounded", "- 7"), ("allowed", "- 1: Heat")));
    }

    [Fact]
    public void Load_RejectsUnknownAndUnusedPlaceholders_AndMissingFiles_NamingTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "system.md"), "{{profile}} {{preferenses}}");
        File.WriteAllText(Path.Combine(dir.Path, "repair.md"), "{{ungrounded}} {{allowed}}");

        var error = Assert.Throws<PromptException>(() => PromptLibrary.Load(dir.Path));

        Assert.Contains("system.md: unknown placeholder(s) {{preferenses}}", error.Message);
        Assert.Contains("system.md: declared placeholder(s) never used: preferences", error.Message);
        Assert.Contains("email.md: file not found", error.Message);
        Assert.DoesNotContain("repair.md", error.Message);
    }

    [Fact]
    public void Load_OfAMissingFolder_SaysWhereItLooked()
    {
        var error = Assert.Throws<PromptException>(() => PromptLibrary.Load("no-such-prompt-folder-xyz"));
        Assert.Contains("Prompts:Folder", error.Message);
    }

    private static ServiceProvider Services(string promptFolder, TempDir temp) => new ServiceCollection().AddLogging()
        .AddMovieRecServices(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Prompts:Folder"] = promptFolder,
            ["Stores:Path"] = temp.File("movierec.db"),
        }).Build())
        .BuildServiceProvider();

    [Fact]
    public void The_service_is_the_library_start_up_validation_loaded_so_the_files_are_read_once()
    {
        using var temp = new TempDir();
        var folder = Path.Combine(temp.Path, "prompts");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SharedData.RepoRoot, "prompts")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        using var services = Services(folder, temp);

        services.GetRequiredService<IStartupValidator>().Validate(); // what a host does when it starts
        File.WriteAllText(Path.Combine(folder, "repair.md"), "changed after start-up: {{ungrounded}} {{allowed}}");

        var repair = services.GetRequiredService<PromptLibrary>().Repair.Render(("ungrounded", "- 7"), ("allowed", "- 1: Heat"));
        Assert.StartsWith("Some of the movies you presented", repair, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_prompts_fail_the_start_up_validation_and_the_service_with_the_loader_s_message()
    {
        using var temp = new TempDir();
        using var services = Services(temp.Path, temp); // no templates there

        var atStart = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("system.md: file not found.", atStart.Message, StringComparison.Ordinal);
        var resolved = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<PromptLibrary>());
        Assert.Contains("email.md: file not found.", resolved.Message, StringComparison.Ordinal);
    }
}
