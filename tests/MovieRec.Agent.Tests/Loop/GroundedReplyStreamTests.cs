using Microsoft.Extensions.Logging.Abstractions;
using MovieRec.Agent.Loop;
using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;

namespace MovieRec.Agent.Tests.Loop;

/// <summary>The grounding of a streamed reply: the user sees prose at once, and in the end exactly what the saved reply says.</summary>
public class GroundedReplyStreamTests
{
    private static readonly MovieCatalog Catalog =
        new([new Movie(1, "Heat", 1995, ["Crime"]), new Movie(2, "Casino", 1995, ["Crime"]), new Movie(3, "Toy Story", 1995, ["Animation"])]);

    private static readonly HashSet<int> Picks = [1, 2];

    private static GroundedReplyStream Stream() => new(Catalog) { GroundedIds = Picks };

    [Theory]
    [InlineData("Two picks:\n\n1. **Heat (1995)**: the heist.\n2. **Toy Story (1995)**: not picked.\n3. **The Vault Job** (2031): invented.\n"
        + "- **Casino** (1995) - also Scorsese.\nEnjoy **Heat**!")]
    [InlineData("1. **Toy Story (1995)**: the first line dropped\nthen prose\n")]
    [InlineData("Intro\n\n2. **Toy Story (1995)**: the last line dropped")]
    [InlineData("1995 was a good year.\n* a bullet without bold\n  - **Casino**\n\n")]
    [InlineData("")]
    public void WhateverTheSplit_TheStreamAddsUpToTheGroundedReply(string text)
    {
        var expected = ReplyGrounding.DropUngroundedItems(text, Picks, Catalog, NullLogger.Instance);
        foreach (var size in new[] { 1, 2, 3, 7, 1000 })
        {
            var stream = Stream();
            var shown = string.Concat(text.Chunk(size).Select(piece => stream.Push(new string(piece)))) + stream.Complete();
            Assert.Equal(expected, shown);
            Assert.DoesNotContain("Toy St", shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ProseGoesOutAtOnce_AListItemIsHeldUntilItsLineEnds_ThenShownOnlyIfGrounded()
    {
        var stream = Stream();

        Assert.Equal("Here are", stream.Push("Here are"));
        Assert.Equal(" two:", stream.Push(" two:\n1. **He")); // the newline waits for the next line that is shown
        Assert.Equal("", stream.Push("at (19"));
        Assert.Equal("\n1. **Heat (1995)**: tense.", stream.Push("95)**: tense.\n2. **Toy St"));
        Assert.Equal("", stream.Push("ory (1995)**: not a pick.\n")); // dropped, with its newline
        Assert.Equal("\nEnjoy!", stream.Push("Enjoy!"));
        Assert.Equal("", stream.Complete());
    }

    [Fact]
    public void ALastLineWithoutNewline_IsJudgedWhenTheReplyCompletes()
    {
        var dropped = Stream();
        Assert.Equal("Intro", dropped.Push("Intro\n- **Toy Story**: no"));
        Assert.Equal("", dropped.Complete());

        var kept = Stream();
        Assert.Equal("", kept.Push("- **Casino**: yes"));
        Assert.Equal("- **Casino**: yes", kept.Complete());
    }

    [Fact]
    public void ALineIsJudgedAgainstThePicksKnownWhenItEnds()
    {
        var stream = new GroundedReplyStream(Catalog);

        Assert.Equal("", stream.Push("1. **Heat**: tense"));
        stream.GroundedIds = new HashSet<int> { 1 }; // the picks arrive while the line is held
        Assert.Equal("1. **Heat**: tense", stream.Push("\n"));
    }
}
