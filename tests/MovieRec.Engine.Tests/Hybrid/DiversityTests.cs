using MovieRec.Engine.Hybrid;

namespace MovieRec.Engine.Tests.Hybrid;

public sealed class DiversityTests
{
    [Theory]
    [InlineData("Toy Story", "Toy Story 2")]
    [InlineData("Toy Story 2", "Toy Story 3")]
    [InlineData("Star Wars: Episode IV - A New Hope", "Star Wars: Episode V - The Empire Strikes Back")]
    [InlineData("The Godfather", "The Godfather: Part II")]
    [InlineData("Die Hard 2", "Die Hard: With a Vengeance")]
    [InlineData("Rocky", "Rocky IV")]
    [InlineData("Amélie", "AMELIE")]
    [InlineData("Alien³ (a.k.a. Alien 3)", "Alien: Covenant")]
    [InlineData("Alien 3", "Alien")]
    public void Sequels_share_a_franchise_key(string first, string second) => Assert.Equal(Franchise.Key(first), Franchise.Key(second));

    [Theory]
    [InlineData("Alien", "Aliens")]
    [InlineData("Heat", "Casino")]
    [InlineData("The Matrix", "The Matrix Reloaded")] // no numeral: told apart (the rule errs on letting movies in)
    public void Different_titles_keep_different_keys(string first, string second) => Assert.NotEqual(Franchise.Key(first), Franchise.Key(second));

    [Theory]
    [InlineData("The Matrix", "matrix")] // a roman numeral counts only after a space
    [InlineData("Se7en", "se7en")]
    [InlineData("Alien³", "alien")]
    public void Keys_drop_only_a_sequel_number(string title, string key) => Assert.Equal(key, Franchise.Key(title));

    private sealed record Item(string Name, double Relevance, string Franchise);

    private static readonly Item[] Items = [new("a", 1.0, "x"), new("b", 0.9, "x"), new("c", 0.8, "y"), new("d", 0.7, "z")];

    private static string Pick(IReadOnlyList<Item> items, int k, double lambda = 1, Func<Item, Item, double>? similarity = null,
        bool franchiseRule = true, int window = 5) =>
        string.Concat(Diversity.Select(items, k, lambda, i => i.Relevance, similarity ?? ((_, _) => 0),
            franchiseRule ? i => i.Franchise : null, window).Select(i => i.Name));

    [Fact]
    public void Relevance_alone_keeps_the_order_of_relevance_whatever_the_input_order()
    {
        Assert.Equal("abcd", Pick(Items, 4, franchiseRule: false));
        Assert.Equal("abcd", Pick([.. Items.Reverse()], 4, franchiseRule: false));
        Assert.Equal("ab", Pick(Items, 2, franchiseRule: false));
        Assert.Equal("abcd", Pick(Items, 10, franchiseRule: false)); // asking for more than there are
    }

    [Fact]
    public void A_second_entry_of_a_franchise_waits_until_the_window_is_full()
    {
        Assert.Equal("acd", Pick(Items, 3));             // b shares a's franchise: passed over in the top 5
        Assert.Equal("acdb", Pick(Items, 4));            // and comes back when nothing else is left
        Assert.Equal("abc", Pick(Items, 3, window: 1));  // past the window the rule no longer applies
    }

    [Fact]
    public void Only_one_franchise_left_relaxes_the_rule_rather_than_returning_fewer()
    {
        Item[] saga = [new("a", 1.0, "x"), new("b", 0.9, "x"), new("c", 0.8, "x")];
        Assert.Equal("abc", Pick(saga, 3));
    }

    [Fact]
    public void Mmr_passes_over_a_near_duplicate_of_what_is_picked()
    {
        double Similarity(Item p, Item q) => (p.Name, q.Name) is ("a", "b") or ("b", "a") ? 1 : 0;
        Assert.Equal("abc", Pick(Items, 3, lambda: 1, similarity: Similarity, franchiseRule: false));
        // lambda 0.5: b scores 0.5 * 0.9 - 0.5 * 1 = -0.05 once a is picked, c scores 0.4
        Assert.Equal("acd", Pick(Items, 3, lambda: 0.5, similarity: Similarity, franchiseRule: false));
    }
}
