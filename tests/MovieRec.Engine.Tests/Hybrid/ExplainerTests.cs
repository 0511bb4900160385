using MovieRec.Engine.Hybrid;

namespace MovieRec.Engine.Tests.Hybrid;

public sealed class ExplainerTests
{
    [Theory]
    [InlineData("When Dr. Indiana Jones is hired by the government, he races the Nazis. Then more.", "When Dr. Indiana Jones is hired by the government, he races the Nazis.")]
    [InlineData("Insane General Jack D. Ripper orders a strike. The rest.", "Insane General Jack D. Ripper orders a strike.")]
    [InlineData("Corky St. Clair directs a pageant! And so on.", "Corky St. Clair directs a pageant!")]
    [InlineData("A score of 3.5 stars. Next.", "A score of 3.5 stars.")]
    [InlineData("No full stop at all", "No full stop at all")]
    public void The_first_sentence_does_not_end_at_a_title_an_initial_or_a_decimal_point(string overview, string expected) =>
        Assert.Equal(expected, Explainer.FirstSentence(overview));
}
