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
}
